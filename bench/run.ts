/**
 * `npm run bench`: Lifeline's figures on the local runtime (DynamoDB Local, local SQS queues and the
 * Lambda handlers in this process), printed as a table and written to bench/results.json.
 *
 * What is measured, and why:
 * 1. Answers end-to-end: N invitations (BENCH_ANSWERS, default 1000) are created through
 *    `POST /interactions` (not timed); then the clock runs from the first `POST /responses`
 *    (16 in flight, scores 0–10, about half with a short comment) until `GET /nps` for today counts
 *    all N, polled every 100 ms. That is the whole pipeline a customer's answer goes through
 *    (survey API, queue, response processor with sentiment, aggregate transaction), so answers/s is
 *    the rate at which answers become visible in the report. The POST-only rate and its p50/p95
 *    latency show what the survey API alone accepts.
 * 2. /nps for a year: 100,000 responses over 365 days ending today (3 teams × 5 agents, 2 channels,
 *    2 products) are seeded straight into the table with BatchWrite (the pipeline would take far
 *    too long), using the store's key functions and the attributes the store writes, plus the daily
 *    aggregate items consistent with them. Then four report shapes (plain, by team, by agent per
 *    week, per month) are timed, 20 sequential requests each after 3 warm-ups. /nps reads only
 *    daily aggregates, so its cost is days × groups items, reported beside each line.
 * 3. CSV export of those 100,000 rows: rows/s, and the peak RSS of this process (the runtime runs
 *    in-process) sampled every 50 ms during the export, against the baseline before it: the export
 *    is meant to stay bounded in memory whatever the range.
 *
 * Sections 2 and 3 run before section 1, so the export sees exactly the 100,000 seeded rows and
 * section 1 waits for its N answers on top of what the seeding left for today.
 * Progress goes to stderr; the table to stdout. The data dir is a fresh directory under os.tmpdir():
 * on a disk DynamoDB Local is bound by SQLite's fsyncs (seeding ~500 items/s, a few minutes);
 * `TMPDIR=/dev/shm npm run bench` puts it in memory (several times faster, less realistic).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
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
import { type Runtime, startRuntime } from '../local/runtime';

const ANSWERS = Number(process.env.BENCH_ANSWERS ?? 1000);
const SEEDED_RESPONSES = 100_000;
const SEEDED_DAYS = 365;
const ANSWER_CONCURRENCY = 16;
const SEED_BATCH = 25;
const SEED_IN_FLIGHT = 8;
const NPS_WARMUPS = 3;
const NPS_RUNS = 20;
const POLL_MS = 100;
const RSS_SAMPLE_MS = 50;
const ANSWERS_TIMEOUT_MS = 5 * 60_000;

const TEAMS = ['billing', 'support', 'onboarding'] as const;
const AGENTS_PER_TEAM = 5;
const CHANNELS: readonly Channel[] = ['email', 'sms'];
const PRODUCTS = ['fiber', 'mobile'] as const;
const COMMENTS = [
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

const RESULTS_FILE = fileURLToPath(new URL('./results.json', import.meta.url));

type Item = Record<string, unknown>;

// ---- small helpers ------------------------------------------------------------------------------

const progress = (line: string): void => {
  process.stderr.write(`… ${line}\n`);
};

const round = (value: number, digits = 1): number => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

/** Nearest-rank percentile of a list of numbers. */
function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

/** Deterministic PRNG (mulberry32), so every run seeds the same data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const dayOffset = (day: string, delta: number): string => {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + delta);
  return date.toISOString().slice(0, 10);
};

/** Runs `work` over `count` indexes with at most `limit` in flight. */
async function pool(count: number, limit: number, work: (index: number) => Promise<void>): Promise<void> {
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
const collectGarbage: (() => void) | undefined = (() => {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? () => (gc as () => void)() : undefined;
  } catch {
    return undefined;
  }
})();

const mb = (bytes: number): number => round(bytes / 1024 / 1024, 0);

// ---- HTTP client --------------------------------------------------------------------------------

class Api {
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

interface NpsBody {
  responses: number;
}

// ---- section 2: seeding -------------------------------------------------------------------------

interface Seeded {
  from: string;
  to: string;
  responses: number;
  /** Aggregate items written, per dimension ('all' included). */
  aggregateItems: Record<Dimension | 'all', number>;
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

/** The i-th seeded response: days spread evenly over the year, the rest from a seeded PRNG. */
function seededResponse(
  i: number,
  random: () => number,
  from: string,
  now: Date,
): SurveyResponse & { countedAt: string } {
  const dayIndex = Math.floor((i * SEEDED_DAYS) / SEEDED_RESPONSES);
  const day = dayOffset(from, dayIndex);
  const dayStart = Date.parse(`${day}T00:00:00Z`);
  // Today only up to now, so no answer is from the future.
  const span = Math.min(86_400_000, now.getTime() - dayStart);
  const submittedAt = new Date(dayStart + Math.floor(random() * Math.max(1, span))).toISOString();
  const team = TEAMS[Math.floor(random() * TEAMS.length)] ?? 'billing';
  const agent = `A-${team}-${1 + Math.floor(random() * AGENTS_PER_TEAM)}`;
  const channel = CHANNELS[Math.floor(random() * CHANNELS.length)] ?? 'email';
  const product = PRODUCTS[Math.floor(random() * PRODUCTS.length)] ?? 'fiber';
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

async function seedYear(endpoint: string, tableName: string, today: string): Promise<Seeded> {
  const db = createDocumentClient(
    new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 5 }),
  );
  const from = dayOffset(today, -(SEEDED_DAYS - 1));
  const now = new Date();
  const random = prng(0x11fe11e);
  const aggregates = new Map<
    string,
    { dimension: Dimension | 'all'; day: string; group: string; counts: NpsCounts }
  >();
  const started = performance.now();
  let written = 0;
  try {
    // Response items, generated batch by batch (never all 100,000 in memory).
    let nextIndex = 0;
    const nextBatch = (): Item[] => {
      const batch: Item[] = [];
      while (batch.length < SEED_BATCH && nextIndex < SEEDED_RESPONSES) {
        const r = seededResponse(nextIndex++, random, from, now);
        const delta = countsOf(categorize(r.score));
        for (const [dimension, group] of groupsOf(r)) {
          const key = `${dimension}|${r.countedDay}|${group}`;
          const entry = aggregates.get(key) ?? {
            dimension,
            day: r.countedDay ?? '',
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
    const responseBatches = Math.ceil(SEEDED_RESPONSES / SEED_BATCH);
    let lastReport = performance.now();
    await pool(responseBatches, SEED_IN_FLIGHT, async () => {
      const batch = nextBatch();
      await batchWrite(db, tableName, batch);
      written += batch.length;
      if (performance.now() - lastReport > 10_000) {
        lastReport = performance.now();
        progress(`seeded ${written} items (${round(written / ((lastReport - started) / 1000), 0)} items/s)`);
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
    responses: SEEDED_RESPONSES,
    aggregateItems,
    seconds,
    itemsPerSecond: written / seconds,
  };
}

// ---- section 2: /nps latency --------------------------------------------------------------------

interface NpsTiming {
  name: string;
  query: string;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  aggregateItemsRead: number;
}

async function timeNps(api: Api, seeded: Seeded): Promise<NpsTiming[]> {
  const range = `from=${seeded.from}&to=${seeded.to}`;
  const shapes: { name: string; query: string; groupBy?: Dimension }[] = [
    { name: '/nps year plain', query: range },
    { name: '/nps year groupBy=team', query: `${range}&groupBy=team`, groupBy: 'team' },
    { name: '/nps year agent×week', query: `${range}&groupBy=agent&interval=week`, groupBy: 'agent' },
    { name: '/nps year interval=month', query: `${range}&interval=month` },
  ];
  const timings: NpsTiming[] = [];
  for (const shape of shapes) {
    const path = `/nps?${shape.query}`;
    const first = await api.json<NpsBody>('GET', path);
    if (first.body.responses !== seeded.responses) {
      throw new Error(`${path} counts ${first.body.responses} responses, expected ${seeded.responses}`);
    }
    for (let i = 1; i < NPS_WARMUPS; i++) await api.json<NpsBody>('GET', path);
    const ms: number[] = [];
    for (let i = 0; i < NPS_RUNS; i++) {
      const t0 = performance.now();
      await api.json<NpsBody>('GET', path);
      ms.push(performance.now() - t0);
    }
    timings.push({
      name: shape.name,
      query: shape.query,
      p50Ms: round(percentile(ms, 50)),
      p95Ms: round(percentile(ms, 95)),
      maxMs: round(Math.max(...ms)),
      // The report reads the `all` items of the range, plus those of the groupBy dimension.
      aggregateItemsRead:
        seeded.aggregateItems.all + (shape.groupBy ? seeded.aggregateItems[shape.groupBy] : 0),
    });
    progress(`${shape.name}: p50 ${timings.at(-1)?.p50Ms} ms`);
  }
  return timings;
}

// ---- section 3: CSV export ----------------------------------------------------------------------

interface CsvFigures {
  rows: number;
  bytes: number;
  seconds: number;
  rowsPerSecond: number;
  baselineRssMb: number;
  peakRssMb: number;
  deltaRssMb: number;
}

const CSV_HEADER =
  'response_id,interaction_id,customer_id,channel,agent_id,team_id,product,score,category,comment,sentiment,language,submitted_at';

async function timeCsvExport(api: Api, seeded: Seeded): Promise<CsvFigures> {
  collectGarbage?.();
  await new Promise((r) => setTimeout(r, 200));
  collectGarbage?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, RSS_SAMPLE_MS);

  const t0 = performance.now();
  let lines = 0;
  let bytes = 0;
  let headerBytes: number[] = [];
  let headerDone = false;
  try {
    const res = await api.request('GET', `/exports/responses.csv?from=${seeded.from}&to=${seeded.to}`);
    if (res.status !== 200 || !res.body)
      throw new Error(`CSV export answered ${res.status}: ${await res.text()}`);
    // Stream-read, counting record ends (CRLF outside quotes, RFC 4180), never holding the body.
    let inQuotes = false;
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.length;
      for (let i = 0; i < value.length; i++) {
        const byte = value[i] ?? 0;
        if (!headerDone) headerBytes.push(byte);
        if (byte === 0x22) inQuotes = !inQuotes;
        else if (byte === 0x0a && !inQuotes) {
          lines++;
          headerDone = true;
        }
      }
      peak = Math.max(peak, process.memoryUsage().rss);
    }
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - t0) / 1000;
  peak = Math.max(peak, process.memoryUsage().rss);
  const header = Buffer.from(headerBytes).toString('utf8').trimEnd();
  headerBytes = [];
  if (header !== CSV_HEADER) throw new Error(`Unexpected CSV header: ${header}`);
  const rows = lines - 1;
  if (rows !== seeded.responses)
    throw new Error(`CSV export has ${rows} data rows, expected ${seeded.responses}`);
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

// ---- section 1: answers end-to-end --------------------------------------------------------------

interface AnswerFigures {
  answers: number;
  seconds: number;
  answersPerSecond: number;
  postSeconds: number;
  postRequestsPerSecond: number;
  postP50Ms: number;
  postP95Ms: number;
}

async function timeAnswers(api: Api, runtime: Runtime, today: string): Promise<AnswerFigures> {
  const todayPath = `/nps?from=${today}&to=${today}`;
  const baseline = (await api.json<NpsBody>('GET', todayPath)).body.responses;

  // Invitations (not timed).
  const tokens: string[] = new Array<string>(ANSWERS);
  const runId = Date.now().toString(36);
  const setupStart = performance.now();
  await pool(ANSWERS, ANSWER_CONCURRENCY, async (i) => {
    const team = TEAMS[i % TEAMS.length] ?? 'billing';
    const { body } = await api.json<{ status: string; surveyUrl?: string }>('POST', '/interactions', {
      interactionId: `BENCH-${runId}-${i}`,
      channel: 'email',
      customer: { id: `BENCH-C-${runId}-${i}`, email: `bench-${runId}-${i}@example.com`, name: 'Ana' },
      agentId: `A-${team}-${1 + (i % AGENTS_PER_TEAM)}`,
      teamId: team,
      product: PRODUCTS[i % PRODUCTS.length],
      occurredAt: new Date().toISOString(),
    });
    const token = body.surveyUrl?.split('/s/')[1];
    if (!token) throw new Error(`Interaction ${i} got no survey URL (status ${body.status})`);
    tokens[i] = token;
  });
  // Let the invitation sender finish, so the timed part measures answers only.
  await runtime.queues.idle(120_000);
  progress(`${ANSWERS} invitations created and sent in ${round((performance.now() - setupStart) / 1000)} s`);

  const latencies: number[] = [];
  const t0 = performance.now();
  let postsDone = 0;
  let countedAt: number | undefined;
  let failure: unknown;

  const poller = (async () => {
    while (countedAt === undefined && failure === undefined) {
      await new Promise((r) => setTimeout(r, POLL_MS));
      if (performance.now() - t0 > ANSWERS_TIMEOUT_MS) {
        failure = new Error(`Not all answers counted after ${ANSWERS_TIMEOUT_MS / 1000} s`);
        break;
      }
      const { body } = await api.json<NpsBody>('GET', todayPath);
      if (body.responses - baseline >= ANSWERS) countedAt = performance.now();
    }
  })();

  try {
    await pool(ANSWERS, ANSWER_CONCURRENCY, async (i) => {
      const started = performance.now();
      const answer: { token: string; score: number; comment?: string } = {
        token: tokens[i] ?? '',
        score: i % 11,
      };
      if (i % 2 === 0) answer.comment = COMMENTS[i % COMMENTS.length];
      const res = await api.request('POST', '/responses', answer, false);
      const text = await res.text();
      if (res.status !== 202)
        throw new Error(`POST /responses answered ${res.status}: ${text.slice(0, 300)}`);
      latencies.push(performance.now() - started);
      postsDone++;
    });
  } catch (error) {
    failure ??= error;
  }
  const postSeconds = (performance.now() - t0) / 1000;
  await poller;
  if (failure !== undefined) throw failure;
  const seconds = ((countedAt ?? performance.now()) - t0) / 1000;
  return {
    answers: postsDone,
    seconds: round(seconds, 2),
    answersPerSecond: round(ANSWERS / seconds),
    postSeconds: round(postSeconds, 2),
    postRequestsPerSecond: round(ANSWERS / postSeconds),
    postP50Ms: round(percentile(latencies, 50)),
    postP95Ms: round(percentile(latencies, 95)),
  };
}

// ---- main ---------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const benchStart = performance.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'lifeline-bench-'));
  let runtime: Runtime | undefined;
  let stopping: Promise<void> | undefined;
  const cleanup = async () => {
    stopping ??= (async () => {
      await runtime?.stop().catch((error: unknown) => progress(`stop failed: ${String(error)}`));
      rmSync(dataDir, { recursive: true, force: true });
    })();
    await stopping;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    progress(`${signal}: stopping the runtime`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    if (!Number.isInteger(ANSWERS) || ANSWERS < 1)
      throw new Error('BENCH_ANSWERS must be a positive integer');
    progress('starting the local runtime (DynamoDB Local, queues, handlers)');
    runtime = await startRuntime({ port: 0, dataDir, sweepIntervalMs: 3_600_000 });
    const endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;
    const tableName = process.env.TABLE_NAME;
    if (!endpoint || !tableName)
      throw new Error('The runtime did not set the DynamoDB endpoint and table name');
    const api = new Api(runtime.url, runtime.adminToken);
    const today = utcDay(new Date().toISOString());

    progress(
      `seeding ${SEEDED_RESPONSES} responses over ${SEEDED_DAYS} days, ${SEED_IN_FLIGHT} BatchWrites in flight`,
    );
    const seeded = await seedYear(endpoint, tableName, today);
    progress(`seeded in ${round(seeded.seconds)} s`);
    const nps = await timeNps(api, seeded);
    progress('exporting the year as CSV');
    const csv = await timeCsvExport(api, seeded);
    progress(`answering ${ANSWERS} surveys`);
    const answers = await timeAnswers(api, runtime, today);

    const machine = {
      cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
      cores: availableParallelism(),
      node: process.version,
    };
    const totalSeconds = round((performance.now() - benchStart) / 1000);
    const label = (text: string): string => text.padEnd(26);
    const aggregatesSeeded = Object.values(seeded.aggregateItems).reduce((a, b) => a + b, 0);
    const lines = [
      `Lifeline benchmark (local runtime, ${machine.cpu}, ${machine.cores} cores, node ${machine.node})`,
      `${label('answers end-to-end')}${answers.answersPerSecond.toFixed(1)} answers/s   (${answers.answers} answers counted in ${answers.seconds} s, POST p50 ${answers.postP50Ms} ms p95 ${answers.postP95Ms} ms)`,
      `${label('POST /responses accepted')}${answers.postRequestsPerSecond.toFixed(1)} req/s   (${ANSWER_CONCURRENCY} in flight, all accepted in ${answers.postSeconds} s)`,
      `${label('seeding (info)')}${seeded.responses} responses + ${aggregatesSeeded} aggregate items in ${round(seeded.seconds)} s  (${round(seeded.itemsPerSecond, 0)} items/s)`,
      ...nps.map(
        (t) =>
          `${label(t.name)}p50 ${t.p50Ms} ms  p95 ${t.p95Ms} ms  max ${t.maxMs} ms  (reads ${t.aggregateItemsRead} aggregate items)`,
      ),
      `${label('CSV export')}${csv.rowsPerSecond} rows/s  (${csv.rows} rows, ${mb(csv.bytes)} MB in ${csv.seconds} s)  peak RSS ${csv.peakRssMb} MB (baseline ${csv.baselineRssMb} MB, +${csv.deltaRssMb} MB)`,
      `${label('total bench time')}${totalSeconds} s`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);

    const results = {
      date: new Date().toISOString(),
      machine,
      answers: { ...answers, concurrency: ANSWER_CONCURRENCY },
      seeding: {
        responses: seeded.responses,
        days: SEEDED_DAYS,
        from: seeded.from,
        to: seeded.to,
        aggregateItems: seeded.aggregateItems,
        seconds: round(seeded.seconds),
        itemsPerSecond: round(seeded.itemsPerSecond, 0),
      },
      nps: nps.map(({ name, query, p50Ms, p95Ms, maxMs, aggregateItemsRead }) => ({
        name,
        query: query.replace(/from=[^&]+&to=[^&]+/, 'from=<365 days>&to=<today>'),
        p50Ms,
        p95Ms,
        maxMs,
        aggregateItemsRead,
      })),
      csvExport: csv,
      totalSeconds,
    };
    writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  } finally {
    await cleanup();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
