/**
 * The scale section of `npm run bench`: a year of BENCH_SCALE_RESPONSES responses (default
 * 1,000,000; `BENCH_SCALE=0` skips the section) over 20 teams × 4 agents, 2 channels and 3
 * products, on its own DynamoDB Local kept in memory, through the real local runtime's HTTP API.
 *
 * 1. Seeding: the rows and their daily aggregates, with the shared seeding code (the store's item
 *    shapes, BatchWrite, rows generated batch by batch so they are never all in memory).
 * 2. `/nps` over the year (plain, `groupBy=team`, `groupBy=team&interval=week`): p50/p95 of 20
 *    requests after 3 warm-ups; every answer must count all the seeded responses (in its totals,
 *    its groups and its series). The report reads daily aggregates only: the items each request
 *    reads are computed from what was seeded and cross-checked by counting the items of the
 *    range's aggregate partitions (Query, Select COUNT) — they depend on days × groups, not on rows.
 * 3. Exports: `GET /exports/responses.csv` of a sub-range holding about a tenth of the rows, then of
 *    the whole year, each with rows/s and this process's peak RSS against the baseline before it:
 *    if the export streams, the two rises are about the same; if it builds the body in memory, the
 *    year's rise is about ten times the sub-range's. `GET /exports/responses.jsonl` the same way.
 *
 * It runs in a process of its own, forked by run.ts: the handlers read their table and DynamoDB
 * endpoint once per process (at cold start, as in Lambda), so a runtime on a second DynamoDB Local
 * needs a fresh process, and the RSS measured is then this section's alone. `tsx bench/scale.ts`
 * runs it on its own and prints its lines.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { npsPartition } from '../functions/adapters/dynamodb/keys';
import type { Channel, Dimension } from '../functions/domain/model';
import { utcDay } from '../functions/domain/nps';
import { startDynamoDbLocal } from '../local/dynamodb-local';
import { type Runtime, startRuntime } from '../local/runtime';
import {
  Api,
  benchDocumentClient,
  type ExportFigures,
  intSetting,
  measureExport,
  type NpsBody,
  progress,
  round,
  SEED_IN_FLIGHT,
  type Seeded,
  type SeedPlan,
  seedYear,
  timeGets,
} from './support';

export const SCALE_DEFAULT_RESPONSES = 1_000_000;
const SCALE_DAYS = 365;
const TEAMS = [
  'billing',
  'support',
  'onboarding',
  'retention',
  'sales',
  'returns',
  'shipping',
  'technical',
  'accounts',
  'claims',
  'installs',
  'network',
  'devices',
  'roaming',
  'business',
  'premium',
  'security',
  'payments',
  'loyalty',
  'moving',
] as const;
const AGENTS_PER_TEAM = 4;
const CHANNELS: readonly Channel[] = ['email', 'sms'];
const PRODUCTS = ['fiber', 'mobile', 'tv'] as const;
const NPS_WARMUPS = 3;
const NPS_RUNS = 20;
/** The sub-range export holds about this share of the rows. */
const SUB_RANGE_SHARE = 0.1;
const TABLE_NAME = 'lifeline-scale';

interface ScaleNpsTiming {
  name: string;
  query: string;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** Computed from what was seeded: the `all` items of the range plus those of the groupBy dimension. */
  aggregateItemsRead: number;
  /** The same, counted in the table (Query Select COUNT over the range's aggregate partitions). */
  aggregateItemsCounted: number;
}

type RangedExport = ExportFigures & { from: string; to: string; days: number };

export interface ScaleFigures {
  dynamodb: 'DynamoDB Local, in memory';
  responses: number;
  days: number;
  from: string;
  to: string;
  teams: number;
  agents: number;
  channels: number;
  products: number;
  seeding: {
    responses: number;
    aggregateItems: Record<Dimension | 'all', number>;
    itemsWritten: number;
    seconds: number;
    itemsPerSecond: number;
    inFlight: number;
    /** Resident memory of the DynamoDB Local (Java) process once seeded; Linux only. */
    dynamoDbLocalRssMb?: number;
  };
  nps: ScaleNpsTiming[];
  csvSubRange: RangedExport;
  csvYear: RangedExport;
  jsonlSubRange: RangedExport;
  jsonlYear: RangedExport;
  seconds: number;
  /** When run smaller than 1,000,000: the section's duration at 1,000,000, assuming the same rates. */
  estimatedSecondsAtDefault?: number;
}

// ---- /nps ---------------------------------------------------------------------------------------

/** Counts the aggregate items of one dimension in a day range, the way the report's Query selects them. */
async function countAggregateItems(
  endpoint: string,
  dimension: Dimension | 'all',
  from: string,
  to: string,
): Promise<number> {
  const db = benchDocumentClient(endpoint);
  let count = 0;
  try {
    for (let month = from.slice(0, 7); month <= to.slice(0, 7); month = nextMonth(month)) {
      let startKey: Record<string, unknown> | undefined;
      do {
        const out = await db.send(
          new QueryCommand({
            TableName: TABLE_NAME,
            Select: 'COUNT',
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
            ExpressionAttributeValues: {
              ':pk': npsPartition(dimension, month),
              ':from': `${from}#`,
              ':to': `${to}#\u{10FFFF}`,
            },
            ExclusiveStartKey: startKey,
          }),
        );
        count += out.Count ?? 0;
        startKey = out.LastEvaluatedKey;
      } while (startKey);
    }
  } finally {
    db.destroy();
  }
  return count;
}

/** Resident memory of another process from /proc (Linux); `undefined` elsewhere. */
function processRssMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : round(Number(kb) / 1024, 0);
  } catch {
    return undefined;
  }
}

const nextMonth = (month: string): string => {
  const date = new Date(`${month}-01T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + 1);
  return date.toISOString().slice(0, 7);
};

const sum = (rows: readonly { responses: number }[] | undefined): number =>
  (rows ?? []).reduce((total, row) => total + row.responses, 0);

async function timeScaleNps(api: Api, endpoint: string, seeded: Seeded): Promise<ScaleNpsTiming[]> {
  const range = `from=${seeded.from}&to=${seeded.to}`;
  const shapes: { name: string; query: string; groupBy?: Dimension; interval?: boolean }[] = [
    { name: '/nps year plain', query: range },
    { name: '/nps year groupBy=team', query: `${range}&groupBy=team`, groupBy: 'team' },
    {
      name: '/nps year team×week',
      query: `${range}&groupBy=team&interval=week`,
      groupBy: 'team',
      interval: true,
    },
  ];
  const counted = new Map<Dimension | 'all', number>();
  const countOf = async (dimension: Dimension | 'all'): Promise<number> => {
    const known = counted.get(dimension);
    if (known !== undefined) return known;
    const count = await countAggregateItems(endpoint, dimension, seeded.from, seeded.to);
    if (count !== seeded.aggregateItems[dimension])
      throw new Error(
        `${count} ${dimension} aggregate items in the table, ${seeded.aggregateItems[dimension]} seeded`,
      );
    counted.set(dimension, count);
    return count;
  };
  const timings: ScaleNpsTiming[] = [];
  for (const shape of shapes) {
    const path = `/nps?${shape.query}`;
    const timing = await timeGets<NpsBody>(api, path, NPS_WARMUPS, NPS_RUNS, (body) => {
      const expect = (what: string, actual: number) => {
        if (actual !== seeded.responses)
          throw new Error(`${path}: ${what} count ${actual} responses, expected ${seeded.responses}`);
      };
      expect('the totals', body.responses);
      if (shape.groupBy) {
        if (body.groups?.length !== TEAMS.length)
          throw new Error(`${path}: ${body.groups?.length ?? 0} groups, expected ${TEAMS.length}`);
        expect('the groups', sum(body.groups));
      }
      if (shape.interval) expect('the series', sum(body.series));
    });
    const aggregateItemsRead =
      seeded.aggregateItems.all + (shape.groupBy ? seeded.aggregateItems[shape.groupBy] : 0);
    const aggregateItemsCounted = (await countOf('all')) + (shape.groupBy ? await countOf(shape.groupBy) : 0);
    timings.push({
      name: shape.name,
      query: shape.query,
      ...timing,
      aggregateItemsRead,
      aggregateItemsCounted,
    });
    progress(`${shape.name}: p50 ${timing.p50Ms} ms, reads ${aggregateItemsRead} aggregate items`);
  }
  return timings;
}

// ---- exports ------------------------------------------------------------------------------------

/** The first days of the range holding at least `share` of the rows, and their row count. */
function subRange(seeded: Seeded, share: number): { from: string; to: string; days: number; rows: number } {
  const days = [...seeded.responsesByDay.keys()].sort();
  let rows = 0;
  let last = seeded.from;
  let count = 0;
  for (const day of days) {
    rows += seeded.responsesByDay.get(day) ?? 0;
    last = day;
    count++;
    if (rows >= seeded.responses * share) break;
  }
  return { from: seeded.from, to: last, days: count, rows };
}

async function timeRangedExport(
  api: Api,
  format: 'csv' | 'jsonl',
  range: { from: string; to: string; days: number; rows: number },
): Promise<RangedExport> {
  progress(`exporting ${range.rows} rows (${range.days} days) as ${format.toUpperCase()}`);
  const path = `/exports/responses.${format}?from=${range.from}&to=${range.to}`;
  const figures = await measureExport(api, path, format, range.rows);
  progress(
    `${format} ${figures.rows} rows: ${figures.rowsPerSecond} rows/s, RSS +${figures.deltaRssMb} MB (peak ${figures.peakRssMb} MB)`,
  );
  return { from: range.from, to: range.to, days: range.days, ...figures };
}

// ---- the section --------------------------------------------------------------------------------

/** Runs the section in this process: its own in-memory DynamoDB Local and runtime, stopped at the end. */
async function measureScale(responses: number): Promise<ScaleFigures> {
  const started = performance.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'lifeline-bench-scale-'));
  progress('scale: starting DynamoDB Local in memory and the local runtime');
  const dynamo = await startDynamoDbLocal();
  let runtime: Runtime | undefined;
  let stopping: Promise<void> | undefined;
  const cleanup = async () => {
    stopping ??= (async () => {
      await runtime?.stop().catch((error: unknown) => progress(`scale: stop failed: ${String(error)}`));
      await dynamo.stop();
      rmSync(dataDir, { recursive: true, force: true });
    })();
    await stopping;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    progress(`scale: ${signal}, stopping its runtime and DynamoDB Local`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    runtime = await startRuntime({
      port: 0,
      dataDir,
      dynamoEndpoint: dynamo.endpoint,
      tableName: TABLE_NAME,
      sweepIntervalMs: 3_600_000,
    });
    const api = new Api(runtime.url, runtime.adminToken);
    const today = utcDay(new Date().toISOString());
    const plan: SeedPlan = {
      responses,
      days: SCALE_DAYS,
      teams: TEAMS,
      agentsPerTeam: AGENTS_PER_TEAM,
      channels: CHANNELS,
      products: PRODUCTS,
      prngSeed: 0x5ca1e,
    };
    progress(
      `scale: seeding ${responses} responses over ${SCALE_DAYS} days, ${TEAMS.length} teams, ${SEED_IN_FLIGHT} BatchWrites in flight`,
    );
    const seeded = await seedYear(dynamo.endpoint, TABLE_NAME, today, plan);
    const dynamoDbLocalRssMb = processRssMb(dynamo.process.pid);
    progress(
      `scale: seeded ${seeded.itemsWritten} items in ${round(seeded.seconds)} s; DynamoDB Local RSS ${dynamoDbLocalRssMb ?? '?'} MB`,
    );
    const npsStarted = performance.now();
    const nps = await timeScaleNps(api, dynamo.endpoint, seeded);
    const npsSeconds = (performance.now() - npsStarted) / 1000;

    const part = subRange(seeded, SUB_RANGE_SHARE);
    const year = { from: seeded.from, to: seeded.to, days: SCALE_DAYS, rows: seeded.responses };
    // The smaller range first: RSS seldom goes back down after a large rise.
    const csvSubRange = await timeRangedExport(api, 'csv', part);
    const csvYear = await timeRangedExport(api, 'csv', year);
    const jsonlSubRange = await timeRangedExport(api, 'jsonl', part);
    const jsonlYear = await timeRangedExport(api, 'jsonl', year);

    const seconds = (performance.now() - started) / 1000;
    let estimatedSecondsAtDefault: number | undefined;
    if (responses !== SCALE_DEFAULT_RESPONSES) {
      // Seeding and exports grow with rows (same rates assumed); the aggregates and /nps do not.
      const factor = SCALE_DEFAULT_RESPONSES / responses;
      const aggregates = seeded.itemsWritten - seeded.responses;
      const seedAtDefault = (SCALE_DEFAULT_RESPONSES + aggregates) / seeded.itemsPerSecond;
      const exportSeconds = [csvSubRange, csvYear, jsonlSubRange, jsonlYear].reduce(
        (total, figures) => total + (figures?.seconds ?? 0),
        0,
      );
      const fixed = seconds - seeded.seconds - npsSeconds - exportSeconds;
      estimatedSecondsAtDefault = round(fixed + seedAtDefault + npsSeconds + exportSeconds * factor, 0);
    }
    return {
      dynamodb: 'DynamoDB Local, in memory',
      responses,
      days: SCALE_DAYS,
      from: seeded.from,
      to: seeded.to,
      teams: TEAMS.length,
      agents: TEAMS.length * AGENTS_PER_TEAM,
      channels: CHANNELS.length,
      products: PRODUCTS.length,
      seeding: {
        responses: seeded.responses,
        aggregateItems: seeded.aggregateItems,
        itemsWritten: seeded.itemsWritten,
        seconds: round(seeded.seconds),
        itemsPerSecond: round(seeded.itemsPerSecond, 0),
        inFlight: SEED_IN_FLIGHT,
        dynamoDbLocalRssMb,
      },
      nps,
      csvSubRange,
      csvYear,
      jsonlSubRange,
      jsonlYear,
      seconds: round(seconds, 0),
      estimatedSecondsAtDefault,
    };
  } finally {
    await cleanup();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** The section's size from the environment; `undefined` when BENCH_SCALE=0 skips it. */
export function scaleResponses(): number | undefined {
  if (process.env.BENCH_SCALE === '0') return undefined;
  return intSetting('BENCH_SCALE_RESPONSES', SCALE_DEFAULT_RESPONSES, SCALE_DAYS);
}

/**
 * Runs the section in a forked process (see the file comment) with `env`, the environment as it
 * was before this process started a runtime of its own, and resolves with its figures.
 */
export function runScaleSection(env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<ScaleFigures> {
  return new Promise((resolve, reject) => {
    let figures: ScaleFigures | undefined;
    const child = fork(fileURLToPath(import.meta.url), [], {
      env,
      // Aborting sends SIGTERM: the section stops its runtime and DynamoDB Local, then exits.
      signal,
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    child.on('message', (message) => {
      figures = message as ScaleFigures;
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (figures && code === 0) resolve(figures);
      else reject(new Error(`the scale section failed (exit ${code ?? signal})`));
    });
  });
}

/** The section's lines of the benchmark table. */
export function scaleLines(s: ScaleFigures, label: (text: string) => string): string[] {
  const count = (n: number) => n.toLocaleString('en-US');
  const exportLine = (name: string, e: RangedExport) =>
    `${label(name)}${e.rowsPerSecond} rows/s  (${count(e.rows)} rows, ${e.days} days, ${round(e.bytes / 1024 / 1024, 0)} MB in ${e.seconds} s)  peak RSS ${e.peakRssMb} MB (baseline ${e.baselineRssMb} MB, +${e.deltaRssMb} MB)`;
  const aggregates = s.seeding.itemsWritten - s.seeding.responses;
  const lines = [
    `Scale: ${count(s.responses)} responses over ${s.days} days, ${s.teams} teams × ${s.agents / s.teams} agents, ${s.channels} channels, ${s.products} products (${s.dynamodb})`,
    `${label('scale seeding')}${s.seeding.itemsPerSecond} items/s  (${count(s.seeding.responses)} responses + ${count(aggregates)} aggregate items in ${s.seeding.seconds} s, ${s.seeding.inFlight} BatchWrites of 25 in flight; DynamoDB Local RSS ${s.seeding.dynamoDbLocalRssMb ?? '?'} MB)`,
    ...s.nps.map(
      (t) =>
        `${label(`scale ${t.name}`)}p50 ${t.p50Ms} ms  p95 ${t.p95Ms} ms  max ${t.maxMs} ms  (reads ${count(t.aggregateItemsRead)} aggregate items; ${count(t.aggregateItemsCounted)} counted in the table)`,
    ),
    exportLine('scale CSV sub-range', s.csvSubRange),
    exportLine('scale CSV year', s.csvYear),
  ];
  lines.push(exportLine('scale JSONL sub-range', s.jsonlSubRange));
  lines.push(exportLine('scale JSONL year', s.jsonlYear));
  lines.push(`${label('scale section time')}${s.seconds} s`);
  if (s.estimatedSecondsAtDefault !== undefined)
    lines.push(
      `${label('scale at 1,000,000 (est.)')}about ${round(s.estimatedSecondsAtDefault / 60, 0)} min (seeding and exports scaled at this run's rates)`,
    );
  return lines;
}

// Forked by run.ts (figures over IPC) or run directly with tsx (figures printed).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // As the runtime does for its handlers: Node 20 is supported here, the SDK's notice is not for us.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const responses = scaleResponses();
  if (responses === undefined) {
    progress('scale section skipped (BENCH_SCALE=0)');
    process.exit(0);
  }
  measureScale(responses).then(
    (figures) => {
      if (process.send) process.send(figures, () => process.exit(0));
      else {
        process.stdout.write(`${scaleLines(figures, (text) => text.padEnd(30)).join('\n')}\n`);
        process.exit(0);
      }
    },
    (error: unknown) => {
      process.stderr.write(
        `scale section failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
