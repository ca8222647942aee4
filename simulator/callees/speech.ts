/** How people say times and dates on the phone. */
import { MONTH_NAMES as MONTHS, WEEKDAY_NAMES as WEEKDAYS } from '../../common/calendar';

/** `19:00` → "7", `20:30` → "8:30" (with `meridiem`: "7 PM", "8:30 PM"). */
export function sayTime(hhmm: string, meridiem = false): string {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  const hour12 = h % 12 === 0 ? 12 : h % 12;
  const base = m === 0 ? String(hour12) : `${hour12}:${String(m).padStart(2, '0')}`;
  return meridiem ? `${base} ${h < 12 ? 'AM' : 'PM'}` : base;
}

function ordinal(n: number): string {
  const suffix =
    n % 10 === 1 && n !== 11
      ? 'st'
      : n % 10 === 2 && n !== 12
        ? 'nd'
        : n % 10 === 3 && n !== 13
          ? 'rd'
          : 'th';
  return `${n}${suffix}`;
}

/** `2026-12-05` → "Saturday, December 5th". */
export function sayDate(iso: string): string {
  const date = new Date(`${iso}T12:00:00Z`);
  return `${WEEKDAYS[date.getUTCDay()]}, ${MONTHS[date.getUTCMonth()]} ${ordinal(date.getUTCDate())}`;
}

const SMALL = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
];
export function sayCount(n: number): string {
  return SMALL[n] ?? String(n);
}

export function minutesOf(hhmm: string): number {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  return h * 60 + m;
}
