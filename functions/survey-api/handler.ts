/**
 * Public survey routes: the survey page (GET never records), answering it by form or JSON,
 * `POST /responses`, and the unsubscribe link of invitation emails (GET asks, POST opts out).
 * Answers are stored, then queued; the processor does the rest.
 */

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { DomainError, ExpiredError, UnauthorizedError } from '../domain/errors';
import { createContainer } from '../platform/container';
import {
  errorResult,
  type HttpEvent,
  html,
  isFormPost,
  json,
  parseBody,
  type RouteHandler,
  rawBody,
  routeTable,
} from '../platform/http';
import { logger } from '../platform/observability';
import { answerSurvey, openSurvey } from '../use-cases/answer-survey';
import { openUnsubscribe, unsubscribe } from '../use-cases/unsubscribe';
import { problemPage, surveyPage, thanksPage, unsubscribedPage, unsubscribePage } from './pages';
import { answerSchema, formAnswerSchema, previewScore, responseSchema, tokenOf } from './schemas';

const container = createContainer();

const deps = async () => ({
  invitations: container.store(),
  responses: container.store(),
  queue: container.queue(),
  clock: container.clock,
  tokenKeys: await container.tokenKeys(),
});

/** People see pages, not JSON: a bad link gets a clear page with the same status code. */
function pageError(error: unknown) {
  if (error instanceof ExpiredError) return html(410, problemPage('expired'));
  if (error instanceof UnauthorizedError) return html(401, problemPage('invalid'));
  return errorResult(error);
}

/** A route people open in a browser: its errors are pages too. */
const asPage =
  (route: RouteHandler): RouteHandler =>
  async (event) => {
    try {
      return await route(event);
    } catch (error) {
      return pageError(error);
    }
  };

const routes = routeTable({
  'GET /healthz': async () => json(200, { ok: true }),

  'GET /s/{token}': async (event) => {
    try {
      const token = tokenOf(event);
      const invitation = await openSurvey(await deps(), token);
      return html(200, surveyPage({ invitation, token, score: previewScore(event) }));
    } catch (error) {
      return pageError(error);
    }
  },

  'POST /s/{token}': async (event) => (isFormPost(event) ? answerByForm(event) : answerByJson(event)),

  'POST /responses': async (event) => {
    const { token, ...answer } = parseBody(event, responseSchema);
    const invitation = await answerSurvey(await deps(), token, answer);
    return json(202, { invitationId: invitation.invitationId });
  },

  'GET /u/{token}': asPage(async (event) => {
    const token = tokenOf(event);
    const invitation = await openUnsubscribe(await deps(), token);
    return html(200, unsubscribePage(token, invitation.locale));
  }),

  // RFC 8058 one-click POSTs carry `List-Unsubscribe=One-Click`; the body says nothing more, so
  // any body (or none, or another content type) unsubscribes.
  'POST /u/{token}': asPage(async (event) => {
    const invitation = await unsubscribe(await deps(), tokenOf(event));
    logger.info('Unsubscribed', { invitationId: invitation.invitationId });
    return html(200, unsubscribedPage(invitation.locale));
  }),
});

async function answerByJson(event: HttpEvent) {
  const answer = parseBody(event, answerSchema);
  const invitation = await answerSurvey(await deps(), tokenOf(event), answer);
  return json(200, { invitationId: invitation.invitationId, status: 'received' });
}

async function answerByForm(event: HttpEvent) {
  const token = tokenOf(event);
  try {
    const answer = parseBody(event, formAnswerSchema, true);
    const invitation = await answerSurvey(await deps(), token, answer);
    return html(200, thanksPage(invitation.locale));
  } catch (error) {
    if (!(error instanceof DomainError) || error.name !== 'ValidationError') return pageError(error);
    // Show the form again with the problem, keeping what the customer typed.
    const invitation = await openSurvey(await deps(), token).catch(() => undefined);
    if (!invitation) return pageError(new UnauthorizedError());
    const typed = new URLSearchParams(rawBody(event)).get('comment') ?? undefined;
    return html(
      400,
      surveyPage({ invitation, token, comment: typed, error: error.message.replace(/^[\w.]+: /, '') }),
    );
  }
}

export const handler = middy(routes).use(injectLambdaContext(logger));
