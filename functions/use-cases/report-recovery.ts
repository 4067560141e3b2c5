/**
 * `GET /cases/report`: time to first contact, SLA breach rate and recovery rate over the cases
 * created in a day range, overall and optionally per team. Reads the cases day by day from the
 * cases-by-creation-day index, never by scanning.
 */
import { ValidationError } from '../domain/errors';
import type { Clock } from '../domain/ports';
import { type RecoveryFigures, recoveryFigures, recoveryFiguresByTeam } from '../domain/recovery-report';
import type { RecoveryReportStore } from '../domain/store';
import { MAX_RANGE_DAYS } from './report-nps';

export interface RecoveryReportQuery {
  from: string;
  to: string;
  groupBy?: 'team';
}

export type RecoveryReport = { from: string; to: string } & RecoveryFigures & {
    groups?: ({ key: string } & RecoveryFigures)[];
  };

/** Days read at once: enough to be quick, few enough not to flood the table with queries. */
const PARALLEL_DAYS = 16;

export async function reportRecovery(
  deps: { store: RecoveryReportStore; clock: Clock },
  query: RecoveryReportQuery,
): Promise<RecoveryReport> {
  const days = daysOf(query.from, query.to);
  const cases = [];
  for (let i = 0; i < days.length; i += PARALLEL_DAYS) {
    const pages = await Promise.all(
      days.slice(i, i + PARALLEL_DAYS).map((d) => deps.store.casesCreatedOn(d)),
    );
    cases.push(...pages.flat());
  }
  const now = deps.clock.now();
  const report: RecoveryReport = { from: query.from, to: query.to, ...recoveryFigures(cases, now) };
  if (query.groupBy === 'team') report.groups = recoveryFiguresByTeam(cases, now);
  return report;
}

function daysOf(from: string, to: string): string[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  const span = (Date.parse(`${to}T00:00:00Z`) - start) / 86_400_000;
  if (span < 0) throw new ValidationError('`from` must not be after `to`.', 'invalid_range');
  if (span >= MAX_RANGE_DAYS)
    throw new ValidationError(`A range covers at most ${MAX_RANGE_DAYS} days.`, 'invalid_range');
  return Array.from({ length: span + 1 }, (_, i) =>
    new Date(start + i * 86_400_000).toISOString().slice(0, 10),
  );
}
