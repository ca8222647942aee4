/**
 * The next opening of business hours on some days of the week, on a named zone's wall clock. Pure, but
 * it reads tzdata through Intl, so workflow code asks a local activity for it (its answer is recorded).
 */
import { wallClockAt, zonedEpochMs } from './zoned-time';

/** Daily hours ("HH:MM", `end` may be "24:00") on the given weekdays (0 = Sunday … 6 = Saturday). */
export interface BusinessHours {
  start: string;
  end: string;
  days: number[];
}

/** The weekday (0 = Sunday) of a calendar date "YYYY-MM-DD". */
function weekdayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

function plusDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/**
 * The first instant at or after `nowMs` inside `hours` on `timeZone`'s wall clock: `nowMs` itself when
 * it is inside, else the start of the next open day. Undefined when no day is open.
 *
 * @example
 * // Friday 19:00 in New York, Mon–Fri 09:00–18:00 → Monday 09:00 New York time
 * nextBusinessOpening(Date.parse('2026-12-05T00:00:00Z'), 'America/New_York',
 *   { start: '09:00', end: '18:00', days: [1, 2, 3, 4, 5] });
 */
export function nextBusinessOpening(
  nowMs: number,
  timeZone: string,
  hours: BusinessHours,
): number | undefined {
  const today = wallClockAt(nowMs, timeZone);
  for (let ahead = 0; ahead <= 7; ahead++) {
    const date = plusDays(today.date, ahead);
    if (!hours.days.includes(weekdayOf(date))) continue;
    if (ahead === 0) {
      if (today.time >= hours.start && today.time < hours.end) return nowMs;
      if (today.time >= hours.end) continue;
    }
    return zonedEpochMs(date, hours.start, timeZone);
  }
  return undefined;
}
