/**
 * The invitation funnel and its rates: how many invitations were created, suppressed, sent,
 * delivered, failed, answered and commented on, and the response and comment rates they give.
 * Counted per invitation cohort (the UTC day the invitation was created), so "answered / delivered"
 * compares the same invitations. Pure maths: no cloud, no I/O.
 */
import { round1 } from './nps';

/** The funnel's counters, in the order reports show them. */
export const RATE_COUNTERS = [
  'invitations',
  'suppressed',
  'sent',
  'delivered',
  'failed',
  'answered',
  'commented',
] as const;
export type RateCounter = (typeof RATE_COUNTERS)[number];

/** Counts of one funnel bucket (a cohort day, a group, a period). */
export type RateCounts = Record<RateCounter, number>;

export interface RateFigures extends RateCounts {
  /** `100·answered/delivered`, one decimal; null when nothing was delivered. */
  responseRate: number | null;
  /** `100·commented/answered`, one decimal; null when nothing was answered. */
  commentRate: number | null;
}

export const emptyRateCounts = (): RateCounts => ({
  invitations: 0,
  suppressed: 0,
  sent: 0,
  delivered: 0,
  failed: 0,
  answered: 0,
  commented: 0,
});

export function addRateCounts(into: RateCounts, more: Partial<RateCounts>): RateCounts {
  for (const counter of RATE_COUNTERS) into[counter] += more[counter] ?? 0;
  return into;
}

/** A percentage with one decimal, halves away from zero; null without a denominator. */
export const percentage = (part: number, whole: number): number | null =>
  whole > 0 ? round1((100 * part) / whole) : null;

export function rateFigures(counts: RateCounts): RateFigures {
  return {
    ...counts,
    responseRate: percentage(counts.answered, counts.delivered),
    commentRate: percentage(counts.commented, counts.answered),
  };
}

/** Whether a comment counts as one: anything but blanks. */
export const hasComment = (comment: string | undefined): boolean => (comment ?? '').trim() !== '';

/**
 * What counting an answer adds to its cohort's `answered` and `commented`: `answered` on the first
 * count of the invitation only; `commented` moves with the counted answer's comment, so a
 * re-submission that adds or removes it moves the counter by one either way.
 */
export function answerDeltas(
  previous: { counted: boolean; commented: boolean },
  commented: boolean,
): Pick<RateCounts, 'answered' | 'commented'> {
  return {
    answered: previous.counted ? 0 : 1,
    commented: (commented ? 1 : 0) - (previous.counted && previous.commented ? 1 : 0),
  };
}
