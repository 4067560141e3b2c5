/**
 * Who gets surveyed, and when: opt-out first, then the cooldown, then sampling; quiet hours only
 * delay. Pure: the caller supplies the customer's state, the clock and the random draw.
 */
import type { InvitationStatus, SuppressionReason } from './model';

export interface FatigueRules {
  cooldownDays: number;
  /** Local hours [start, end) during which nothing is sent, e.g. 21 → 9. */
  quietHours: { start: number; end: number };
  /** Share of customers surveyed, 0..1 (1: everyone). */
  samplingRate: number;
}

export interface CustomerSurveyState {
  optedOut: boolean;
  lastSurveyedAt?: string;
}

export interface SurveyDecision {
  status: InvitationStatus;
  reason?: SuppressionReason;
  /** When the message may go out. */
  sendAt: Date;
}

const DAY_MS = 86_400_000;

export function parseQuietHours(value: string): { start: number; end: number } {
  const [start = 21, end = 9] = value.split('-').map(Number);
  if (start > 23 || end > 23) throw new Error(`Quiet hours out of range: ${value}`);
  return { start, end };
}

/** The moment a customer surveyed `lastSurveyedAt` may be surveyed again. */
export function cooldownEndsAt(lastSurveyedAt: string, cooldownDays: number): Date {
  return new Date(new Date(lastSurveyedAt).getTime() + cooldownDays * DAY_MS);
}

export function decideSurvey(input: {
  rules: FatigueRules;
  state: CustomerSurveyState;
  now: Date;
  /** Uniform draw in [0, 1), e.g. a stable hash of the customer id so a customer is in or out consistently. */
  draw: number;
  timeZone?: string;
}): SurveyDecision {
  const { rules, state, now } = input;
  if (state.optedOut) return { status: 'suppressed', reason: 'opted_out', sendAt: now };
  if (state.lastSurveyedAt && cooldownEndsAt(state.lastSurveyedAt, rules.cooldownDays) > now) {
    return { status: 'suppressed', reason: 'cooldown', sendAt: now };
  }
  if (input.draw >= rules.samplingRate) return { status: 'suppressed', reason: 'sampled_out', sendAt: now };
  if (!input.timeZone) return { status: 'sent', sendAt: now };
  const sendAt = endOfQuietHours(now, input.timeZone, rules.quietHours);
  return sendAt.getTime() > now.getTime() ? { status: 'scheduled', sendAt } : { status: 'sent', sendAt: now };
}

/** The hour of the day (0–23) at `at` in `timeZone`. */
export function localHour(at: Date, timeZone: string): number {
  const hour = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(at);
  return Number(hour);
}

export function isQuietHour(hour: number, quiet: { start: number; end: number }): boolean {
  if (quiet.start === quiet.end) return false;
  return quiet.start < quiet.end
    ? hour >= quiet.start && hour < quiet.end
    : hour >= quiet.start || hour < quiet.end;
}

/**
 * `now` if it is daytime for the customer, else the first whole hour after quiet hours end.
 * Walks hour by hour, so daylight-saving jumps are handled by Intl rather than by arithmetic.
 */
export function endOfQuietHours(now: Date, timeZone: string, quiet: { start: number; end: number }): Date {
  if (!isQuietHour(localHour(now, timeZone), quiet)) return now;
  const candidate = new Date(now);
  candidate.setUTCMinutes(0, 0, 0);
  for (let step = 0; step < 48; step++) {
    candidate.setUTCHours(candidate.getUTCHours() + 1);
    if (!isQuietHour(localHour(candidate, timeZone), quiet)) return candidate;
  }
  return now;
}

/** A stable draw in [0, 1) from a string, so sampling keeps a customer consistently in or out. */
export function stableDraw(seed: string): number {
  let hash = 2166136261;
  for (let i = 0; i < seed.length; i++) {
    hash ^= seed.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  return (hash >>> 0) / 2 ** 32;
}
