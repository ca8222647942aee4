import { MONTHS_LOWER as MONTHS, WEEKDAYS_LOWER as WEEKDAYS } from '../../common/calendar';
/**
 * Reads what a caller wants from a call's prompt, greeting and variables: party size, date, time (or a
 * window), name, service, and whether it is accepting a time offered earlier. Plain English such as
 * "Book a table for 2 on 2026-12-05 at 19:00 under the name Manav" and variables such as
 * `{party_size, date, time, name}` both work. Times without am/pm are read in the venue's business
 * hours (dinner for restaurants: "at 7" is 19:00).
 */

export interface BookingRequest {
  partySize: number | null;
  /** `YYYY-MM-DD`. */
  date: string | null;
  /** `HH:MM`, 24-hour. */
  time: string | null;
  /** An acceptable range, e.g. "between 7 and 8pm" → 19:00–20:00. */
  window: { from: string; to: string } | null;
  name: string | null;
  service: string | null;
  /** "we'd like the 8:30 you offered" */
  acceptsOffer: boolean;
}

const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  couple: 2,
  'a couple': 2,
};
/** Capitalised words after "for" that are not names. */
const NOT_NAMES =
  /^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December|Today|Tonight|Tomorrow|Dinner|Lunch|Breakfast|Two|Three|Four|Five|Six|Me|Us)\b/;
const SERVICES = [
  'manicure',
  'pedicure',
  'haircut',
  'trim',
  'colour',
  'color',
  'highlights',
  'blow-dry',
  'blowout',
  'massage',
  'facial',
  'wax',
  'shave',
];

/** Fills `{{name}}` placeholders from the call's variables (spec §7). */
export function fillVariables(text: string, variables: Record<string, string | null> | null): string {
  if (!variables) return text;
  return text.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (whole, key: string) => variables[key] ?? whole);
}

function toCount(token: string): number | null {
  const n = Number(token);
  if (Number.isInteger(n) && n > 0) return n;
  return NUMBER_WORDS[token.toLowerCase()] ?? null;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DD` of simulated `nowMs` plus `days`, in UTC (the simulator's calendar). */
function isoDay(nowMs: number, days: number): string {
  return new Date(nowMs + days * 86_400_000).toISOString().slice(0, 10);
}

export function readDate(text: string, nowMs: number): string | null {
  const iso = /\b(\d{4})-(\d{2})-(\d{2})\b/.exec(text);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const lower = text.toLowerCase();
  if (/\b(today|tonight|this evening)\b/.test(lower)) return isoDay(nowMs, 0);
  if (/\btomorrow\b/.test(lower)) return isoDay(nowMs, 1);
  const monthNames = MONTHS.join('|');
  const monthFirst = new RegExp(`\\b(${monthNames})\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?`).exec(
    lower,
  );
  const dayFirst = new RegExp(
    `\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${monthNames})(?:,?\\s+(\\d{4}))?`,
  ).exec(lower);
  const named = monthFirst
    ? { month: monthFirst[1] as string, day: monthFirst[2] as string, year: monthFirst[3] }
    : dayFirst
      ? { month: dayFirst[2] as string, day: dayFirst[1] as string, year: dayFirst[3] }
      : null;
  if (named) return calendarDate(nowMs, MONTHS.indexOf(named.month) + 1, Number(named.day), named.year);
  const slashed = /\b(\d{1,2})\/(\d{1,2})(?:\/(\d{4}))?\b/.exec(lower);
  if (slashed) return calendarDate(nowMs, Number(slashed[1]), Number(slashed[2]), slashed[3]);
  const weekday = new RegExp(`\\b(${WEEKDAYS.join('|')})\\b`).exec(lower);
  if (weekday) {
    const today = new Date(nowMs).getUTCDay();
    const wanted = WEEKDAYS.indexOf(weekday[1] as string);
    return isoDay(nowMs, (wanted - today + 7) % 7);
  }
  return null;
}

/** A month/day without a year means the next such date from now. */
function calendarDate(nowMs: number, month: number, day: number, year: string | undefined): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const thisYear = new Date(nowMs).getUTCFullYear();
  let y = year ? Number(year) : thisYear;
  if (!year && `${y}-${pad(month)}-${pad(day)}` < isoDay(nowMs, 0)) y += 1;
  return `${y}-${pad(month)}-${pad(day)}`;
}

const TIME = String.raw`(\d{1,2})(?::(\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?`;

/** Hours without am/pm are read inside business hours: `pmBelow` 11 → "7" is 19:00 (dinner). */
function toClock(
  hourText: string,
  minuteText: string | undefined,
  meridiem: string | undefined,
  pmBelow: number,
): string | null {
  let hour = Number(hourText);
  const minute = minuteText ? Number(minuteText) : 0;
  if (hour > 23 || minute > 59) return null;
  const m = meridiem?.replace(/\./g, '').toLowerCase();
  if (m === 'pm' && hour < 12) hour += 12;
  else if (m === 'am' && hour === 12) hour = 0;
  else if (!m && hour < pmBelow && hour >= 1 && hour <= 12) hour += 12;
  return `${pad(hour)}:${pad(minute)}`;
}

export function readTimes(
  text: string,
  pmBelow: number,
): { time: string | null; window: { from: string; to: string } | null } {
  // Dates look like times to these patterns ("12-05"), so they go first.
  const lower = text.toLowerCase().replace(/\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}\/\d{1,2}(?:\/\d{4})?\b/g, ' ');
  const range = new RegExp(String.raw`(between\s+)?\b${TIME}\s*(-|–|\bto\b|\band\b)\s*${TIME}`, 'g');
  for (const match of lower.matchAll(range)) {
    // A range needs a clear time on one side, and "and" only counts after "between", so "for 2 to 3
    // people" and "2 and 3" are not read as times.
    const clear = match[3] || match[4] || match[7] || match[8];
    const joiner = match[5] ?? '';
    if (!clear || (joiner === 'and' && !match[1])) continue;
    const endMeridiem = match[8];
    const from = toClock(match[2] as string, match[3], match[4] ?? endMeridiem, pmBelow);
    const to = toClock(match[6] as string, match[7], endMeridiem ?? match[4], pmBelow);
    if (from && to && from < to) return { time: from, window: { from, to } };
  }
  const patterns = [
    new RegExp(String.raw`\b(\d{1,2}):(\d{2})\s*(a\.?m\.?|p\.?m\.?)?`),
    new RegExp(String.raw`\b(\d{1,2})()\s*(a\.?m\.?|p\.?m\.?)`),
    new RegExp(String.raw`\bat\s+(\d{1,2})()()\b(?!\s*(?:people|guests|persons|-\d))`),
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(lower);
    if (match) {
      const time = toClock(match[1] as string, match[2] || undefined, match[3] || undefined, pmBelow);
      if (time) return { time, window: null };
    }
  }
  return { time: null, window: null };
}

export function readPartySize(text: string): number | null {
  const word = String.raw`(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)`;
  const patterns = [
    new RegExp(String.raw`\btable for\s+${word}\b`, 'i'),
    new RegExp(String.raw`\bparty of\s+${word}\b`, 'i'),
    new RegExp(String.raw`\b${word}\s+(?:people|persons|guests|adults|diners|pax)\b`, 'i'),
    new RegExp(String.raw`\bfor\s+${word}\s+(?:of us|on|at|this|tomorrow|tonight)\b`, 'i'),
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match) return toCount(match[1] as string);
  }
  if (/\bfor a couple\b|\bfor two\b/i.test(text)) return 2;
  return null;
}

export function readName(text: string): string | null {
  const name = String.raw`([A-Z][a-zA-Z'-]+(?:\s+[A-Z][a-zA-Z'-]+)?)`;
  const patterns = [
    new RegExp(String.raw`under the name(?: of)?\s+${name}`),
    new RegExp(String.raw`\bname (?:is|of)\s+${name}`),
    new RegExp(String.raw`\bunder\s+${name}`),
    new RegExp(String.raw`\bon behalf of\s+${name}`),
    new RegExp(String.raw`\bfor\s+${name}`, 'g'),
  ];
  for (const pattern of patterns) {
    for (const match of text.matchAll(new RegExp(pattern.source, 'g'))) {
      const found = (match[1] as string).replace(/\s+(On|At|For|Please|Party|Table)\b.*$/, '');
      if (!NOT_NAMES.test(found)) return found;
    }
  }
  return null;
}

function firstVariable(variables: Record<string, string | null> | null, keys: string[]): string | null {
  if (!variables) return null;
  for (const key of keys) {
    const value = variables[key];
    if (value) return value;
  }
  return null;
}

/**
 * Everything a venue needs from the call. Variables win over prose; `pmBelow` sets how hours without
 * am/pm are read (11 for dinner, 8 for a salon's 9–17 day).
 */
export function readBookingRequest(
  texts: (string | null)[],
  variables: Record<string, string | null> | null,
  nowMs: number,
  pmBelow: number,
): BookingRequest {
  const text = texts
    .filter(Boolean)
    .map((t) => fillVariables(t as string, variables))
    .join('\n');
  const varParty = firstVariable(variables, [
    'party_size',
    'partySize',
    'party',
    'guests',
    'people',
    'covers',
  ]);
  const varDate = firstVariable(variables, ['date', 'day', 'booking_date']);
  const varTime = firstVariable(variables, ['time', 'booking_time']);
  const varWindow = firstVariable(variables, ['time_window', 'window']);
  const varEarliest = firstVariable(variables, ['earliest', 'window_start']);
  const varLatest = firstVariable(variables, ['latest', 'window_end']);
  const varName = firstVariable(variables, ['name', 'customer_name', 'customerName', 'guest_name']);
  const varService = firstVariable(variables, ['service']);

  const prose = readTimes(text, pmBelow);
  let time = varTime
    ? readTimes(varTime.includes(':') || /[ap]m/i.test(varTime) ? varTime : `at ${varTime}`, pmBelow).time
    : null;
  let window = varWindow ? readTimes(varWindow, pmBelow).window : null;
  if (!window && varEarliest && varLatest) {
    const from = readTimes(varEarliest.includes(':') ? varEarliest : `at ${varEarliest}`, pmBelow).time;
    const to = readTimes(varLatest.includes(':') ? varLatest : `at ${varLatest}`, pmBelow).time;
    if (from && to) window = { from, to };
  }
  time ??= window?.from ?? prose.time;
  window ??= prose.window;

  const lower = text.toLowerCase();
  return {
    partySize: (varParty ? toCount(varParty) : null) ?? readPartySize(text),
    date: (varDate ? readDate(varDate, nowMs) : null) ?? readDate(text, nowMs),
    time,
    window,
    name: varName ?? readName(text),
    service: varService ?? SERVICES.find((s) => lower.includes(s)) ?? null,
    acceptsOffer:
      /\b(you offered|you'd offered|offered (?:earlier|before|us)|the offered|accept(?:ing)? the)\b/.test(
        lower,
      ),
  };
}
