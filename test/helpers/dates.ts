import { nextOpening, wallClockAt } from '../../common/zoned-time';

/**
 * Dates for tests that go through reservation validation, which refuses a table time in the past:
 * computed from today so no test turns into a time bomb.
 */

/** YYYY-MM-DD, `days` after today (UTC). */
export function daysFromNow(days: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days))
    .toISOString()
    .slice(0, 10);
}

/**
 * Daily calling hours, Pacific time, that open `hoursAhead` after `nowMs` and last an hour (to midnight
 * at most), with the instant they open as the workflow reads the wall clock (a DST night can make that
 * an hour more or less).
 */
export function callingHoursOpeningIn(nowMs: number, hoursAhead: number) {
  const start = wallClockAt(nowMs + hoursAhead * 3_600_000, 'America/Los_Angeles').time;
  const endHour = Number(start.slice(0, 2)) + 1;
  const end = endHour >= 24 ? '24:00' : `${String(endHour).padStart(2, '0')}${start.slice(2)}`;
  const hours = { start, end };
  return { hours, opensAtMs: nextOpening(nowMs, 'America/Los_Angeles', hours) };
}
