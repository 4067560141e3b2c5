/**
 * Domain errors. One mapper (functions/platform/http.ts) turns them into HTTP statuses and the
 * contract's error body; anything else is a bug and answers 500 without details.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
}

/** The caller sent something invalid (400). */
export class ValidationError extends DomainError {
  override name = 'ValidationError';
  constructor(
    message: string,
    readonly code = 'invalid_request',
  ) {
    super(message);
  }
}

/** Missing or wrong credentials, or a tampered survey token (401). */
export class UnauthorizedError extends DomainError {
  override name = 'UnauthorizedError';
  constructor(
    message = 'Missing or invalid credentials.',
    readonly code = 'unauthorized',
  ) {
    super(message);
  }
}

/** A request whose signature does not check out, e.g. a forged webhook (403). */
export class ForbiddenError extends DomainError {
  override name = 'ForbiddenError';
  readonly code = 'forbidden';
}

/** A survey link past its expiry (410). */
export class ExpiredError extends DomainError {
  override name = 'ExpiredError';
  readonly code = 'expired';
}

export class NotFoundError extends DomainError {
  override name = 'NotFoundError';
  readonly code = 'not_found';
}

/** The request conflicts with the current state, e.g. an invalid case transition (409). */
export class ConflictError extends DomainError {
  override name = 'ConflictError';
  constructor(
    message: string,
    readonly code = 'conflict',
  ) {
    super(message);
  }
}

/** Body above the contract's 64 KB (413). */
export class PayloadTooLargeError extends DomainError {
  override name = 'PayloadTooLargeError';
  readonly code = 'payload_too_large';
}
