/**
 * The statistics that keep an NPS figure honest: a flag for figures resting on too few answers,
 * rolling windows that pool counts, and a test of whether two NPS figures really differ.
 *
 * An answer is a draw of X ∈ {+1 promoter, 0 passive, −1 detractor}; NPS is 100·mean(X). With p, d
 * the promoter and detractor shares of n answers, the per-answer variance is
 * `σ² = E[X²] − E[X]² = p + d − (p − d)²`, and the NPS estimate's variance (share units) is `σ²/n`.
 */
import type { NpsCounts } from './model';
import { addCounts, daysBetween, emptyCounts, round1 } from './nps';

/**
 * Below 30 answers the 95% margin of an NPS is commonly ±30 points or more (with a typical σ² of
 * 0.6, 196·sqrt(0.6/30) ≈ 28; a polarised 0.9 gives 34): too wide to act on.
 */
export const DEFAULT_MIN_RESPONSES = 30;

/** The |z| at or above which a difference is significant at 95% (two-sided). */
export const Z_95 = 1.96;

/** True when a figure rests on fewer answers than `minResponses`. */
export const isLowSample = (responses: number, minResponses: number): boolean => responses < minResponses;

/** The per-answer variance `p + d − (p − d)²` of a set of counts; null with no answers. */
export function answerVariance(counts: NpsCounts): number | null {
  const n = counts.promoters + counts.passives + counts.detractors;
  if (n === 0) return null;
  const p = counts.promoters / n;
  const d = counts.detractors / n;
  // max(0, …): rounding can push a unanimous sample a hair below zero.
  return Math.max(0, p + d - (p - d) ** 2);
}

export interface NpsDifference {
  /** Current NPS minus baseline NPS, in points, one decimal; null when a side has no answers. */
  delta: number | null;
  /** 95% half-width of the difference, `196·SE`, in points, one decimal; null when a side has no answers. */
  deltaMarginOfError: number | null;
  /** `delta / SE`, two decimals; null when a side has no answers or both sides are unanimous (SE = 0). */
  z: number | null;
  /** `|z| ≥ 1.96`; null when z is. */
  significant: boolean | null;
}

/**
 * Compares two independent samples (Welch-style, unpooled): with σ₁², σ₂² the per-answer variances
 * and n₁, n₂ the answer counts, `SE = sqrt(σ₁²/n₁ + σ₂²/n₂)` (share units) and
 * `z = ((p₁ − d₁) − (p₂ − d₂)) / SE`. Each term is one side's NPS variance: the per-answer variance
 * is divided by n exactly once.
 */
export function compareNps(current: NpsCounts, baseline: NpsCounts): NpsDifference {
  const n1 = current.promoters + current.passives + current.detractors;
  const n2 = baseline.promoters + baseline.passives + baseline.detractors;
  const v1 = answerVariance(current);
  const v2 = answerVariance(baseline);
  if (v1 === null || v2 === null)
    return { delta: null, deltaMarginOfError: null, z: null, significant: null };

  // Over the common denominator n₁·n₂, so exact halves survive rounding as in `npsFigures`.
  const numerator =
    (current.promoters - current.detractors) * n2 - (baseline.promoters - baseline.detractors) * n1;
  const standardError = Math.sqrt(v1 / n1 + v2 / n2);
  const delta = round1((100 * numerator) / (n1 * n2));
  const deltaMarginOfError = round1(196 * standardError);
  // Both sides unanimous: the normal approximation has no spread to measure against.
  if (standardError === 0) return { delta, deltaMarginOfError, z: null, significant: null };
  const z = round2(numerator / (n1 * n2) / standardError);
  return { delta, deltaMarginOfError, z, significant: Math.abs(z) >= Z_95 };
}

/**
 * One point per day from `from` to `to`, each the pooled counts of the `window` days ending on it
 * (so the `window − 1` days before `from` count too; `daily` must hold them). Pooling weights every
 * answer equally; an average of daily NPS would weight a day of 1 answer like a day of 100.
 */
export function rollingCounts(
  daily: ReadonlyMap<string, NpsCounts>,
  from: string,
  to: string,
  window: number,
): { day: string; counts: NpsCounts }[] {
  if (!Number.isInteger(window) || window < 1) throw new RangeError('window must be a positive integer');
  const pooled = emptyCounts();
  const points: { day: string; counts: NpsCounts }[] = [];
  // A running sum: each day enters once and leaves `window` days later.
  for (const day of daysBetween(shiftDay(from, -(window - 1)), to)) {
    const entering = daily.get(day);
    if (entering) addCounts(pooled, entering);
    const leaving = daily.get(shiftDay(day, -window));
    if (leaving) addCounts(pooled, negate(leaving));
    if (day >= from) points.push({ day, counts: { ...pooled } });
  }
  return points;
}

const negate = (counts: NpsCounts): NpsCounts => ({
  promoters: -counts.promoters,
  passives: -counts.passives,
  detractors: -counts.detractors,
});

/** The UTC day `offset` days after (negative: before) `day`. */
export function shiftDay(day: string, offset: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + offset);
  return date.toISOString().slice(0, 10);
}

/** The range of the same length that ends the day before `from`. */
export function previousRange(from: string, to: string): { from: string; to: string } {
  const length = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;
  return { from: shiftDay(from, -length), to: shiftDay(from, -1) };
}

/** Two decimals, halves away from zero. */
const round2 = (value: number): number => (Math.sign(value) * Math.round(Math.abs(value) * 100)) / 100 + 0;
