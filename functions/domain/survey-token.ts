/**
 * Signed, expiring survey tokens: `kid.invitationId.expiry.signature`, where the signature is
 * HMAC-SHA256 over the first three parts under the key named by `kid`. The key id lets keys rotate
 * without breaking links already sent; the comparison runs in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ExpiredError, UnauthorizedError } from './errors';

export interface TokenKeys {
  /** Key id new tokens are signed with. */
  current: string;
  /** Every key still accepted, by key id. */
  keys: Readonly<Record<string, string>>;
}

const PART = /^[A-Za-z0-9_-]{1,64}$/;

const sign = (secret: string, payload: string): Buffer =>
  createHmac('sha256', secret).update(payload).digest();

export function issueSurveyToken(keys: TokenKeys, invitationId: string, expiresAt: Date): string {
  const secret = keys.keys[keys.current];
  if (!secret) throw new Error(`No signing key for key id ${keys.current}`);
  if (!PART.test(keys.current) || !PART.test(invitationId)) throw new Error('Unsafe token part');
  const payload = `${keys.current}.${invitationId}.${Math.floor(expiresAt.getTime() / 1000).toString(36)}`;
  return `${payload}.${sign(secret, payload).toString('base64url')}`;
}

export interface VerifiedToken {
  invitationId: string;
  expiresAt: Date;
}

export interface VerifyOptions {
  /**
   * Accept a genuine token past its expiry. Unsubscribe links use it: people unsubscribe from old
   * mail, and an expired link must not keep them on the list.
   */
  allowExpired?: boolean;
}

/**
 * Checks signature then expiry: a tampered or unknown token is 401, a genuine expired one 410
 * (the expiry is only trusted once the signature holds).
 */
export function verifySurveyToken(
  keys: TokenKeys,
  token: string,
  now: Date,
  options: VerifyOptions = {},
): VerifiedToken {
  const parts = token.split('.');
  const [kid, invitationId, expiry, signature] = parts;
  if (parts.length !== 4 || !kid || !invitationId || !expiry || !signature) throw invalidToken();
  if (!PART.test(kid) || !PART.test(invitationId) || !/^[0-9a-z]{1,12}$/.test(expiry)) throw invalidToken();
  // Own keys only: a key id like `constructor` must not reach the prototype.
  const secret = Object.hasOwn(keys.keys, kid) ? keys.keys[kid] : undefined;
  if (typeof secret !== 'string' || !secret) throw invalidToken();
  const expected = sign(secret, `${kid}.${invitationId}.${expiry}`);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalidToken();
  const expiresAt = new Date(Number.parseInt(expiry, 36) * 1000);
  if (!options.allowExpired && expiresAt.getTime() <= now.getTime()) {
    throw new ExpiredError('This survey link has expired.');
  }
  return { invitationId, expiresAt };
}

const invalidToken = () => new UnauthorizedError('This survey link is not valid.', 'invalid_token');
