/**
 * `POST /webhooks/twilio/sms`: inbound SMS from Twilio. The signature is checked against
 * LIFELINE_PUBLIC_URL + path with the account's auth token (403 when wrong or missing; 404 when
 * Twilio is not configured); the answer is TwiML with the reply to send back.
 */

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { z } from 'zod';
import { isValidTwilioRequest } from '../adapters/twilio-signature';
import { ForbiddenError, NotFoundError } from '../domain/errors';
import { escapeHtml } from '../domain/html';
import { createContainer } from '../platform/container';
import { header, rawBody, routeTable, validate } from '../platform/http';
import { logger } from '../platform/observability';
import { receiveSms } from '../use-cases/receive-sms';

const container = createContainer();

const twilioSms = z.object({
  MessageSid: z.string().min(1).max(64),
  From: z.string().regex(/^\+[1-9]\d{6,14}$/, 'From must be an E.164 number'),
  Body: z.string().max(1600).default(''),
});

const twiml = (message: string) => ({
  statusCode: 200,
  headers: { 'content-type': 'text/xml; charset=utf-8' },
  body: `<?xml version="1.0" encoding="UTF-8"?><Response><Message>${escapeHtml(message)}</Message></Response>`,
});

const routes = routeTable({
  'POST /webhooks/twilio/sms': async (event) => {
    const authToken = await container.twilioAuthToken();
    if (!authToken) throw new NotFoundError('No such route.');
    const params = Object.fromEntries(new URLSearchParams(rawBody(event)));
    const query = event.rawQueryString ? `?${event.rawQueryString}` : '';
    const url = `${container.publicUrl().replace(/\/$/, '')}${event.rawPath}${query}`;
    if (!isValidTwilioRequest(authToken, header(event, 'x-twilio-signature'), url, params)) {
      throw new ForbiddenError('The request signature is missing or wrong.');
    }
    const sms = validate(twilioSms, params);
    const { reply } = await receiveSms(
      { store: container.store(), queue: container.queue(), clock: container.clock },
      { provider: 'twilio', messageId: sms.MessageSid, from: sms.From, body: sms.Body },
    );
    logger.info('Inbound SMS', { provider: 'twilio', messageId: sms.MessageSid });
    return twiml(reply);
  },
});

export const handler = middy(routes).use(injectLambdaContext(logger));
