/**
 * `GET /nps` additions over HTTP against the local runtime: low-sample flags, rolling windows and
 * period-over-period comparison, their 400s, and the contract's fields left exactly as they were.
 * Daily aggregates are written straight into the test's table, as the response processor writes them.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client';
import { keys } from '../../functions/adapters/dynamodb/keys';
import type { Dimension, NpsCounts } from '../../functions/domain/model';
import { localClient } from '../../local/dynamodb-local';
import { startTestRuntime, type TestRuntime } from '../support/runtime';

let rt: TestRuntime;
const db = createDocumentClient(localClient(inject('dynamoEndpoint')));

const counts = (promoters: number, passives: number, detractors: number): NpsCounts => ({
  promoters,
  passives,
  detractors,
});

/** One daily aggregate item, shaped as the store writes it. */
const put = (dimension: Dimension | 'all', day: string, group: string, c: NpsCounts) =>
  db.send(
    new PutCommand({
      TableName: rt.tableName,
      Item: { ...keys.npsDay(dimension, day, group), type: 'NpsDay', dimension, group, day, ...c },
    }),
  );

/**
 * March 2025 (28 days, so `previous` is exactly February 2025):
 *   billing 160/80/40 (NPS 42.9) and sales 40/40/40 (NPS 0): overall 200/120/80, NPS 30.0 ± 7.7.
 * February 2025: billing 36/44/40 (NPS −3.3) and sales 24/36/20 (NPS 5): overall 60/80/60, NPS 0.
 * Channels in March: email 371, sms 29; products: fiber 30, mobile 370 (the default threshold's edge).
 * June 2025, for windows: one promoter on the 1st, 99 detractors on the 2nd, 10 promoters on the 3rd.
 */
beforeAll(async () => {
  rt = await startTestRuntime();
  await Promise.all([
    put('team', '2025-03-03', 'billing', counts(160, 80, 40)),
    put('team', '2025-03-17', 'sales', counts(40, 40, 40)),
    put('all', '2025-03-03', '-', counts(160, 80, 40)),
    put('all', '2025-03-17', '-', counts(40, 40, 40)),
    put('team', '2025-02-10', 'billing', counts(36, 44, 40)),
    put('team', '2025-02-20', 'sales', counts(24, 36, 20)),
    put('all', '2025-02-10', '-', counts(36, 44, 40)),
    put('all', '2025-02-20', '-', counts(24, 36, 20)),
    put('channel', '2025-03-03', 'email', counts(190, 111, 70)),
    put('channel', '2025-03-03', 'sms', counts(10, 9, 10)),
    put('product', '2025-03-03', 'fiber', counts(15, 6, 9)),
    put('product', '2025-03-03', 'mobile', counts(185, 114, 71)),
    put('all', '2025-06-01', '-', counts(1, 0, 0)),
    put('all', '2025-06-02', '-', counts(0, 0, 99)),
    put('all', '2025-06-03', '-', counts(10, 0, 0)),
  ]);
});
afterAll(async () => {
  await rt?.stop();
  db.destroy();
});

type Figures = { responses: number; nps: number | null; marginOfError: number | null; lowSample: boolean };
type Report = Figures & Record<string, unknown>;

async function nps(query: string): Promise<Report> {
  const res = await rt.api('GET', `/nps?${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Report;
}

const MARCH = 'from=2025-03-01&to=2025-03-28';

describe('the contract’s fields', () => {
  it('stay exactly as the contract states them, the additions after them', async () => {
    const report = await nps(`${MARCH}&groupBy=team&interval=week`);
    expect(report).toMatchObject({
      from: '2025-03-01',
      to: '2025-03-28',
      responses: 400,
      promoters: 200,
      passives: 120,
      detractors: 80,
      nps: 30,
      marginOfError: 7.7,
    });
    expect(Object.keys(report)).toEqual([
      'from',
      'to',
      'responses',
      'promoters',
      'passives',
      'detractors',
      'nps',
      'marginOfError',
      'groups',
      'series',
      'lowSample',
    ]);
    const groups = report.groups as Record<string, unknown>[];
    expect(groups[0]).toEqual({
      key: 'billing',
      responses: 280,
      promoters: 160,
      passives: 80,
      detractors: 40,
      nps: 42.9,
      marginOfError: 8.5,
      lowSample: false,
    });
    expect(Object.keys(groups[0] ?? {})).toEqual([
      'key',
      'responses',
      'promoters',
      'passives',
      'detractors',
      'nps',
      'marginOfError',
      'lowSample',
    ]);
    // Weeks start on Monday: 2025-02-24 holds March 1–2 (nothing), 2025-03-03 holds billing's answers.
    const series = report.series as (Figures & { period: string })[];
    expect(series.map((p) => [p.period, p.responses, p.nps, p.lowSample])).toEqual([
      ['2025-02-24', 0, null, true],
      ['2025-03-03', 280, 42.9, false],
      ['2025-03-10', 0, null, true],
      ['2025-03-17', 120, 0, false],
      ['2025-03-24', 0, null, true],
    ]);
  });

  it('do not move when the new parameters are added', async () => {
    const plain = await nps(`${MARCH}&groupBy=team&interval=day`);
    const extended = await nps(
      `${MARCH}&groupBy=team&interval=day&window=28&compare=previous&minResponses=5`,
    );
    const contractFields = (r: Report) => {
      const { from, to, responses, promoters, passives, detractors, nps: score, marginOfError } = r;
      return { from, to, responses, promoters, passives, detractors, nps: score, marginOfError };
    };
    expect(contractFields(extended)).toEqual(contractFields(plain));
    expect((extended.series as unknown[]).length).toBe((plain.series as unknown[]).length);
  });
});

describe('lowSample', () => {
  it('flags figures on fewer than 30 answers by default', async () => {
    const byChannel = await nps(`${MARCH}&groupBy=channel`);
    expect(
      (byChannel.groups as (Figures & { key: string })[]).map((g) => [g.key, g.responses, g.lowSample]),
    ).toEqual([
      ['email', 371, false],
      ['sms', 29, true],
    ]);
    const byProduct = await nps(`${MARCH}&groupBy=product`);
    expect(
      (byProduct.groups as (Figures & { key: string })[]).map((g) => [g.key, g.responses, g.lowSample]),
    ).toEqual([
      ['fiber', 30, false],
      ['mobile', 370, false],
    ]);
    expect(byProduct.lowSample).toBe(false);
  });

  it('takes a per-request minimum', async () => {
    const report = await nps(`${MARCH}&groupBy=team&minResponses=150`);
    expect(report.lowSample).toBe(false);
    expect((report.groups as (Figures & { key: string })[]).map((g) => [g.key, g.lowSample])).toEqual([
      ['billing', false],
      ['sales', true],
    ]);
    expect((await nps(`${MARCH}&minResponses=401`)).lowSample).toBe(true);
    expect((await nps('from=2024-01-01&to=2024-01-01&minResponses=0')).lowSample).toBe(false);
  });
});

describe('rolling windows', () => {
  it('pool the counts of the window’s days, reaching before `from`, instead of averaging daily NPS', async () => {
    const report = await nps('from=2025-06-02&to=2025-06-04&interval=day&window=2');
    // The totals stay those of from..to: June 1st is read for the window only.
    expect(report).toMatchObject({ responses: 109, promoters: 10, detractors: 99, nps: -81.7 });
    const series = report.series as (Figures & { period: string })[];
    expect(series.map((p) => [p.period, p.responses, p.nps, p.lowSample])).toEqual([
      ['2025-06-02', 100, -98, false], // June 1–2: (1 − 99)/100, where the average of 100 and −100 says 0
      ['2025-06-03', 109, -81.7, false], // June 2–3
      ['2025-06-04', 10, 100, true], // June 3–4
    ]);
  });

  it('of 28 days over March give every day of the range its trailing four weeks', async () => {
    const series = (await nps(`${MARCH}&interval=day&window=28`)).series as (Figures & { period: string })[];
    expect(series).toHaveLength(28);
    // Feb 10 and Feb 20 are inside the window of March 1 (Feb 2 – Mar 1).
    expect(series[0]).toMatchObject({ period: '2025-03-01', responses: 200, nps: 0 });
    // Mar 10: Feb 11 – Mar 10 holds Feb 20 (24/36/20) and Mar 3 (160/80/40).
    expect(series[9]).toMatchObject({ period: '2025-03-10', responses: 360, nps: 34.4 });
    expect(series[27]).toMatchObject({ period: '2025-03-28', responses: 400, nps: 30, marginOfError: 7.7 });
  });
});

describe('comparison', () => {
  it('finds a 30-point rise over the previous period significant, overall and for billing', async () => {
    const report = await nps(`${MARCH}&groupBy=team&compare=previous`);
    expect(Object.keys(report).slice(-2)).toEqual(['lowSample', 'comparison']);
    // SE = sqrt(0.61/400 + 0.6/200) = 0.067268; margin 196·SE = 13.2; z = 0.30/SE = 4.46
    expect(report.comparison).toEqual({
      from: '2025-02-01',
      to: '2025-02-28',
      responses: 200,
      nps: 0,
      marginOfError: 10.7,
      delta: 30,
      deltaMarginOfError: 13.2,
      z: 4.46,
      significant: true,
      lowSample: false,
    });
    const [billing, sales] = report.groups as (Figures & { key: string; comparison: unknown })[];
    // billing: 42.857 − (−3.333) = 46.19; SE = sqrt(0.530612/280 + 0.632222/120) = 0.084638
    expect(billing?.comparison).toEqual({
      responses: 120,
      nps: -3.3,
      marginOfError: 14.2,
      delta: 46.2,
      deltaMarginOfError: 16.6,
      z: 5.46,
      significant: true,
      lowSample: false,
    });
    // sales: 0 − 5 = −5; SE = sqrt(0.666667/120 + 0.5475/80) = 0.111352; z = −0.449: noise
    expect(sales?.comparison).toEqual({
      responses: 80,
      nps: 5,
      marginOfError: 16.2,
      delta: -5,
      deltaMarginOfError: 21.8,
      z: -0.45,
      significant: false,
      lowSample: false,
    });
  });

  it('takes an explicit baseline range, and answers nulls when the baseline has no answers', async () => {
    const explicit = await nps(`${MARCH}&compare=2025-02-01..2025-02-28`);
    const previous = await nps(`${MARCH}&compare=previous`);
    expect(explicit.comparison).toEqual(previous.comparison);

    const empty = await nps(`${MARCH}&compare=2024-01-01..2024-01-31`);
    expect(empty.comparison).toEqual({
      from: '2024-01-01',
      to: '2024-01-31',
      responses: 0,
      nps: null,
      marginOfError: null,
      delta: null,
      deltaMarginOfError: null,
      z: null,
      significant: null,
      lowSample: true,
    });
  });
});

describe('bad parameters', () => {
  it.each([
    ['a window of 1 day', `${MARCH}&interval=day&window=1`],
    ['a window over 365 days', `${MARCH}&interval=day&window=366`],
    ['a window that is not a number', `${MARCH}&interval=day&window=week`],
    ['a fractional window', `${MARCH}&interval=day&window=2.5`],
    ['a negative window', `${MARCH}&interval=day&window=-7`],
    ['a window without an interval', `${MARCH}&window=7`],
    ['a window with weekly periods', `${MARCH}&interval=week&window=7`],
    ['a reversed compare range', `${MARCH}&compare=2025-02-28..2025-02-01`],
    ['a compare range with one date', `${MARCH}&compare=2025-02-01`],
    ['an unknown compare keyword', `${MARCH}&compare=last-year`],
    ['a compare range with an unreal date', `${MARCH}&compare=2025-02-30..2025-03-01`],
    ['a compare range with three dates', `${MARCH}&compare=2025-02-01..2025-02-10..2025-02-20`],
    ['an empty compare', `${MARCH}&compare=`],
    ['a negative minResponses', `${MARCH}&minResponses=-1`],
    ['a fractional minResponses', `${MARCH}&minResponses=1.5`],
    ['a word for minResponses', `${MARCH}&minResponses=many`],
    ['an empty minResponses', `${MARCH}&minResponses=`],
  ])('rejects %s with 400 and the contract’s error body', async (_name, query) => {
    const res = await rt.api('GET', `/nps?${query}`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body).toEqual({
      error: { code: expect.stringMatching(/^[a-z_]+$/), message: expect.any(String) },
    });
    expect(body.error.message.length).toBeGreaterThan(0);
  });

  it.each([
    ['overlaps the range', `${MARCH}&compare=2025-02-15..2025-03-05`],
    ['covers more than three years', `${MARCH}&compare=2020-01-01..2024-12-31`],
  ])('rejects a compare range that %s with invalid_range', async (_name, query) => {
    const res = await rt.api('GET', `/nps?${query}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_range');
  });
});
