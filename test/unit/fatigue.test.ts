import { describe, expect, it } from 'vitest';
import { decideSurvey, endOfQuietHours, stableDraw } from '../../functions/domain/fatigue';

const rules = { cooldownDays: 90, quietHours: { start: 21, end: 9 }, samplingRate: 1 };
const now = new Date('2026-11-23T12:00:00Z');

describe('fatigue rules', () => {
  it('surveys a new customer at once when no time zone is known', () => {
    expect(decideSurvey({ rules, state: { optedOut: false }, now, draw: 0.5 })).toEqual({
      status: 'sent',
      sendAt: now,
    });
  });

  it('suppresses an opted-out customer before anything else', () => {
    const decision = decideSurvey({
      rules,
      state: { optedOut: true, lastSurveyedAt: now.toISOString() },
      now,
      draw: 0,
    });
    expect(decision).toMatchObject({ status: 'suppressed', reason: 'opted_out' });
  });

  it('suppresses a customer surveyed within the cooldown and surveys them after it', () => {
    const recent = { optedOut: false, lastSurveyedAt: '2026-09-01T12:00:00Z' };
    expect(decideSurvey({ rules, state: recent, now, draw: 0 })).toMatchObject({ reason: 'cooldown' });
    const old = { optedOut: false, lastSurveyedAt: '2026-08-20T12:00:00Z' };
    expect(decideSurvey({ rules, state: old, now, draw: 0 }).status).toBe('sent');
  });

  it('samples out the share of customers above the sampling rate', () => {
    const sampled = { ...rules, samplingRate: 0.3 };
    expect(decideSurvey({ rules: sampled, state: { optedOut: false }, now, draw: 0.29 }).status).toBe('sent');
    expect(decideSurvey({ rules: sampled, state: { optedOut: false }, now, draw: 0.3 })).toMatchObject({
      reason: 'sampled_out',
    });
  });

  it('schedules for 9:00 local time when it is night for the customer', () => {
    // 12:00 UTC is 23:00 in Sydney (UTC+11 in November): wait until 09:00 there, 22:00 UTC.
    const decision = decideSurvey({
      rules,
      state: { optedOut: false },
      now,
      draw: 0,
      timeZone: 'Australia/Sydney',
    });
    expect(decision).toEqual({ status: 'scheduled', sendAt: new Date('2026-11-23T22:00:00Z') });
  });

  it('sends at once when it is daytime for the customer', () => {
    const decision = decideSurvey({
      rules,
      state: { optedOut: false },
      now,
      draw: 0,
      timeZone: 'Europe/Madrid',
    });
    expect(decision.status).toBe('sent');
  });

  it('finds the end of quiet hours across a daylight-saving change', () => {
    // Night of 2026-03-28/29 in Madrid: clocks jump from 02:00 to 03:00; 09:00 CEST is 07:00 UTC.
    const end = endOfQuietHours(new Date('2026-03-28T23:30:00Z'), 'Europe/Madrid', rules.quietHours);
    expect(end.toISOString()).toBe('2026-03-29T07:00:00.000Z');
  });

  it('draws the same value for the same customer', () => {
    expect(stableDraw('C-42')).toBe(stableDraw('C-42'));
    expect(stableDraw('C-42')).not.toBe(stableDraw('C-43'));
  });
});
