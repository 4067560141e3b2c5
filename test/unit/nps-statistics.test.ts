import { describe, expect, it } from 'vitest';
import type { NpsCounts } from '../../functions/domain/model';
import { npsFigures } from '../../functions/domain/nps';
import {
  answerVariance,
  compareNps,
  DEFAULT_MIN_RESPONSES,
  isLowSample,
  previousRange,
  rollingCounts,
} from '../../functions/domain/nps-statistics';
import type { AggregateRow, ReportStore } from '../../functions/domain/store';
import { reportNps } from '../../functions/use-cases/report-nps';

const counts = (promoters: number, passives: number, detractors: number): NpsCounts => ({
  promoters,
  passives,
  detractors,
});

describe('the variance of an NPS answer', () => {
  it('is p + d − (p − d)² in share units', () => {
    // p = 0.5, d = 0.2: 0.7 − 0.09 = 0.61
    expect(answerVariance(counts(200, 120, 80))).toBeCloseTo(0.61, 12);
    // unanimous: no spread at all
    expect(answerVariance(counts(7, 0, 0))).toBe(0);
    expect(answerVariance(counts(0, 0, 0))).toBeNull();
  });
});

describe('comparing two NPS figures', () => {
  it('tests a 5-point rise on 400 vs 200 answers by hand: not significant', () => {
    // Current 200/120/80: NPS 30, σ² = 0.61. Baseline 100/50/50: NPS 25, σ² = 0.75 − 0.0625 = 0.6875.
    // SE = sqrt(0.61/400 + 0.6875/200) = sqrt(0.001525 + 0.0034375) = sqrt(0.0049625) = 0.0704450…
    // margin = 196 · 0.0704450 = 13.807… → 13.8; z = 0.05 / 0.0704450 = 0.7098 → 0.71.
    expect(compareNps(counts(200, 120, 80), counts(100, 50, 50))).toEqual({
      delta: 5,
      deltaMarginOfError: 13.8,
      z: 0.71,
      significant: false,
    });
  });

  it('tests a 30-point rise on 400 vs 200 answers by hand: significant', () => {
    // Baseline 60/80/60: NPS 0, σ² = 0.6. SE = sqrt(0.001525 + 0.003) = sqrt(0.004525) = 0.0672681…
    // margin = 196 · 0.0672681 = 13.18… → 13.2; z = 0.30 / 0.0672681 = 4.4598 → 4.46.
    expect(compareNps(counts(200, 120, 80), counts(60, 80, 60))).toEqual({
      delta: 30,
      deltaMarginOfError: 13.2,
      z: 4.46,
      significant: true,
    });
    // The other way round the signs flip, the margin does not.
    expect(compareNps(counts(60, 80, 60), counts(200, 120, 80))).toEqual({
      delta: -30,
      deltaMarginOfError: 13.2,
      z: -4.46,
      significant: true,
    });
  });

  it('divides each per-answer variance by n once, not twice', () => {
    // var/n/n would give SE ≈ 0.0046, a margin of ±0.9 points and z ≈ 10.9 for the 5-point rise.
    const { deltaMarginOfError, z } = compareNps(counts(200, 120, 80), counts(100, 50, 50));
    expect(deltaMarginOfError).toBeGreaterThan(13);
    expect(z).toBeLessThan(1);
  });

  it('agrees with each side’s own margin: SE² is the sum of the two squared standard errors', () => {
    const current = counts(200, 120, 80);
    const baseline = counts(100, 50, 50);
    const m1 = 196 * Math.sqrt(0.61 / 400);
    const m2 = 196 * Math.sqrt(0.6875 / 200);
    expect(compareNps(current, baseline).deltaMarginOfError).toBe(
      Math.round(Math.sqrt(m1 ** 2 + m2 ** 2) * 10) / 10,
    );
  });

  it('calls a difference significant only from |z| ≥ 1.96', () => {
    // Two sides of 100 answers either side of the edge; the baseline 35/30/35 has NPS 0, σ² = 0.7.
    const near = compareNps(counts(45, 30, 25), counts(35, 30, 35));
    // delta 20, SE = sqrt((0.7 − 0.04)/100 + 0.7/100) = sqrt(0.0136) = 0.11662; z = 1.7150
    expect(near).toEqual({ delta: 20, deltaMarginOfError: 22.9, z: 1.71, significant: false });
    const over = compareNps(counts(47, 30, 23), counts(35, 30, 35));
    // delta 24, SE = sqrt((0.7 − 0.0576)/100 + 0.007) = sqrt(0.013424) = 0.11586; z = 2.0714
    expect(over).toEqual({ delta: 24, deltaMarginOfError: 22.7, z: 2.07, significant: true });
  });

  it('rounds the delta from the counts, so exact halves go away from zero', () => {
    // 8/48 − 5/48 = 6.25% exactly vs a baseline of 0.
    expect(compareNps(counts(8, 35, 5), counts(1, 0, 1)).delta).toBe(6.3);
    expect(compareNps(counts(5, 35, 8), counts(1, 0, 1)).delta).toBe(-6.3);
  });

  it('answers nulls when either side has no answers', () => {
    const empty = { delta: null, deltaMarginOfError: null, z: null, significant: null };
    expect(compareNps(counts(10, 0, 0), counts(0, 0, 0))).toEqual(empty);
    expect(compareNps(counts(0, 0, 0), counts(10, 5, 1))).toEqual(empty);
  });

  it('gives no z when both sides are unanimous: there is no spread to test against', () => {
    expect(compareNps(counts(12, 0, 0), counts(0, 0, 9))).toEqual({
      delta: 200,
      deltaMarginOfError: 0,
      z: null,
      significant: null,
    });
  });
});

describe('rolling windows', () => {
  it('pool the counts of the window days ending on each day', () => {
    const daily = new Map<string, NpsCounts>([
      ['2026-03-01', counts(1, 0, 0)],
      ['2026-03-02', counts(0, 0, 2)],
      ['2026-03-04', counts(3, 1, 0)],
    ]);
    expect(rollingCounts(daily, '2026-03-02', '2026-03-05', 3)).toEqual([
      { day: '2026-03-02', counts: counts(1, 0, 2) }, // 02-28..03-02
      { day: '2026-03-03', counts: counts(1, 0, 2) }, // 03-01..03-03
      { day: '2026-03-04', counts: counts(3, 1, 2) }, // 03-02..03-04
      { day: '2026-03-05', counts: counts(3, 1, 0) }, // 03-03..03-05
    ]);
  });

  it('differ from an average of daily NPS when days have different sizes', () => {
    // One delighted customer on Monday, 99 unhappy ones on Tuesday.
    const daily = new Map<string, NpsCounts>([
      ['2026-03-02', counts(1, 0, 0)],
      ['2026-03-03', counts(0, 0, 99)],
    ]);
    const [point] = rollingCounts(daily, '2026-03-03', '2026-03-03', 2);
    const pooled = npsFigures(point?.counts ?? counts(0, 0, 0)).nps;
    const dailyNps = [...daily.values()].map((c) => npsFigures(c).nps ?? 0);
    const averaged = dailyNps.reduce((a, b) => a + b, 0) / dailyNps.length;
    expect(averaged).toBe(0); // (100 + −100) / 2: says "neutral"
    expect(pooled).toBe(-98); // (1 − 99) / 100: the truth about 100 customers
  });

  it('cross month and year boundaries', () => {
    const daily = new Map<string, NpsCounts>([['2025-12-31', counts(2, 0, 0)]]);
    expect(rollingCounts(daily, '2026-01-01', '2026-01-02', 2)).toEqual([
      { day: '2026-01-01', counts: counts(2, 0, 0) },
      { day: '2026-01-02', counts: counts(0, 0, 0) },
    ]);
  });
});

describe('the low-sample flag', () => {
  it('is raised below the minimum and not at it', () => {
    expect(DEFAULT_MIN_RESPONSES).toBe(30);
    expect(isLowSample(29, 30)).toBe(true);
    expect(isLowSample(30, 30)).toBe(false);
    expect(isLowSample(0, 0)).toBe(false);
  });

  it('matches the README’s reason: at 30 answers the margin is still around ±30 points', () => {
    // 15 promoters, 6 passives, 9 detractors: σ² = 0.8 − 0.04 = 0.76, 196·sqrt(0.76/30) = 31.2
    expect(npsFigures(counts(15, 6, 9)).marginOfError).toBe(31.2);
    // ten times the answers: a third of the margin
    expect(npsFigures(counts(150, 60, 90)).marginOfError).toBe(9.9);
  });
});

describe('the previous range', () => {
  it('has the same length and ends the day before', () => {
    expect(previousRange('2026-03-01', '2026-03-31')).toEqual({ from: '2026-01-29', to: '2026-02-28' });
    expect(previousRange('2026-01-01', '2026-01-01')).toEqual({ from: '2025-12-31', to: '2025-12-31' });
  });
});

/** A ReportStore over in-memory rows: `readAggregates` filters like the DynamoDB query does. */
function memoryStore(rows: (AggregateRow & { dimension: string })[]): ReportStore & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    async readAggregates(dimension, from, to) {
      reads.push(`${dimension} ${from}..${to}`);
      return rows.filter((r) => r.dimension === dimension && r.day >= from && r.day <= to);
    },
    async *responsesOfDay() {},
  };
}

const row = (dimension: string, day: string, group: string, c: NpsCounts) => ({
  dimension,
  day,
  group,
  ...c,
});

describe('reportNps with the additions', () => {
  it('reads the window’s extra days but keeps the totals to from..to', async () => {
    // Prepare
    const store = memoryStore([
      row('all', '2026-02-27', 'all', counts(0, 0, 10)),
      row('all', '2026-03-01', 'all', counts(4, 0, 0)),
    ]);
    // Act
    const report = await reportNps(store, {
      from: '2026-03-01',
      to: '2026-03-02',
      interval: 'day',
      window: 3,
    });
    // Assess
    expect(store.reads).toEqual(['all 2026-02-27..2026-03-02']);
    expect(report).toMatchObject({ responses: 4, nps: 100 });
    expect(report.series?.map((p) => [p.period, p.responses, p.nps])).toEqual([
      ['2026-03-01', 14, -42.9],
      ['2026-03-02', 4, 100],
    ]);
  });

  it('compares with the previous range, overall and per group, including groups silent now', async () => {
    const store = memoryStore([
      row('all', '2026-03-02', 'all', counts(200, 120, 80)),
      row('all', '2026-02-27', 'all', counts(100, 50, 50)),
      row('team', '2026-03-02', 'billing', counts(200, 120, 80)),
      row('team', '2026-02-27', 'billing', counts(90, 50, 50)),
      row('team', '2026-02-27', 'retired', counts(10, 0, 0)),
    ]);
    const report = await reportNps(store, {
      from: '2026-03-01',
      to: '2026-03-31',
      groupBy: 'team',
      compare: 'previous',
      minResponses: 50,
    });
    expect(report.comparison).toEqual({
      from: '2026-01-29',
      to: '2026-02-28',
      responses: 200,
      nps: 25,
      marginOfError: 11.5,
      delta: 5,
      deltaMarginOfError: 13.8,
      z: 0.71,
      significant: false,
      lowSample: false,
    });
    expect(report.groups?.map((g) => [g.key, g.responses, g.lowSample, g.comparison?.delta])).toEqual([
      ['billing', 400, false, 8.9],
      ['retired', 0, true, null],
    ]);
    expect(report.groups?.[1]?.comparison).toMatchObject({ responses: 10, lowSample: true, z: null });
  });

  it('refuses a baseline that overlaps the range: the test needs independent samples', async () => {
    const store = memoryStore([]);
    await expect(
      reportNps(store, {
        from: '2026-03-01',
        to: '2026-03-31',
        compare: { from: '2026-02-01', to: '2026-03-01' },
      }),
    ).rejects.toMatchObject({ name: 'ValidationError', code: 'invalid_range' });
  });
});
