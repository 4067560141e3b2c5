/**
 * The HTTP edge shared by the API handlers: body limits, JSON and form parsing with zod, admin
 * authentication, and the one mapper from errors to the contract's status codes and error body.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { FetchError, JwksValidationError, JwkValidationError, JwtBaseError } from 'aws-jwt-verify/error';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { DomainError, PayloadTooLargeError, UnauthorizedError, ValidationError } from '../domain/errors';
import type { Config } from './config';
import { logger } from './observability';
import type { StreamedHttpResult } from './streamed-response';

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResult = APIGatewayProxyStructuredResultV2;

export { isStreamed, type StreamedHttpResult, streamed } from './streamed-response';

export type HttpResponse = HttpResult | StreamedHttpResult;
/** A route; `context` is Lambda's (remaining time), absent when a test calls the route alone. */
export type RouteHandler = (event: HttpEvent, context?: Context) => Promise<HttpResponse>;

/** The contract's body limit. */
export const MAX_BODY_BYTES = 64 * 1024;

const STATUS: Record<string, number> = {
  ValidationError: 400,
  UnauthorizedError: 401,
  ForbiddenError: 403,
  NotFoundError: 404,
  ConflictError: 409,
  ExpiredError: 410,
  PayloadTooLargeError: 413,
};

export const json = (
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): HttpResult => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  body: JSON.stringify(body),
});

export const html = (statusCode: number, body: string): HttpResult => ({
  statusCode,
  headers: {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy':
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  },
  body,
});

export const errorBody = (code: string, message: string) => ({ error: { code, message } });

/** Maps an error to the contract's body; anything not a domain error is a bug: 500, no details. */
export function errorResult(error: unknown): HttpResult {
  if (error instanceof DomainError) {
    return json(STATUS[error.name] ?? 400, errorBody(error.code, error.message));
  }
  logger.error('Unhandled error', {
    error: error instanceof Error ? { name: error.name, stack: error.stack } : 'unknown',
  });
  return json(500, errorBody('internal_error', 'Something went wrong on our side. Please try again later.'));
}

/** Dispatches on the API Gateway route key (`GET /s/{token}`), mapping every error in one place. */
export function routeTable(routes: Record<string, RouteHandler>, onError = errorResult) {
  return async (event: HttpEvent, context?: Context): Promise<HttpResponse> => {
    const route = routes[event.routeKey];
    if (!route) return json(404, errorBody('not_found', 'No such route.'));
    try {
      return await route(event, context);
    } catch (error) {
      return onError(error);
    }
  };
}

export function rawBody(event: HttpEvent): string {
  const raw = event.body ?? '';
  const body = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(body, 'utf8') > MAX_BODY_BYTES) {
    throw new PayloadTooLargeError('The request body is larger than 64 KB.');
  }
  return body;
}

export const header = (event: HttpEvent, name: string): string | undefined => {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {}))
    if (key.toLowerCase() === wanted) return value;
  return undefined;
};

export const isFormPost = (event: HttpEvent): boolean =>
  (header(event, 'content-type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');

/** Parses and validates a JSON body (or a form, when `allowForm` and the request is one). */
export function parseBody<S extends z.ZodType>(event: HttpEvent, schema: S, allowForm = false): z.infer<S> {
  const body = rawBody(event);
  let data: unknown;
  if (allowForm && isFormPost(event)) {
    data = Object.fromEntries(new URLSearchParams(body));
  } else {
    try {
      data = JSON.parse(body);
    } catch {
      throw new ValidationError('The request body is not valid JSON.', 'invalid_json');
    }
  }
  return validate(schema, data);
}

export function validate<S extends z.ZodType>(schema: S, data: unknown): z.infer<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  throw new ValidationError(`${where}${issue?.message ?? 'invalid request'}`);
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** aws-jwt-verify's verdict on the token itself, as opposed to a failure to fetch or read the pool's keys. */
const isTokenRejection = (error: unknown): boolean =>
  error instanceof JwtBaseError &&
  !(error instanceof FetchError) &&
  !(error instanceof JwksValidationError) &&
  !(error instanceof JwkValidationError);

/** Checks a Cognito JWT (signature against the pool's JWKS, issuer, client, expiry, token use). */
export interface JwtCheck {
  verify(token: string): Promise<unknown>;
}

/**
 * The caller of an admin route must hold the admin credential: locally the static token (compared in
 * constant time), on AWS a Cognito JWT of the admin pool verified here, in the function, so that a
 * refusal is the contract's 401 body (API Gateway's JWT authorizer answers `{"message":"Unauthorized"}`).
 */
export async function requireAdmin(event: HttpEvent, config: Config, jwt?: JwtCheck): Promise<void> {
  const given = /^Bearer\s+(.+)$/i.exec(header(event, 'authorization') ?? '')?.[1]?.trim();
  if (config.LIFELINE_ADMIN_AUTH === 'jwt') {
    if (!given || !jwt) throw new UnauthorizedError();
    try {
      await jwt.verify(given);
    } catch (error) {
      // A token that is not valid is the caller's problem (401); the pool's keys being out of reach
      // is an outage (5xx), not a reason to sign everyone out.
      if (isTokenRejection(error)) throw new UnauthorizedError();
      throw error;
    }
    return;
  }
  const expected = config.LIFELINE_ADMIN_TOKEN;
  if (!expected || !given || !timingSafeEqual(digest(given), digest(expected))) throw new UnauthorizedError();
}
