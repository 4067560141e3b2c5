/**
 * Business-hour arithmetic in a team's time zone: when is "four business hours from now" for a
 * care team working 09:00–17:00, Monday to Friday, in Madrid? Wall-clock times are turned into
 * instants through Intl, so daylight-saving changes are handled by the platform's time-zone data.
 */

export interface BusinessCalendar {
  /** IANA time zone of the team. */
  timeZone: string;
  /** Opening hour, 0–23 (local). */
  open: number;
  /** Closing hour, 1–24 (local), after `open`. */
  close: number;
  /** Working days, ISO numbering: 1 = Monday … 7 = Sunday. */
  days: readonly number[];
}

export const DEFAULT_CALENDAR: BusinessCalendar = {
  timeZone: 'UTC',
  open: 9,
  close: 17,
  days: [1, 2, 3, 4, 5],
};

interface LocalTime {
  year: number;
  month: number;
  day: number;
  /** Minutes since local midnight. */
  minutes: number;
  /** ISO weekday, 1 = Monday. */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function localParts(at: Date, timeZone: string): LocalTime & { seconds: number } {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(at))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  const weekday = ((new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7) + 1;
  return { year, month, day, minutes: hour * 60 + minute, seconds: second, weekday };
}

/** The instant at which the wall clock of `timeZone` shows the given local date and time. */
export function instantAt(timeZone: string, year: number, month: number, day: number, minutes: number): Date {
  const wall = Date.UTC(year, month - 1, day, 0, minutes);
  let guess = wall;
  // Two rounds settle the offset, also on the day it changes.
  for (let i = 0; i < 2; i++) {
    const p = localParts(new Date(guess), timeZone);
    const shown = Date.UTC(p.year, p.month - 1, p.day, 0, p.minutes, p.seconds);
    guess += wall - shown;
  }
  return new Date(guess);
}

function addLocalDays(t: LocalTime, days: number): LocalTime {
  const d = new Date(Date.UTC(t.year, t.month - 1, t.day + days));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    minutes: 0,
    weekday: ((d.getUTCDay() + 6) % 7) + 1,
  };
}

/**
 * `start` plus `hours` of business time of `calendar`. Time outside business hours does not count:
 * a case opened on Friday at 16:00 with four hours to go is due on Monday at 12:00.
 */
export function addBusinessHours(start: Date, hours: number, calendar: BusinessCalendar): Date {
  if (calendar.days.length === 0 || calendar.close <= calendar.open)
    throw new Error('Empty business calendar');
  const openMin = calendar.open * 60;
  const closeMin = calendar.close * 60;
  let remaining = Math.round(hours * 60);
  let local: LocalTime = localParts(start, calendar.timeZone);
  let cursor = start;
  for (let guard = 0; guard < 3700; guard++) {
    const working = calendar.days.includes(local.weekday);
    if (!working || local.minutes >= closeMin) {
      local = { ...addLocalDays(local, 1), minutes: openMin };
      cursor = instantAt(calendar.timeZone, local.year, local.month, local.day, openMin);
      continue;
    }
    if (local.minutes < openMin) {
      local = { ...local, minutes: openMin };
      cursor = instantAt(calendar.timeZone, local.year, local.month, local.day, openMin);
    }
    const available = closeMin - local.minutes;
    if (remaining <= available) {
      return instantAt(calendar.timeZone, local.year, local.month, local.day, local.minutes + remaining);
    }
    remaining -= available;
    local = { ...addLocalDays(local, 1), minutes: openMin };
    cursor = instantAt(calendar.timeZone, local.year, local.month, local.day, openMin);
  }
  return cursor;
}

/** Business hours in one working day of the calendar (what "one business day" means). */
export const hoursPerDay = (calendar: BusinessCalendar): number => calendar.close - calendar.open;
