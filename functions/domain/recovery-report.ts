/**
 * The recovery report: how fast the care team reaches detractors, how often it misses the first-contact
 * target, and how many customers a follow-up survey finds recovered. Pure: cases and a clock in, figures out.
 */
import { type RecoveryCase, UNASSIGNED } from './model';

/** A follow-up score of 7 or more (passive or promoter) counts the customer as recovered. */
export const RECOVERED_SCORE = 7;

export interface RecoveryFigures {
  cases: number;
  /** Cases with a first contact (contacted, or resolved without one first). */
  contacted: number;
  /** Wall-clock hours from case creation to first contact, one decimal; null when none was contacted. */
  medianHoursToFirstContact: number | null;
  meanHoursToFirstContact: number | null;
  /** Share (0–1, three decimals) of cases first contacted after `dueAt`, or uncontacted past it. */
  slaBreachRate: number | null;
  /** Cases whose follow-up survey was answered. */
  followedUp: number;
  /** Followed-up cases whose follow-up score is 7 or more. */
  recovered: number;
  /** `recovered / followedUp` (0–1, three decimals); null when nothing was followed up. */
  recoveryRate: number | null;
}

const HOUR_MS = 3_600_000;
const round = (value: number, decimals: number) => {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
};
const share = (part: number, whole: number) => (whole === 0 ? null : round(part / whole, 3));

/** Missed its target: contacted after `dueAt`, or still uncontacted with `dueAt` behind `now`. */
export function breachedSla(c: RecoveryCase, now: Date): boolean {
  const due = Date.parse(c.dueAt);
  return c.firstContactAt ? Date.parse(c.firstContactAt) > due : now.getTime() > due;
}

export function recoveryFigures(cases: readonly RecoveryCase[], now: Date): RecoveryFigures {
  const hours = cases
    .filter((c) => c.firstContactAt)
    .map((c) => (Date.parse(c.firstContactAt as string) - Date.parse(c.createdAt)) / HOUR_MS)
    .sort((a, b) => a - b);
  const followed = cases.filter((c) => c.followUpScore !== undefined);
  const recovered = followed.filter((c) => (c.followUpScore as number) >= RECOVERED_SCORE).length;
  return {
    cases: cases.length,
    contacted: hours.length,
    medianHoursToFirstContact: hours.length ? round(median(hours), 1) : null,
    meanHoursToFirstContact: hours.length ? round(hours.reduce((a, b) => a + b, 0) / hours.length, 1) : null,
    slaBreachRate: share(cases.filter((c) => breachedSla(c, now)).length, cases.length),
    followedUp: followed.length,
    recovered,
    recoveryRate: share(recovered, followed.length),
  };
}

/** Figures per team (cases without one under `unassigned`), ordered by team. */
export function recoveryFiguresByTeam(
  cases: readonly RecoveryCase[],
  now: Date,
): ({ key: string } & RecoveryFigures)[] {
  const byTeam = new Map<string, RecoveryCase[]>();
  for (const c of cases) {
    const key = c.teamId ?? UNASSIGNED;
    byTeam.set(key, [...(byTeam.get(key) ?? []), c]);
  }
  return [...byTeam.keys()].sort().map((key) => ({ key, ...recoveryFigures(byTeam.get(key) ?? [], now) }));
}

function median(sorted: readonly number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
