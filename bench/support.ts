/**
 * What the benchmark sections share: the deterministic PRNG, percentiles, a bounded pool, RSS
 * sampling, the admin HTTP client, the year seeding (response items and daily aggregates exactly as
 * the store writes them, BatchWrite, never all rows in memory) and the streaming export reader.
 */
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../functions/adapters/dynamodb/client';
import { byCustomer, byDay, keys } from '../functions/adapters/dynamodb/keys';
import {
  type Channel,
  type Dimension,
  type NpsCounts,
  type Sentiment,
  type SurveyResponse,
  UNASSIGNED,
} from '../functions/domain/model';
import { categorize, countsOf, utcDay } from '../functions/domain/nps';
import { newInvitationId } from '../functions/use-cases/record-interaction';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../local/dynamodb-local';

export type Item = Record<string, unknown>;

const SEED_BATCH = 25;
export const SEED_IN_FLIGHT = 8;
const RSS_SAMPLE_MS = 50;

export const COMMENTS = [
  'Quick and friendly help, thank you',
  'The agent solved it on the first call',
  'Took far too long to get an answer',
  'Fine, nothing special',
  'Great support, very patient',
  'I had to repeat my problem three times',
] as const;
const SENTIMENTS: readonly Sentiment[] = [
  'positive',
  'positive',
  'negative',
  'neutral',
  'positive',
  'negative',
];

// ---- small helpers ------------------------------------------------------------------------------

export const progress = (line: string): void => {
  process.stderr.write(`… ${line}\n`);
};

export const round = (value: number, digits = 1): number => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

/** Nearest-rank percentile of a list of numbers. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

/** Deterministic PRNG (mulberry32), so every run seeds the same data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const dayOffset = (day: string, delta: number): string => {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + delta);
  return date.toISOString().slice(0, 10);
};

/** Runs `work` over `count` indexes with at most `limit` in flight. */
export async function pool(
  count: number,
  limit: number,
  work: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      await work(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}

/** A full GC when the flag can be set at runtime, so RSS baselines are not yesterday's garbage. */
export const collectGarbage: (() => void) | undefined = (() => {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? () => (gc as () => void)() : undefined;
  } catch {
    return undefined;
  }
})();

export const mb = (bytes: number): number => round(bytes / 1024 / 1024, 0);

/** A positive integer from the environment, or its default. */
export function intSetting(name: string, fallback: number, min = 1): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}`);
  return value;
}

// ---- HTTP client --------------------------------------------------------------------------------

export class Api {
  constructor(
    private readonly base: string,
    private readonly adminToken: string,
  ) {}

  async request(method: string, path: string, body?: unknown, admin = true): Promise<Response> {
    const headers: Record<string, string> = {};
    if (admin) headers.authorization = `Bearer ${this.adminToken}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${this.base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  async json<T>(
    method: string,
    path: string,
    body?: unknown,
    admin = true,
  ): Promise<{ status: number; body: T }> {
    const res = await this.request(method, path, body, admin);
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
    return { status: res.status, body: JSON.parse(text) as T };
  }
}

export interface NpsBody {
  responses: number;
  groups?: { key: string; responses: number }[];
  series?: { period: string; responses: number }[];
}

/** Times `runs` sequential GETs of `path` after `warmups` untimed ones; `check` sees the first body. */
export async function timeGets<T>(
  api: Api,
  path: string,
  warmups: number,
  runs: number,
  check: (body: T) => void,
): Promise<{ p50Ms: number; p95Ms: number; maxMs: number }> {
  const first = await api.json<T>('GET', path);
  check(first.body);
  for (let i = 1; i < warmups; i++) await api.json<T>('GET', path);
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await api.json<T>('GET', path);
    ms.push(performance.now() - t0);
  }
  return {
    p50Ms: round(percentile(ms, 50)),
    p95Ms: round(percentile(ms, 95)),
    maxMs: round(Math.max(...ms)),
  };
}

// ---- seeding a year -----------------------------------------------------------------------------

/** What to seed: `responses` spread evenly over `days` ending today, the rest from a seeded PRNG. */
export interface SeedPlan {
  responses: number;
  days: number;
  teams: readonly string[];
  agentsPerTeam: number;
  channels: readonly Channel[];
  products: readonly string[];
  prngSeed: number;
}

export interface Seeded {
  from: string;
  to: string;
  responses: number;
  /** Aggregate items written, per dimension ('all' included). */
  aggregateItems: Record<Dimension | 'all', number>;
  /** Responses per UTC submission day (what an export of that day holds). */
  responsesByDay: Map<string, number>;
  itemsWritten: number;
  seconds: number;
  itemsPerSecond: number;
}

/** The dimension groups of an answer, as the store counts them (`all` has the single group `-`). */
function groupsOf(r: SurveyResponse): [Dimension | 'all', string][] {
  return [
    ['all', '-'],
    ['team', r.teamId ?? UNASSIGNED],
    ['agent', r.agentId ?? UNASSIGNED],
    ['channel', r.channel],
    ['product', r.product ?? UNASSIGNED],
  ];
}

/**
 * A counted response as the pipeline leaves it: `saveAnswer` (type, fields, byCustomer and byDay
 * keys, revision 1) followed by `countResponse` (countedRevision = revision, countedScore/Day/At,
 * sentiment, pendingWork keys removed). The store builds these inline, so they are replicated here.
 */
function responseItem(r: SurveyResponse & { countedAt: string }): Item {
  return {
    ...keys.response(r.invitationId),
    type: 'Response',
    ...r,
    ...byCustomer(r.customerId, `RESP#${r.invitationId}`),
    ...byDay(r.submittedAt, r.invitationId),
  };
}

function aggregateItem(dimension: Dimension | 'all', day: string, group: string, counts: NpsCounts): Item {
  return { ...keys.npsDay(dimension, day, group), type: 'NpsDay', dimension, group, day, ...counts };
}

/** The i-th seeded response: days spread evenly over the range, the rest from a seeded PRNG. */
function seededResponse(
  i: number,
  random: () => number,
  plan: SeedPlan,
  from: string,
  now: Date,
): SurveyResponse & { countedAt: string } {
  const dayIndex = Math.floor((i * plan.days) / plan.responses);
  const day = dayOffset(from, dayIndex);
  const dayStart = Date.parse(`${day}T00:00:00Z`);
  // Today only up to now, so no answer is from the future.
  const span = Math.min(86_400_000, now.getTime() - dayStart);
  const submittedAt = new Date(dayStart + Math.floor(random() * Math.max(1, span))).toISOString();
  const team = plan.teams[Math.floor(random() * plan.teams.length)] ?? 'billing';
  const agent = `A-${team}-${1 + Math.floor(random() * plan.agentsPerTeam)}`;
  const channel = plan.channels[Math.floor(random() * plan.channels.length)] ?? 'email';
  const product = plan.products[Math.floor(random() * plan.products.length)] ?? 'fiber';
  const score = Math.floor(random() * 11);
  const withComment = random() < 0.5;
  const c = Math.floor(random() * COMMENTS.length);
  const invitationId = newInvitationId();
  return {
    invitationId,
    interactionId: `BENCH-${i}`,
    customerId: `BC-${i}`,
    channel,
    agentId: agent,
    teamId: team,
    product,
    locale: 'en',
    score,
    comment: withComment ? COMMENTS[c] : undefined,
    submittedAt,
    revision: 1,
    countedRevision: 1,
    countedScore: score,
    countedDay: utcDay(submittedAt),
    countedAt: new Date(Date.parse(submittedAt) + 1000).toISOString(),
    // What the processor records: `done` with a sentiment for a comment, `none` without one.
    sentimentState: withComment ? 'done' : 'none',
    sentiment: withComment ? SENTIMENTS[c] : undefined,
    language: withComment ? 'en' : undefined,
  };
}

async function batchWrite(db: DynamoDBDocumentClient, tableName: string, items: Item[]): Promise<void> {
  let pending: Item[] = items;
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 20) throw new Error('BatchWrite kept returning unprocessed items');
    if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
    const out = await db.send(
      new BatchWriteCommand({
        RequestItems: { [tableName]: pending.map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
    pending = (out.UnprocessedItems?.[tableName] ?? []).map((request) => request.PutRequest?.Item ?? {});
  }
}

/** A document client on the benchmark's DynamoDB Local (the caller destroys it). */
export const benchDocumentClient = (endpoint: string): DynamoDBDocumentClient =>
  createDocumentClient(
    new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 5 }),
  );

/**
 * Seeds `plan.responses` counted responses over the `plan.days` days ending `today`, then one
 * aggregate item per (dimension, day, group) consistent with them. Responses are generated batch
 * by batch, so only the aggregates (days × groups) are held in memory, never the rows.
 */
export async function seedYear(
  endpoint: string,
  tableName: string,
  today: string,
  plan: SeedPlan,
): Promise<Seeded> {
  const db = benchDocumentClient(endpoint);
  const from = dayOffset(today, -(plan.days - 1));
  const now = new Date();
  const random = prng(plan.prngSeed);
  const aggregates = new Map<
    string,
    { dimension: Dimension | 'all'; day: string; group: string; counts: NpsCounts }
  >();
  const responsesByDay = new Map<string, number>();
  const started = performance.now();
  let written = 0;
  try {
    let nextIndex = 0;
    const nextBatch = (): Item[] => {
      const batch: Item[] = [];
      while (batch.length < SEED_BATCH && nextIndex < plan.responses) {
        const r = seededResponse(nextIndex++, random, plan, from, now);
        const day = r.countedDay ?? '';
        responsesByDay.set(day, (responsesByDay.get(day) ?? 0) + 1);
        const delta = countsOf(categorize(r.score));
        for (const [dimension, group] of groupsOf(r)) {
          const key = `${dimension}|${day}|${group}`;
          const entry = aggregates.get(key) ?? {
            dimension,
            day,
            group,
            counts: { promoters: 0, passives: 0, detractors: 0 },
          };
          entry.counts.promoters += delta.promoters;
          entry.counts.passives += delta.passives;
          entry.counts.detractors += delta.detractors;
          aggregates.set(key, entry);
        }
        batch.push(responseItem(r));
      }
      return batch;
    };
    const responseBatches = Math.ceil(plan.responses / SEED_BATCH);
    let lastReport = performance.now();
    await pool(responseBatches, SEED_IN_FLIGHT, async () => {
      const batch = nextBatch();
      await batchWrite(db, tableName, batch);
      written += batch.length;
      if (performance.now() - lastReport > 10_000) {
        lastReport = performance.now();
        const rate = round(written / ((lastReport - started) / 1000), 0);
        progress(`seeded ${written} of ${plan.responses} responses (${rate} items/s)`);
      }
    });

    // One aggregate item per (dimension, day, group), consistent with the responses above.
    const entries = [...aggregates.values()];
    await pool(Math.ceil(entries.length / SEED_BATCH), SEED_IN_FLIGHT, async (b) => {
      const batch = entries
        .slice(b * SEED_BATCH, (b + 1) * SEED_BATCH)
        .map((e) => aggregateItem(e.dimension, e.day, e.group, e.counts));
      await batchWrite(db, tableName, batch);
      written += batch.length;
    });
  } finally {
    db.destroy();
  }
  const seconds = (performance.now() - started) / 1000;
  const aggregateItems: Record<Dimension | 'all', number> = {
    all: 0,
    team: 0,
    agent: 0,
    channel: 0,
    product: 0,
  };
  for (const { dimension } of aggregates.values()) aggregateItems[dimension]++;
  return {
    from,
    to: today,
    responses: plan.responses,
    aggregateItems,
    responsesByDay,
    itemsWritten: written,
    seconds,
    itemsPerSecond: written / seconds,
  };
}

// ---- exports ------------------------------------------------------------------------------------

export interface ExportFigures {
  rows: number;
  bytes: number;
  seconds: number;
  rowsPerSecond: number;
  baselineRssMb: number;
  peakRssMb: number;
  deltaRssMb: number;
}

export const CSV_HEADER =
  'response_id,interaction_id,customer_id,channel,agent_id,team_id,product,score,category,comment,sentiment,language,submitted_at';

/**
 * GETs an export and reads it as a stream, never holding the body: counts records (CSV: CRLF
 * outside quotes, RFC 4180; JSONL: newlines) and samples this process's RSS every 50 ms against a
 * baseline taken after a full GC.
 */
export async function measureExport(
  api: Api,
  path: string,
  format: 'csv' | 'jsonl',
  expectedRows: number,
): Promise<ExportFigures> {
  collectGarbage?.();
  await new Promise((r) => setTimeout(r, 200));
  collectGarbage?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, RSS_SAMPLE_MS);

  const t0 = performance.now();
  let records = 0;
  let bytes = 0;
  let lastByte = 0x0a;
  let firstLine: number[] = [];
  let firstLineDone = false;
  try {
    const res = await api.request('GET', path);
    if (res.status !== 200 || !res.body)
      throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
    let inQuotes = false;
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.length;
      for (let i = 0; i < value.length; i++) {
        const byte = value[i] ?? 0;
        if (!firstLineDone) firstLine.push(byte);
        if (format === 'csv' && byte === 0x22) inQuotes = !inQuotes;
        else if (byte === 0x0a && !inQuotes) {
          records++;
          firstLineDone = true;
        }
      }
      if (value.length > 0) lastByte = value[value.length - 1] ?? lastByte;
      peak = Math.max(peak, process.memoryUsage().rss);
    }
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - t0) / 1000;
  peak = Math.max(peak, process.memoryUsage().rss);
  // A last record without its newline still counts.
  if (bytes > 0 && lastByte !== 0x0a) records++;
  const first = Buffer.from(firstLine).toString('utf8').trimEnd();
  firstLine = [];
  let rows = records;
  if (format === 'csv') {
    if (first !== CSV_HEADER) throw new Error(`Unexpected CSV header: ${first}`);
    rows = records - 1;
  } else if (expectedRows > 0) {
    const parsed = JSON.parse(first) as unknown;
    if (typeof parsed !== 'object' || parsed === null) throw new Error(`Unexpected JSONL line: ${first}`);
  }
  if (rows !== expectedRows) throw new Error(`${path} has ${rows} rows, expected ${expectedRows}`);
  return {
    rows,
    bytes,
    seconds: round(seconds, 2),
    rowsPerSecond: round(rows / seconds, 0),
    baselineRssMb: mb(baseline),
    peakRssMb: mb(peak),
    deltaRssMb: mb(peak - baseline),
  };
}
