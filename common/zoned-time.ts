/**
 * Wall-clock time in a named time zone to an instant, with Intl only (pure and deterministic, so
 * workflow code may use it). A reservation's "2026-12-05 19:00" means 19:00 where the restaurant is.
 */

/** How far `timeZone`'s wall clock is ahead of UTC at `epochMs` (negative west of Greenwich). */
function zoneOffsetMs(epochMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(epochMs));
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
