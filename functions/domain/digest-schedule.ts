/**
 * When the weekly leadership digest goes out, and which week it covers.
 *
 * A digest covers one complete week, Monday to Sunday in UTC days (as `GET /nps` counts them), and
 * is due at the first configured weekday and hour, in the configured time zone, after that week
 * has ended in UTC (so every answer of the week is in it). The function runs
 * hourly and asks for the due week each time; which week is due follows from the time alone, so a
 * run at any hour (or a retry) picks the same week, and a claim per week and recipient keeps it to
 * one email each.
 */
import { instantAt } from './business-hours';
import { periodStart } from './nps';
import { shiftDay } from './nps-statistics';

export const WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface DigestSchedule {
  weekday: Weekday;
  /** Local hour, 0–23. */
  hour: number;
  /** IANA time zone of `weekday` and `hour`. */
  timeZone: string;
}

export interface DigestWeek {
  /** ISO 8601 week of the Monday, e.g. `2026-W47`. */
  isoWeek: string;
  /** The Monday, YYYY-MM-DD (UTC day). */
  from: string;
  /** The Sunday, YYYY-MM-DD (UTC day). */
  to: string;
}

/**
 * A digest more than this late is skipped rather than sent stale: a deployment made on a Monday
 * morning does not send the week before last, and an outage of days does not flood leadership.
 */
export const DIGEST_MAX_LATENESS_MS = 2 * 86_400_000;

/** The week starting on `monday` (YYYY-MM-DD). */
export function weekOf(monday: string): DigestWeek {
  const thursday = new Date(`${shiftDay(monday, 3)}T00:00:00Z`);
  const year = thursday.getUTCFullYear();
  // The ISO week-numbering year is the year of the week's Thursday; week 1 holds its first Thursday.
  const dayOfYear = (thursday.getTime() - Date.UTC(year, 0, 1)) / 86_400_000;
  const week = Math.floor(dayOfYear / 7) + 1;
  return { isoWeek: `${year}-W${String(week).padStart(2, '0')}`, from: monday, to: shiftDay(monday, 6) };
}

/**
 * When the digest of `week` is due: the first moment, once the week has ended in UTC, at which the
 * schedule's time zone shows the schedule's weekday at or past its hour. Monday 08:00 in Madrid is
 * Monday 07:00 UTC; Monday 08:00 in Auckland is already past when the UTC week ends (Monday 13:00
 * there), so that digest goes at once; Sunday 23:00 in Los Angeles is the Monday 07:00 UTC right after.
 */
export function digestDueAt(week: DigestWeek, schedule: DigestSchedule): Date {
  const weekEnd = new Date(`${shiftDay(week.to, 1)}T00:00:00Z`);
  const localDay = localDateOf(weekEnd, schedule.timeZone);
  const weekday = (new Date(`${localDay}T00:00:00Z`).getUTCDay() + 6) % 7;
  const [year = 0, month = 1, day = 1] = shiftDay(
    localDay,
    (WEEKDAYS.indexOf(schedule.weekday) - weekday + 7) % 7,
  )
    .split('-')
    .map(Number);
  const local = instantAt(schedule.timeZone, year, month, day, schedule.hour * 60);
  return new Date(Math.max(weekEnd.getTime(), local.getTime()));
}

/** The calendar date (YYYY-MM-DD) the wall clock of `timeZone` shows at `at`. */
function localDateOf(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/**
 * The week whose digest is due at `now`: the latest week whose due moment has passed, unless it
 * passed more than DIGEST_MAX_LATENESS_MS ago. Undefined: nothing to send now.
 */
export function dueDigestWeek(
  now: Date,
  schedule: DigestSchedule,
): { week: DigestWeek; dueAt: Date } | undefined {
  const thisMonday = periodStart(now.toISOString().slice(0, 10), 'week');
  // A week's digest is due within the UTC week after it, so looking at the last complete week and
  // the one before finds the latest week due (the older one only to tell it is too late).
  for (const weeksBack of [1, 2]) {
    const week = weekOf(shiftDay(thisMonday, -7 * weeksBack));
    const dueAt = digestDueAt(week, schedule);
    if (dueAt.getTime() <= now.getTime()) {
      return now.getTime() - dueAt.getTime() < DIGEST_MAX_LATENESS_MS ? { week, dueAt } : undefined;
    }
  }
  return undefined;
}
