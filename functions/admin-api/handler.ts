/**
 * Admin routes: record interactions, NPS, response rates, exports (CSV and JSON Lines, synchronous
 * and asynchronous), recovery cases, customer erasure and, in the local runtime only, the outbox.
 * Every route is authenticated first, except the static shells of the care page (`GET /care`) and
 * the dashboard (`GET /dashboard`), which hold no data and call the authenticated routes themselves
 * (a browser navigation cannot send a bearer token), and the local runtime's export download route
 * (`GET /exports/{exportId}/file`), whose signed, expiring link is its credential as a presigned
 * S3 URL's is.
 */

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { NotFoundError } from '../domain/errors';
import type { RecoveryCase } from '../domain/model';
import { createContainer } from '../platform/container';
import {
  type HttpEvent,
  json,
  parseBody,
  type RouteHandler,
  requireAdmin,
  routeTable,
  streamed,
  validate,
} from '../platform/http';
import { logger } from '../platform/observability';
import { exportNow, openExportFile } from '../use-cases/deliver-export';
import { eraseCustomer } from '../use-cases/erase-customer';
import type { ExportFormat } from '../use-cases/export-responses';
import { requestFollowUp } from '../use-cases/follow-up-case';
import { listCases, updateCase } from '../use-cases/manage-cases';
import { recordInteraction } from '../use-cases/record-interaction';
import { reportNps } from '../use-cases/report-nps';
import { reportRates } from '../use-cases/report-rates';
import { reportRecovery } from '../use-cases/report-recovery';
import { reportThemes } from '../use-cases/report-themes';
import { exportStatus, startExport } from '../use-cases/run-export';
import { carePage } from './care-page';
import { dashboardPage } from './dashboard-page';
import {
  caseIdSchema,
  casePatchSchema,
  caseStatusQuerySchema,
  customerIdSchema,
  exportIdSchema,
  exportRequestSchema,
  interactionSchema,
  npsQuerySchema,
  rangeSchema,
  ratesQuerySchema,
  recoveryReportQuerySchema,
  themesQuerySchema,
} from './schemas';

const container = createContainer();
const { config, clock } = container;

const admin =
  (route: RouteHandler): RouteHandler =>
  async (event, context) => {
    await requireAdmin(event, config, container.adminJwt());
    return route(event, context);
  };

const query = (event: HttpEvent) => event.queryStringParameters ?? {};

/** What creating an invitation needs: for interactions and for recovery follow-ups alike. */
const invitationDeps = async () => ({
  store: container.store(),
  queue: container.queue(),
  clock,
  tokenKeys: await container.tokenKeys(),
  publicUrl: container.publicUrl(),
  tokenTtlDays: config.LIFELINE_TOKEN_TTL_DAYS,
  rules: container.fatigueRules(),
});

const routes = routeTable({
  'GET /care': async () => carePage(),
  'GET /dashboard': async () => dashboardPage(),

  'POST /interactions': admin(async (event) => {
    const interaction = parseBody(event, interactionSchema);
    const result = await recordInteraction(await invitationDeps(), interaction);
    return json(result.created ? 202 : 200, result.body);
  }),

  'GET /nps': admin(async (event) => {
    const { minResponses, ...rest } = validate(npsQuerySchema, query(event));
    const threshold = minResponses ?? config.LIFELINE_NPS_MIN_RESPONSES;
    return json(200, await reportNps(container.store(), { ...rest, minResponses: threshold }));
  }),

  'GET /response-rates': admin(async (event) => {
    const ratesQuery = validate(ratesQuerySchema, query(event));
    return json(200, await reportRates(container.store(), ratesQuery));
  }),

  'GET /exports/responses.csv': admin((event, context) => exportResponsesNow(event, context, 'csv')),
  'GET /exports/responses.jsonl': admin((event, context) => exportResponsesNow(event, context, 'jsonl')),

  'POST /exports': admin(async (event) => {
    const request = parseBody(event, exportRequestSchema);
    const deps = { jobs: container.exportJobs(), queue: container.queue(), clock };
    return json(202, await startExport(deps, request));
  }),

  'GET /exports/{exportId}': admin(async (event) => {
    const { exportId } = validate(exportIdSchema, event.pathParameters ?? {});
    const deps = {
      jobs: container.exportJobs(),
      storage: container.exportStorage(),
      clock,
      urlMinutes: config.LIFELINE_EXPORT_URL_MINUTES,
    };
    return json(200, await exportStatus(deps, exportId));
  }),

  // Local only: the signed, expiring download link of an export file (S3 presigned URLs on AWS).
  'GET /exports/{exportId}/file': async (event) => {
    const exportId = event.pathParameters?.exportId ?? '';
    const file = await openExportFile(container.exportStorage(), exportId, query(event));
    return streamed(
      200,
      {
        'content-type': file.contentType,
        'content-length': String(file.bytes),
        'content-disposition': `attachment; filename="${file.fileName}"`,
        'cache-control': 'no-store',
      },
      file.body,
    );
  },

  'GET /themes': admin(async (event) => {
    const themesQuery = validate(themesQuerySchema, query(event));
    return json(
      200,
      await reportThemes(
        { store: container.store() },
        { ...themesQuery, minResponses: config.LIFELINE_NPS_MIN_RESPONSES },
      ),
    );
  }),

  'GET /cases': admin(async (event) => {
    const { status } = validate(caseStatusQuerySchema, query(event));
    const cases = await listCases(container.store(), status);
    return json(200, { cases: cases.map(caseView) });
  }),

  'GET /cases/report': admin(async (event) => {
    const reportQuery = validate(recoveryReportQuerySchema, query(event));
    return json(200, await reportRecovery({ store: container.store(), clock }, reportQuery));
  }),

  'POST /cases/{caseId}/follow-up': admin(async (event) => {
    const { caseId } = validate(caseIdSchema, event.pathParameters ?? {});
    const result = await requestFollowUp(await invitationDeps(), caseId);
    return json(result.created ? 202 : 200, result.body);
  }),

  'GET /cases/{caseId}': admin(async (event) => {
    const { caseId } = validate(caseIdSchema, event.pathParameters ?? {});
    const found = await container.store().getCase(caseId);
    if (!found) throw new NotFoundError(`No case ${caseId}.`);
    return json(200, caseView(found));
  }),

  'PATCH /cases/{caseId}': admin(async (event) => {
    const { caseId } = validate(caseIdSchema, event.pathParameters ?? {});
    const update = parseBody(event, casePatchSchema);
    const updated = await updateCase({ store: container.store(), clock }, caseId, update);
    return json(200, caseView(updated));
  }),

  'DELETE /customers/{customerId}': admin(async (event) => {
    const { customerId } = validate(customerIdSchema, event.pathParameters ?? {});
    const deps = {
      store: container.store(),
      jobs: container.exportJobs(),
      storage: container.exportStorage(),
      clock,
    };
    logger.info('Customer erased', await eraseCustomer(deps, customerId));
    return json(202, { customerId, status: 'erased' });
  }),

  'GET /dev/outbox': admin(async () => {
    if (config.LIFELINE_DELIVERY !== 'outbox')
      throw new NotFoundError('The outbox exists only in the local runtime.');
    return json(200, { messages: await container.outbox().list() });
  }),
});

/** A synchronous export, streamed (200), inline (200) or stored with a link (`303 See Other`). */
async function exportResponsesNow(event: HttpEvent, context: Context | undefined, format: ExportFormat) {
  const { from, to } = validate(rangeSchema, query(event));
  const deps = {
    store: container.store(),
    storage: container.exportStorage(),
    clock,
    streaming: config.LIFELINE_RESPONSE_STREAMING,
    inlineBytes: config.LIFELINE_EXPORT_INLINE_BYTES,
    urlMinutes: config.LIFELINE_EXPORT_URL_MINUTES,
    remainingMs: () => context?.getRemainingTimeInMillis() ?? Number.POSITIVE_INFINITY,
  };
  const result = await exportNow(deps, { from, to, format });
  const headers = {
    'content-type': result.file.contentType,
    'content-disposition': `attachment; filename="${result.file.fileName}"`,
    'cache-control': 'no-store',
  };
  if (result.kind === 'streamed') return streamed(200, headers, result.chunks);
  if (result.kind === 'inline') return { statusCode: 200, headers, body: result.body };
  const { url, urlExpiresAt, bytes } = result;
  const message =
    'The export is larger than one response can carry: download it from `url` (the Location header).';
  return json(303, { status: 'stored', message, url, urlExpiresAt, bytes }, { location: url });
}

/** The contract's case object: comment and sentiment always present (null when none). */
function caseView(c: RecoveryCase) {
  return {
    caseId: c.caseId,
    invitationId: c.invitationId,
    interactionId: c.interactionId,
    customerId: c.customerId,
    score: c.score,
    comment: c.comment ?? null,
    sentiment: c.sentiment ?? null,
    status: c.status,
    createdAt: c.createdAt,
    dueAt: c.dueAt,
    agentId: c.agentId,
    teamId: c.teamId,
    assignee: c.assignee,
    owner: c.owner,
    severity: c.severity,
    outcome: c.outcome,
    channel: c.channel,
    product: c.product,
    customerName: c.customerName,
    customerContact: c.customerContact,
    alertedAt: c.alertedAt,
    firstContactAt: c.firstContactAt,
    resolvedAt: c.resolvedAt,
    escalationLevel: c.escalationLevel,
    escalatedAt: c.escalatedAt,
    followUpScore: c.followUpScore,
    followUpAt: c.followUpAt,
    history: c.history,
  };
}

export const handler = middy(routes).use(injectLambdaContext(logger));
