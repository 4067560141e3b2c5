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
 * 2. /nps for a year: 100,000 responses (BENCH_YEAR_RESPONSES) over 365 days ending today (3 teams × 5 agents, 2 channels,
 *    2 products) are seeded straight into the table with BatchWrite (the pipeline would take far
 *    too long), using the store's key functions and the attributes the store writes, plus the daily
 *    aggregate items consistent with them. Then four report shapes (plain, by team, by agent per
 *    week, per month) are timed, 20 sequential requests each after 3 warm-ups. /nps reads only
 *    daily aggregates, so its cost is days × groups items, reported beside each line.
 * 3. CSV export of those 100,000 rows: rows/s, and the peak RSS of this process (the runtime runs
 *    in-process) sampled every 50 ms during the export, against the baseline before it: the export
 *    is meant to stay bounded in memory whatever the range.
 * 4. Scale (bench/scale.ts): a year of 1,000,000 responses over 20 teams on a DynamoDB Local of its
 *    own, in memory, in a process of its own, after this runtime is stopped: seed rate, /nps with
 *    the aggregate items each request reads, and CSV/JSONL exports of a tenth of the rows and of
 *    all of them with their memory. BENCH_SCALE_RESPONSES sets the size, BENCH_SCALE=0 skips it.
 *
 * Sections 2 and 3 run before section 1, so the export sees exactly the 100,000 seeded rows and
 * section 1 waits for its N answers on top of what the seeding left for today.
 * Progress goes to stderr; the table to stdout. The data dir is a fresh directory under os.tmpdir():
 * on a disk DynamoDB Local is bound by SQLite's fsyncs (seeding ~500 items/s, a few minutes);
 * `TMPDIR=/dev/shm npm run bench` puts it in memory (several times faster, less realistic).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { LocalSentimentAnalyzer } from '../functions/adapters/local-sentiment/local-sentiment-analyzer';
import type { Channel, Dimension } from '../functions/domain/model';
import { utcDay } from '../functions/domain/nps';
import { type Runtime, startRuntime } from '../local/runtime';
import { runScaleSection, type ScaleFigures, scaleLines, scaleResponses } from './scale';
import {
  Api,
  COMMENTS,
  type ExportFigures,
  intSetting,
  mb,
  measureExport,
  type NpsBody,
  percentile,
  pool,
  progress,
  round,
  SEED_IN_FLIGHT,
  type Seeded,
  type SeedPlan,
  seedYear,
  timeGets,
} from './support';

const ANSWERS = Number(process.env.BENCH_ANSWERS ?? 1000);
const SEEDED_RESPONSES = intSetting('BENCH_YEAR_RESPONSES', 100_000, 365);
const SEEDED_DAYS = 365;
const ANSWER_CONCURRENCY = 16;
const NPS_WARMUPS = 3;
const NPS_RUNS = 20;
const POLL_MS = 100;
const ANSWERS_TIMEOUT_MS = 5 * 60_000;

const TEAMS = ['billing', 'support', 'onboarding'] as const;
const AGENTS_PER_TEAM = 5;
const CHANNELS: readonly Channel[] = ['email', 'sms'];
const PRODUCTS = ['fiber', 'mobile'] as const;

const YEAR_PLAN: SeedPlan = {
  responses: SEEDED_RESPONSES,
  days: SEEDED_DAYS,
  teams: TEAMS,
  agentsPerTeam: AGENTS_PER_TEAM,
  channels: CHANNELS,
  products: PRODUCTS,
  prngSeed: 0x11fe11e,
};

/** The environment before the runtime of sections 1–3 adds its settings: the scale section's process starts from it. */
const ENV_BEFORE_RUNTIME = { ...process.env };

const RESULTS_FILE = fileURLToPath(new URL('./results.json', import.meta.url));

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
    const timing = await timeGets<NpsBody>(api, path, NPS_WARMUPS, NPS_RUNS, (body) => {
      if (body.responses !== seeded.responses)
        throw new Error(`${path} counts ${body.responses} responses, expected ${seeded.responses}`);
    });
    timings.push({
      name: shape.name,
      query: shape.query,
      ...timing,
      // The report reads the `all` items of the range, plus those of the groupBy dimension.
      aggregateItemsRead:
        seeded.aggregateItems.all + (shape.groupBy ? seeded.aggregateItems[shape.groupBy] : 0),
    });
    progress(`${shape.name}: p50 ${timing.p50Ms} ms`);
  }
  return timings;
}

// ---- section 3: CSV export ----------------------------------------------------------------------

type CsvFigures = ExportFigures;

async function timeCsvExport(api: Api, seeded: Seeded): Promise<CsvFigures> {
  const path = `/exports/responses.csv?from=${seeded.from}&to=${seeded.to}`;
  const figures = await measureExport(api, path, 'csv', seeded.responses);
  return figures;
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

// ---- local analyzer ----------------------------------------------------------------------------

interface AnalyzerFigures {
  comments: number;
  commentsPerSecond: number;
  p50BatchMs: number;
}

/**
 * The local sentiment analyzer alone: the 80 labelled dev comments (five languages) repeated into
 * batches of 25, the response processor's batch size; 10 warm-up batches, then 400 timed ones.
 */
async function timeAnalyzer(): Promise<AnalyzerFigures> {
  const file = fileURLToPath(new URL('../../shared/data/comments-dev.jsonl', import.meta.url));
  const texts = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => String((JSON.parse(line) as { text: string }).text));
  const analyzer = new LocalSentimentAnalyzer();
  const batch = (b: number) =>
    Array.from({ length: 25 }, (_, i) => ({
      id: `${b}-${i}`,
      text: texts[(b * 25 + i) % texts.length] ?? '',
    }));
  for (let b = 0; b < 10; b++) await analyzer.analyze(batch(b));
  const times: number[] = [];
  const started = performance.now();
  for (let b = 0; b < 400; b++) {
    const t = performance.now();
    await analyzer.analyze(batch(b));
    times.push(performance.now() - t);
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    comments: 400 * 25,
    commentsPerSecond: round((400 * 25) / seconds, 0),
    p50BatchMs: round(percentile(times, 50), 2),
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
  const scaleAbort = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    progress(`${signal}: stopping the runtime`);
    scaleAbort.abort();
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    if (!Number.isInteger(ANSWERS) || ANSWERS < 1)
      throw new Error('BENCH_ANSWERS must be a positive integer');
    const scaleSize = scaleResponses();
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
    const seeded = await seedYear(endpoint, tableName, today, YEAR_PLAN);
    progress(`seeded in ${round(seeded.seconds)} s`);
    const nps = await timeNps(api, seeded);
    progress('exporting the year as CSV');
    const csv = await timeCsvExport(api, seeded);
    progress(`answering ${ANSWERS} surveys`);
    const answers = await timeAnswers(api, runtime, today);
    progress('timing the local analyzer');
    const analyzerFigures = await timeAnalyzer();

    const machine = {
      cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
      cores: availableParallelism(),
      node: process.version,
    };
    const label = (text: string): string => text.padEnd(30);
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
      `${label('local analyzer')}${analyzerFigures.commentsPerSecond} comments/s  (${analyzerFigures.comments} comments in batches of 25, p50 ${analyzerFigures.p50BatchMs} ms per batch)`,
      `${label('CSV export')}${csv.rowsPerSecond} rows/s  (${csv.rows} rows, ${mb(csv.bytes)} MB in ${csv.seconds} s)  peak RSS ${csv.peakRssMb} MB (baseline ${csv.baselineRssMb} MB, +${csv.deltaRssMb} MB)`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);

    // The scale section runs alone: this runtime is stopped first (its figures are printed above).
    await cleanup();
    let scale: ScaleFigures | undefined;
    if (scaleSize === undefined) progress('scale section skipped (BENCH_SCALE=0)');
    else {
      progress(`scale section: ${scaleSize} responses, in a process of its own`);
      scale = await runScaleSection(ENV_BEFORE_RUNTIME, scaleAbort.signal);
      process.stdout.write(`${scaleLines(scale, label).join('\n')}\n`);
    }
    const totalSeconds = round((performance.now() - benchStart) / 1000);
    process.stdout.write(`${label('total bench time')}${totalSeconds} s\n`);

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
      localAnalyzer: analyzerFigures,
      scale: scale ?? { skipped: 'BENCH_SCALE=0' },
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
