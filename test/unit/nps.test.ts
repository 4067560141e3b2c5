import { describe, expect, it } from 'vitest';
import { categorize, daysBetween, npsFigures, periodStart } from '../../functions/domain/nps';

describe('NPS maths', () => {
  it('puts 9–10 in promoters, 7–8 in passives and 0–6 in detractors', () => {
    expect([0, 6, 7, 8, 9, 10].map(categorize)).toEqual([
      'detractor',
      'detractor',
      'passive',
      'passive',
      'promoter',
      'promoter',
    ]);
  });

  it('computes the contract example: 200 promoters, 120 passives, 80 detractors is NPS 30.0 ± 7.7', () => {
    expect(npsFigures({ promoters: 200, passives: 120, detractors: 80 })).toEqual({
      responses: 400,
      promoters: 200,
      passives: 120,
      detractors: 80,
      nps: 30,
      marginOfError: 7.7,
    });
  });

  it('rounds exact halves away from zero, whatever the sign', () => {
    // 3/48 = 6.25% exactly: binary floating point would make it 6.2499… and round it down.
    expect(npsFigures({ promoters: 8, passives: 35, detractors: 5 }).nps).toBe(6.3);
    expect(npsFigures({ promoters: 5, passives: 35, detractors: 8 }).nps).toBe(-6.3);
  });

  it('answers null figures when there are no responses', () => {
    expect(npsFigures({ promoters: 0, passives: 0, detractors: 0 })).toMatchObject({
      nps: null,
      marginOfError: null,
    });
  });

  it('has a zero margin when every answer is the same', () => {
    expect(npsFigures({ promoters: 5, passives: 0, detractors: 0 })).toMatchObject({
      nps: 100,
      marginOfError: 0,
    });
  });

  it('starts weeks on Monday and months on the first', () => {
    expect(periodStart('2026-11-23', 'week')).toBe('2026-11-23'); // a Monday
    expect(periodStart('2026-11-29', 'week')).toBe('2026-11-23'); // the Sunday after
    expect(periodStart('2026-11-01', 'week')).toBe('2026-10-26');
    expect(periodStart('2026-11-17', 'month')).toBe('2026-11-01');
  });

  it('lists inclusive days across a month end', () => {
    expect(daysBetween('2026-10-30', '2026-11-02')).toEqual([
      '2026-10-30',
      '2026-10-31',
      '2026-11-01',
      '2026-11-02',
    ]);
  });
});
