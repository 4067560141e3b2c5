/**
 * Admin routes: record interactions, NPS, response rates, CSV export, recovery cases, customer erasure and, in the
 * local runtime only, the outbox. Every route is authenticated first, except the static shells of
 * the care page (`GET /care`) and the dashboard (`GET /dashboard`), which hold no data and call the
 * authenticated routes themselves (a browser navigation cannot send a bearer token).
 */

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
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
  validate,
} from '../platform/http';
import { logger } from '../platform/observability';
import { exportResponsesCsv } from '../use-cases/export-responses';
import { requestFollowUp } from '../use-cases/follow-up-case';
import { listCases, updateCase } from '../use-cases/manage-cases';
import { recordInteraction } from '../use-cases/record-interaction';
import { reportNps } from '../use-cases/report-nps';
import { reportRates } from '../use-cases/report-rates';
import { reportRecovery } from '../use-cases/report-recovery';
import { reportThemes } from '../use-cases/report-themes';
import { carePage } from './care-page';
import { dashboardPage } from './dashboard-page';
import {
  caseIdSchema,
  casePatchSchema,
  caseStatusQuerySchema,
  customerIdSchema,
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
  async (event) => {
    requireAdmin(event, config);
    return route(event);
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

  'GET /exports/responses.csv': admin(async (event) => {
    const { from, to } = validate(rangeSchema, query(event));
    let body = '';
    for await (const chunk of exportResponsesCsv(container.store(), from, to)) body += chunk;
    return {
      statusCode: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="responses-${from}-${to}.csv"`,
        'cache-control': 'no-store',
      },
      body,
    };
  }),

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
    const erased = await container.store().eraseCustomer(customerId, clock.now());
    logger.info('Customer erased', { items: erased });
    return json(202, { customerId, status: 'erased' });
  }),

  'GET /dev/outbox': admin(async () => {
    if (config.LIFELINE_DELIVERY !== 'outbox')
      throw new NotFoundError('The outbox exists only in the local runtime.');
    return json(200, { messages: await container.outbox().list() });
  }),
});

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
