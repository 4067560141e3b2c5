/**
 * `GET /nps`: NPS with its margin of error over a day range, by group and by period, from the daily
 * aggregates only (O(days × groups) items, never a scan of responses). Optionally: series points
 * that pool a rolling window of days, and a comparison with a baseline range tested for significance.
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
import {
  compareNps,
  DEFAULT_MIN_RESPONSES,
  isLowSample,
  type NpsDifference,
  previousRange,
  rollingCounts,
  shiftDay,
} from '../domain/nps-statistics';
import type { AggregateRow, ReportStore } from '../domain/store';

export interface NpsQuery {
  from: string;
  to: string;
  groupBy?: Dimension;
  interval?: Interval;
  /** With `interval: 'day'`: each point pools the counts of this many days ending on it. */
  window?: number;
  /** The baseline: the range of the same length just before `from`, or an explicit one. */
  compare?: 'previous' | { from: string; to: string };
  /** Figures resting on fewer answers are flagged `lowSample`; default 30. */
  minResponses?: number;
}

/** The baseline's figures and the test of the difference (current − baseline). */
export interface NpsComparison extends NpsDifference {
  responses: number;
  nps: number | null;
  marginOfError: number | null;
  lowSample: boolean;
}

type Flagged<T> = T & { lowSample: boolean };

export interface NpsReport extends NpsFigures {
  from: string;
  to: string;
  groups?: (Flagged<NpsFigures & { key: string }> & { comparison?: NpsComparison })[];
  series?: Flagged<NpsFigures & { period: string }>[];
  lowSample: boolean;
  comparison?: { from: string; to: string } & NpsComparison;
}

/** Longest range one request may cover. */
export const MAX_RANGE_DAYS = 3 * 366;

export async function reportNps(store: ReportStore, query: NpsQuery): Promise<NpsReport> {
  checkRange(query.from, query.to, '`from` must not be after `to`.');
  if (query.window !== undefined && query.interval !== 'day')
    throw new ValidationError('`window` needs `interval=day`.');
  const minResponses = query.minResponses ?? DEFAULT_MIN_RESPONSES;
  const flag = <T extends NpsFigures>(figures: T): Flagged<T> => ({
    ...figures,
    lowSample: isLowSample(figures.responses, minResponses),
  });
  const baseline = baselineOf(query);

  // The window's extra days before `from` come with the same read.
  const readFrom = query.window ? shiftDay(query.from, -(query.window - 1)) : query.from;
  const none = Promise.resolve<AggregateRow[]>([]);
  const [overallRead, groupRows, baselineOverall, baselineGroupRows] = await Promise.all([
    store.readAggregates('all', readFrom, query.to),
    query.groupBy ? store.readAggregates(query.groupBy, query.from, query.to) : none,
    baseline ? store.readAggregates('all', baseline.from, baseline.to) : none,
    baseline && query.groupBy ? store.readAggregates(query.groupBy, baseline.from, baseline.to) : none,
  ]);
  const overall = overallRead.filter((row) => row.day >= query.from);

  const total = sumAll(overall);
  let groups: NpsReport['groups'];
  if (query.groupBy) {
    const sums = sumBy(groupRows, (row) => row.group);
    const baselineSums = sumBy(baselineGroupRows, (row) => row.group);
    // With a baseline, a group that had answers only then appears too: its silence is news.
    const keys = new Set([...sums.keys(), ...(baseline ? baselineSums.keys() : [])]);
    groups = [...keys]
      .sort((a, b) => a.localeCompare(b))
      .map((key) => {
        const counts = sums.get(key) ?? emptyCounts();
        const group = flag({ key, ...npsFigures(counts) });
        if (!baseline) return group;
        return { ...group, comparison: comparisonOf(counts, baselineSums.get(key) ?? emptyCounts(), flag) };
      });
  }
  let series: NpsReport['series'];
  if (query.interval === 'day' && query.window) {
    const daily = sumBy(overallRead, (row) => row.day);
    series = rollingCounts(daily, query.from, query.to, query.window).map(({ day, counts }) =>
      flag({ period: day, ...npsFigures(counts) }),
    );
  } else if (query.interval) {
    const interval = query.interval;
    const sums = sumBy(overall, (row) => periodStart(row.day, interval));
    // Every period of the range appears, empty ones with null figures, so charts keep their x axis.
    const periods = new Set<string>();
    for (let day = query.from; day <= query.to; day = shiftDay(day, 1))
      periods.add(periodStart(day, interval));
    series = [...periods].map((period) => flag({ period, ...npsFigures(sums.get(period) ?? emptyCounts()) }));
  }
  // The contract's keys first, in its order; the additions after them.
  return {
    from: query.from,
    to: query.to,
    ...npsFigures(total),
    ...(groups && { groups }),
    ...(series && { series }),
    lowSample: isLowSample(total.promoters + total.passives + total.detractors, minResponses),
    ...(baseline && { comparison: { ...baseline, ...comparisonOf(total, sumAll(baselineOverall), flag) } }),
  };
}

/** The baseline range, checked: a valid range of at most MAX_RANGE_DAYS, not overlapping the report's. */
function baselineOf(query: NpsQuery): { from: string; to: string } | undefined {
  if (!query.compare) return undefined;
  const baseline = query.compare === 'previous' ? previousRange(query.from, query.to) : query.compare;
  checkRange(baseline.from, baseline.to, 'The `compare` range must not end before it starts.');
  // The test assumes two independent samples: shared answers would count on both sides.
  if (baseline.from <= query.to && query.from <= baseline.to)
    throw new ValidationError('The `compare` range must not overlap `from`..`to`.', 'invalid_range');
  return baseline;
}

function comparisonOf(
  current: NpsCounts,
  baseline: NpsCounts,
  flag: <T extends NpsFigures>(figures: T) => Flagged<T>,
): NpsComparison {
  const { responses, nps, marginOfError, lowSample } = flag(npsFigures(baseline));
  return { responses, nps, marginOfError, ...compareNps(current, baseline), lowSample };
}

/** Refuses a reversed range and one longer than MAX_RANGE_DAYS (400, invalid_range). */
export function checkRange(from: string, to: string, reversed: string): void {
  const span = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (span < 0) throw new ValidationError(reversed, 'invalid_range');
  if (span >= MAX_RANGE_DAYS)
    throw new ValidationError(`A range covers at most ${MAX_RANGE_DAYS} days.`, 'invalid_range');
}

function sumAll(rows: readonly NpsCounts[]): NpsCounts {
  const total = emptyCounts();
  for (const row of rows) addCounts(total, row);
  return total;
}

function sumBy<T extends NpsCounts>(rows: readonly T[], keyOf: (row: T) => string): Map<string, NpsCounts> {
  const sums = new Map<string, NpsCounts>();
  for (const row of rows) {
    const key = keyOf(row);
    sums.set(key, addCounts(sums.get(key) ?? emptyCounts(), row));
  }
  return sums;
}
