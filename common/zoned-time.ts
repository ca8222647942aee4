/**
 * Wall-clock time in a named time zone to an instant, with Intl only (pure and deterministic, so
 * workflow code may use it). A reservation's "2026-12-05 19:00" means 19:00 where the restaurant is.
 */

/**
 * One formatter per zone: building an Intl.DateTimeFormat costs far more than formatting with one, and
 * a campaign asks for the same few zones for every contact. (A memo, so still pure.)
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** How far `timeZone`'s wall clock is ahead of UTC at `epochMs` (negative west of Greenwich). */
function zoneOffsetMs(epochMs: number, timeZone: string): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(epochMs));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return wall - Math.floor(epochMs / 1000) * 1000;
}

/**
 * The instant at which the wall clock in `timeZone` reads `date` `time`.
 *
 * @example
 * zonedEpochMs('2026-12-05', '19:00', 'America/Los_Angeles'); // Date.parse('2026-12-06T03:00:00Z')
 */
export function zonedEpochMs(date: string, time: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const asUtc = Date.UTC(y, m - 1, d, hh, mm);
  const first = asUtc - zoneOffsetMs(asUtc, timeZone);
  // A second look settles times near a DST change, where the offset at `asUtc` is not the one at `first`.
  return asUtc - zoneOffsetMs(first, timeZone);
}

/** The wall-clock date ("YYYY-MM-DD") and time ("HH:MM") in `timeZone` at `epochMs`. */
export function wallClockAt(epochMs: number, timeZone: string): { date: string; time: string } {
  const iso = new Date(epochMs + zoneOffsetMs(epochMs, timeZone)).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

/**
 * The first instant at or after `nowMs` inside daily `hours` (wall clock in `timeZone`, "HH:MM", `end`
 * may be "24:00"): `nowMs` itself when inside, else the next `start`.
 *
 * @example
 * // 07:30 in Los Angeles, hours 10:00–21:00 → 10:00 the same day, Los Angeles time
 * nextOpening(Date.parse('2026-12-05T15:30:00Z'), 'America/Los_Angeles', { start: '10:00', end: '21:00' });
 */
export function nextOpening(nowMs: number, timeZone: string, hours: { start: string; end: string }): number {
  const { date, time } = wallClockAt(nowMs, timeZone);
  if (time >= hours.start && time < hours.end) return nowMs;
  if (time < hours.start) return zonedEpochMs(date, hours.start, timeZone);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const tomorrow = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  return zonedEpochMs(tomorrow, hours.start, timeZone);
}
