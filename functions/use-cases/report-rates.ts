/**
 * `GET /response-rates`: the invitation funnel (created, suppressed, sent, delivered, failed,
 * answered, commented) and its response and comment rates over a range of cohort days — the UTC
 * days the invitations were created — by group and by period. Reads the daily funnel counters only
 * (O(days × groups) items), which are written with the state changes they count.
 */
import type { Dimension } from '../domain/model';
import { type Interval, periodStart } from '../domain/nps';
import { shiftDay } from '../domain/nps-statistics';
import {
  addRateCounts,
  emptyRateCounts,
  type RateCounts,
  type RateFigures,
  rateFigures,
} from '../domain/rates';
import type { RateRow, RateStore } from '../domain/store';
import { checkRange } from './report-nps';

export interface RatesQuery {
  from: string;
  to: string;
  groupBy?: Dimension;
  interval?: Interval;
}

export interface RatesReport extends RateFigures {
  from: string;
  to: string;
  groups?: (RateFigures & { key: string })[];
  series?: (RateFigures & { period: string })[];
}

export async function reportRates(store: RateStore, query: RatesQuery): Promise<RatesReport> {
  checkRange(query.from, query.to, '`from` must not be after `to`.');
  const [overall, groupRows] = await Promise.all([
    store.readRates('all', query.from, query.to),
    query.groupBy ? store.readRates(query.groupBy, query.from, query.to) : Promise.resolve<RateRow[]>([]),
  ]);

  const total = overall.reduce((sum, row) => addRateCounts(sum, row), emptyRateCounts());
  const report: RatesReport = { from: query.from, to: query.to, ...rateFigures(total) };
  if (query.groupBy) {
    const sums = sumBy(groupRows, (row) => row.group);
    report.groups = [...sums.keys()]
      .sort((a, b) => a.localeCompare(b))
      .map((key) => ({ key, ...rateFigures(sums.get(key) ?? emptyRateCounts()) }));
  }
  if (query.interval) {
    const interval = query.interval;
    const sums = sumBy(overall, (row) => periodStart(row.day, interval));
    // Every period of the range appears, empty ones with null rates, so charts keep their x axis.
    const periods = new Set<string>();
    for (let day = query.from; day <= query.to; day = shiftDay(day, 1))
      periods.add(periodStart(day, interval));
    report.series = [...periods].map((period) => ({
      period,
      ...rateFigures(sums.get(period) ?? emptyRateCounts()),
    }));
  }
  return report;
}

function sumBy(rows: readonly RateRow[], keyOf: (row: RateRow) => string): Map<string, RateCounts> {
  const sums = new Map<string, RateCounts>();
  for (const row of rows) {
    const key = keyOf(row);
    sums.set(key, addRateCounts(sums.get(key) ?? emptyRateCounts(), row));
  }
  return sums;
}
