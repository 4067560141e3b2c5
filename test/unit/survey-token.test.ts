import { describe, expect, it } from 'vitest';
import { ExpiredError, UnauthorizedError } from '../../functions/domain/errors';
import { issueSurveyToken, verifySurveyToken } from '../../functions/domain/survey-token';

const keys = { current: 'k2', keys: { k1: 'a'.repeat(43), k2: 'b'.repeat(43) } };
const now = new Date('2026-11-23T10:00:00Z');
const in30Days = new Date('2026-12-23T10:00:00Z');

describe('survey tokens', () => {
  it('verifies a token it issued and names its invitation', () => {
    const token = issueSurveyToken(keys, 'inv_abc', in30Days);
    expect(verifySurveyToken(keys, token, now)).toEqual({ invitationId: 'inv_abc', expiresAt: in30Days });
  });

  it('still accepts tokens signed with an older key after rotation', () => {
    const old = issueSurveyToken({ ...keys, current: 'k1' }, 'inv_abc', in30Days);
    expect(verifySurveyToken(keys, old, now).invitationId).toBe('inv_abc');
  });

  it('rejects a token whose invitation id was changed', () => {
    const token = issueSurveyToken(keys, 'inv_abc', in30Days);
    expect(() => verifySurveyToken(keys, token.replace('inv_abc', 'inv_abd'), now)).toThrow(
      UnauthorizedError,
    );
  });

  it('rejects a token whose expiry was pushed back, as tampered rather than valid', () => {
    const token = issueSurveyToken(keys, 'inv_abc', now);
    const parts = token.split('.');
    parts[2] = Math.floor(in30Days.getTime() / 1000).toString(36);
    expect(() => verifySurveyToken(keys, parts.join('.'), now)).toThrow(UnauthorizedError);
  });

  it('answers expired for a genuine token past its expiry', () => {
    const token = issueSurveyToken(keys, 'inv_abc', in30Days);
    expect(() => verifySurveyToken(keys, token, new Date('2026-12-24T00:00:00Z'))).toThrow(ExpiredError);
  });

  it('accepts a genuine expired token when asked to (unsubscribe links), and still rejects a tampered one', () => {
    const token = issueSurveyToken(keys, 'inv_abc', in30Days);
    const later = new Date('2027-06-01T00:00:00Z');
    expect(verifySurveyToken(keys, token, later, { allowExpired: true }).invitationId).toBe('inv_abc');
    expect(() =>
      verifySurveyToken(keys, token.replace('inv_abc', 'inv_abd'), later, { allowExpired: true }),
    ).toThrow(UnauthorizedError);
  });

  it('rejects key ids that name properties of every object, such as constructor', () => {
    for (const kid of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const token = `${kid}.inv_abc.${Math.floor(in30Days.getTime() / 1000).toString(36)}.AAAA`;
      expect(() => verifySurveyToken(keys, token, now)).toThrow(UnauthorizedError);
    }
  });

  it('rejects unknown key ids and malformed tokens', () => {
    const token = issueSurveyToken(keys, 'inv_abc', in30Days);
    expect(() => verifySurveyToken(keys, token.replace(/^k2/, 'k9'), now)).toThrow(UnauthorizedError);
    for (const bad of ['', 'abc', 'a.b.c', 'k2.inv.zz.', `${token}.x`]) {
      expect(() => verifySurveyToken(keys, bad, now)).toThrow(UnauthorizedError);
    }
  });
});
