/**
 * NPS maths, exactly as the contract states it.
 */
import type { Category, NpsCounts } from './model';

export function categorize(score: number): Category {
  if (score >= 9) return 'promoter';
  if (score >= 7) return 'passive';
  return 'detractor';
}

export const emptyCounts = (): NpsCounts => ({ promoters: 0, passives: 0, detractors: 0 });

export function addCounts(into: NpsCounts, more: NpsCounts): NpsCounts {
  into.promoters += more.promoters;
  into.passives += more.passives;
  into.detractors += more.detractors;
  return into;
}

/** The counts a single answer contributes (+1) or withdraws (-1). */
export function countsOf(category: Category, sign: 1 | -1 = 1): NpsCounts {
  const counts = emptyCounts();
  counts[`${category}s` as keyof NpsCounts] = sign;
  return counts;
}

export interface NpsFigures extends NpsCounts {
  responses: number;
  nps: number | null;
  marginOfError: number | null;
}

/** One decimal, halves away from zero (6.25 → 6.3, −6.25 → −6.3). */
export const round1 = (value: number): number =>
  (Math.sign(value) * Math.round(Math.abs(value) * 10)) / 10 + 0;

/**
 * NPS and its 95% margin of error: `196·sqrt((p + d − (p − d)²)/n)` with p, d the promoter and
 * detractor shares, both rounded to one decimal; null with no responses.
 */
export function npsFigures(counts: NpsCounts): NpsFigures {
  const responses = counts.promoters + counts.passives + counts.detractors;
  if (responses === 0) return { responses, ...counts, nps: null, marginOfError: null };
  const p = counts.promoters / responses;
  const d = counts.detractors / responses;
  const variance = p + d - (p - d) ** 2;
  return {
    responses,
    promoters: counts.promoters,
    passives: counts.passives,
    detractors: counts.detractors,
    // From the integer counts, so exact halves such as 6.25 are not lost to binary fractions.
    nps: round1((100 * (counts.promoters - counts.detractors)) / responses),
    marginOfError: round1(196 * Math.sqrt(Math.max(0, variance) / responses)),
  };
}

export type Interval = 'day' | 'week' | 'month';

/** The first day (YYYY-MM-DD) of the period a UTC day belongs to; weeks start on Monday. */
export function periodStart(day: string, interval: Interval): string {
  if (interval === 'day') return day;
  if (interval === 'month') return `${day.slice(0, 7)}-01`;
  const date = new Date(`${day}T00:00:00Z`);
  const sinceMonday = (date.getUTCDay() + 6) % 7;
  date.setUTCDate(date.getUTCDate() - sinceMonday);
  return date.toISOString().slice(0, 10);
}

/** Every UTC day from `from` to `to`, inclusive. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  const cursor = new Date(`${from}T00:00:00Z`);
  const end = new Date(`${to}T00:00:00Z`).getTime();
  while (cursor.getTime() <= end) {
    days.push(cursor.toISOString().slice(0, 10));
    cursor.setUTCDate(cursor.getUTCDate() + 1);
  }
  return days;
}

export const utcDay = (iso: string): string => iso.slice(0, 10);
