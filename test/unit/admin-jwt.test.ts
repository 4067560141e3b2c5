/**
 * Admin routes on AWS: the function verifies the Cognito JWT itself (aws-jwt-verify), so a refusal
 * is the contract's 401 error body. The verifier is the real one, given the pool's JWKS up front
 * (no network); the tokens are signed here with a key of our own, as Cognito signs its own.
 */
import { createSign, generateKeyPairSync } from 'node:crypto';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { FetchError } from 'aws-jwt-verify/error';
import { describe, expect, it } from 'vitest';
import { UnauthorizedError } from '../../functions/domain/errors';
import { configSchema } from '../../functions/platform/config';
import { errorResult, type HttpEvent, requireAdmin } from '../../functions/platform/http';

const POOL = 'eu-west-1_Example1';
const CLIENT = 'adminclient123';
const ISSUER = `https://cognito-idp.eu-west-1.amazonaws.com/${POOL}`;

const key = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...key.publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'RS256', use: 'sig' };

const verifier = CognitoJwtVerifier.create({ userPoolId: POOL, clientId: CLIENT, tokenUse: null });
verifier.cacheJwks({ keys: [jwk] } as Parameters<typeof verifier.cacheJwks>[0]);

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

function jwt(claims: Record<string, unknown>, signer = key.privateKey): string {
  const unsigned = `${b64({ alg: 'RS256', kid: 'k1', typ: 'JWT' })}.${b64(claims)}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(signer).toString('base64url');
  return `${unsigned}.${signature}`;
}

const idToken = (overrides: Record<string, unknown> = {}) =>
  jwt({
    sub: 'admin-1',
    iss: ISSUER,
    aud: CLIENT,
    token_use: 'id',
    iat: now() - 60,
    exp: now() + 3600,
    ...overrides,
  });

const config = configSchema.parse({ LIFELINE_ADMIN_AUTH: 'jwt' });
const event = (authorization?: string) =>
  ({ headers: authorization === undefined ? {} : { authorization } }) as unknown as HttpEvent;

describe('admin routes with a Cognito JWT', () => {
  it('accept an ID token of the admin app client, and an access token of it', async () => {
    await expect(requireAdmin(event(`Bearer ${idToken()}`), config, verifier)).resolves.toBeUndefined();
    const access = jwt({
      sub: 'admin-1',
      iss: ISSUER,
      client_id: CLIENT,
      token_use: 'access',
      iat: now() - 60,
      exp: now() + 3600,
    });
    await expect(requireAdmin(event(`Bearer ${access}`), config, verifier)).resolves.toBeUndefined();
  });

  it.each([
    ['no Authorization header', undefined],
    ['a header without a bearer token', 'Basic abc'],
    ['a token that is not a JWT', 'Bearer not-a-jwt'],
    ['an expired token', `Bearer ${idToken({ exp: now() - 10 })}`],
    ['a token of another app client', `Bearer ${idToken({ aud: 'someone-else' })}`],
    ['a token of another pool', `Bearer ${idToken({ iss: `${ISSUER}x` })}`],
    [
      'a token signed with another key',
      `Bearer ${jwt({ iss: ISSUER, aud: CLIENT, token_use: 'id', exp: now() + 60 }, other.privateKey)}`,
    ],
    ['a token whose claims were changed after signing', `Bearer ${tamper(idToken())}`],
  ])('refuse %s with the contract 401 body', async (_case, authorization) => {
    const refusal = await requireAdmin(event(authorization), config, verifier).catch(
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(UnauthorizedError);
    const response = errorResult(refusal);
    expect(response.statusCode).toBe(401);
    expect(JSON.parse(String(response.body))).toEqual({
      error: { code: 'unauthorized', message: expect.any(String) },
    });
  });
});

describe('admin routes when the pool cannot be reached', () => {
  it('let the outage through as an error (a 5xx), instead of refusing every admin with a 401', async () => {
    const unreachable = {
      verify: async () => {
        throw new FetchError(
          'https://cognito-idp.eu-west-1.amazonaws.com/x/.well-known/jwks.json',
          'timeout',
        );
      },
    };
    const outage = await requireAdmin(event(`Bearer ${idToken()}`), config, unreachable).catch(
      (e: unknown) => e,
    );
    expect(outage).toBeInstanceOf(FetchError);
    expect(errorResult(outage).statusCode).toBeGreaterThanOrEqual(500);

    const broken = { verify: async () => Promise.reject(new Error('socket hang up')) };
    await expect(requireAdmin(event(`Bearer ${idToken()}`), config, broken)).rejects.toThrow(
      'socket hang up',
    );
  });
});

/** The same signature over a payload that now claims another subject. */
function tamper(token: string): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
  return `${header}.${b64({ ...claims, sub: 'intruder' })}.${signature}`;
}
