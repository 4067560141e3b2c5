/**
 * `GET /nps`: NPS with its margin of error over a day range, by group and by period, from the daily
 * aggregates only (O(days × groups) items, never a scan of responses).
 */
import { ValidationError } from '../domain/errors';
import type { Dimension, NpsCounts } from '../domain/model';
import {
  addCounts,
  emptyCounts,
  type Interval,
  type NpsFigures,
  npsFigures,
  periodStart,
} from '../domain/nps';
import type { ReportStore } from '../domain/store';

export interface NpsQuery {
  from: string;
  to: string;
  groupBy?: Dimension;
  interval?: Interval;
}

export interface NpsReport extends NpsFigures {
  from: string;
  to: string;
  groups?: (NpsFigures & { key: string })[];
  series?: (NpsFigures & { period: string })[];
}

/** Longest range one request may cover. */
export const MAX_RANGE_DAYS = 3 * 366;

export async function reportNps(store: ReportStore, query: NpsQuery): Promise<NpsReport> {
  const span = (Date.parse(query.to) - Date.parse(query.from)) / 86_400_000;
  if (span < 0) throw new ValidationError('`from` must not be after `to`.', 'invalid_range');
  if (span >= MAX_RANGE_DAYS)
    throw new ValidationError(`A range covers at most ${MAX_RANGE_DAYS} days.`, 'invalid_range');

  const overall = await store.readAggregates('all', query.from, query.to);
  const total = emptyCounts();
  for (const row of overall) addCounts(total, row);
  const report: NpsReport = { from: query.from, to: query.to, ...npsFigures(total) };

  if (query.groupBy) {
    const rows = await store.readAggregates(query.groupBy, query.from, query.to);
    report.groups = [...sumBy(rows, (row) => row.group)]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, counts]) => ({ key, ...npsFigures(counts) }));
  }
  if (query.interval) {
    const interval = query.interval;
    const sums = sumBy(overall, (row) => periodStart(row.day, interval));
    // Every period of the range appears, empty ones with null figures, so charts keep their x axis.
    const periods = new Set<string>();
    for (let day = query.from; day <= query.to; day = nextDay(day)) periods.add(periodStart(day, interval));
    report.series = [...periods].map((period) => ({
      period,
      ...npsFigures(sums.get(period) ?? emptyCounts()),
    }));
  }
  return report;
}

function sumBy<T extends NpsCounts>(rows: readonly T[], keyOf: (row: T) => string): Map<string, NpsCounts> {
  const sums = new Map<string, NpsCounts>();
  for (const row of rows) {
    const key = keyOf(row);
    sums.set(key, addCounts(sums.get(key) ?? emptyCounts(), row));
  }
  return sums;
}

function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}
