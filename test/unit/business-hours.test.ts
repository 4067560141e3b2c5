import { describe, expect, it } from 'vitest';
import { addBusinessHours, type BusinessCalendar, instantAt } from '../../functions/domain/business-hours';

const madrid: BusinessCalendar = { timeZone: 'Europe/Madrid', open: 9, close: 17, days: [1, 2, 3, 4, 5] };
const newYork: BusinessCalendar = { ...madrid, timeZone: 'America/New_York' };
const iso = (d: Date) => d.toISOString();

describe('business hours', () => {
  it('carries four hours from Friday 16:00 over the weekend to Monday 12:00', () => {
    // 2026-11-27 is a Friday; Madrid is UTC+1 in November.
    expect(iso(addBusinessHours(new Date('2026-11-27T15:00:00Z'), 4, madrid))).toBe(
      '2026-11-30T11:00:00.000Z',
    );
  });

  it('counts from Monday opening when a case opens on Saturday', () => {
    expect(iso(addBusinessHours(new Date('2026-11-28T10:00:00Z'), 4, madrid))).toBe(
      '2026-11-30T12:00:00.000Z',
    );
  });

  it('counts from opening time when a case opens before it', () => {
    // 07:00 in Madrid on a Tuesday: due at 11:00.
    expect(iso(addBusinessHours(new Date('2026-11-24T06:00:00Z'), 2, madrid))).toBe(
      '2026-11-24T10:00:00.000Z',
    );
  });

  it('makes one business day from Tuesday 10:00 end on Wednesday 10:00', () => {
    expect(iso(addBusinessHours(new Date('2026-11-24T09:00:00Z'), 8, madrid))).toBe(
      '2026-11-25T09:00:00.000Z',
    );
  });

  it("follows the team's time zone: Friday 16:00 in New York is due Monday 12:00 there", () => {
    expect(iso(addBusinessHours(new Date('2026-11-27T21:00:00Z'), 4, newYork))).toBe(
      '2026-11-30T17:00:00.000Z',
    );
  });

  it('keeps local business hours across the end of summer time', () => {
    // Madrid leaves summer time (UTC+2 → UTC+1) on Sunday 2026-10-25.
    expect(iso(addBusinessHours(new Date('2026-10-23T14:00:00Z'), 4, madrid))).toBe(
      '2026-10-26T11:00:00.000Z',
    );
  });

  it('finds the instant of a local wall-clock time on both sides of a time change', () => {
    expect(iso(instantAt('Europe/Madrid', 2026, 3, 27, 9 * 60))).toBe('2026-03-27T08:00:00.000Z');
    expect(iso(instantAt('Europe/Madrid', 2026, 3, 30, 9 * 60))).toBe('2026-03-30T07:00:00.000Z');
  });
});
