/**
 * Finds dates in normalised speech and resolves them to "YYYY-MM-DD".
 *
 * A booking call is about one requested date, so partial dates resolve against it: "December 5th" takes
 * the year that puts it nearest the requested date, "the 5th" the nearest month, and a weekday
 * ("Saturday", "this Saturday") the date with that weekday within three days either side of it;
 * "next Saturday" is the first Saturday after it. Words relative to the day of the call ("today",
 * "tonight", "tomorrow") need that day: they resolve against `referenceDate` and are ignored when it
 * is unknown, so the requested date stands.
 */
import type { Span } from './speech';
import { MONTHS_LOWER as MONTHS, WEEKDAYS_LOWER as WEEKDAYS } from '../common/calendar';

export interface DateContext {
  /** The date the call is about, "YYYY-MM-DD". */
  requestedDate: string;
  /** The calendar day the call took place, "YYYY-MM-DD", in the restaurant's time zone. */
  referenceDate?: string;
}

export interface DateMention extends Span {
  date: string;
}

const MONTH_ABBREVIATIONS = [
  'jan',
  'feb',
  'mar',
  'apr',
  'may',
  'jun',
  'jul',
  'aug',
  'sep',
  'oct',
  'nov',
  'dec',
];
const ORDINAL_WORDS = [
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
  'eleventh',
  'twelfth',
  'thirteenth',
  'fourteenth',
  'fifteenth',
  'sixteenth',
  'seventeenth',
  'eighteenth',
  'nineteenth',
  'twentieth',
  'twenty first',
  'twenty second',
  'twenty third',
  'twenty fourth',
  'twenty fifth',
  'twenty sixth',
  'twenty seventh',
  'twenty eighth',
  'twenty ninth',
  'thirtieth',
  'thirty first',
];

const MONTH = `(${[...MONTHS, ...MONTH_ABBREVIATIONS.map((m) => `${m}\\.?`)].join('|')})`;
const DAY_NUMBER = `(\\d{1,2})(?:st|nd|rd|th)?`;
const ORDINAL_WORD = `(${[...ORDINAL_WORDS].sort((a, b) => b.length - a.length).join('|')})`;

type Resolver = (m: RegExpExecArray, ctx: DateContext) => string | undefined;

const PATTERNS: Array<[RegExp, Resolver]> = [
  [/\b(\d{4})-(\d{2})-(\d{2})\b/g, (m) => validDate(Number(m[1]), Number(m[2]), Number(m[3]))],
  [
    new RegExp(`\\b${MONTH} ${DAY_NUMBER}\\b`, 'g'),
    (m, ctx) => nearestYear(monthOf(m[1]!), Number(m[2]), ctx),
  ],
  [
    new RegExp(`\\b${MONTH} (?:the )?${ORDINAL_WORD}\\b`, 'g'),
    (m, ctx) => nearestYear(monthOf(m[1]!), ordinal(m[2]!), ctx),
  ],
  [
    new RegExp(`\\b(?:the )?${DAY_NUMBER} of ${MONTH}`, 'g'),
    (m, ctx) => nearestYear(monthOf(m[2]!), Number(m[1]), ctx),
  ],
  [
    new RegExp(`\\b(?:the )?${ORDINAL_WORD} of ${MONTH}`, 'g'),
    (m, ctx) => nearestYear(monthOf(m[2]!), ordinal(m[1]!), ctx),
  ],
  [/\bthe (\d{1,2})(?:st|nd|rd|th)\b/g, (m, ctx) => nearestMonth(Number(m[1]), ctx)],
  // Word ordinals alone are common in other senses ("the first available"), so they need "on the".
  [new RegExp(`\\bon the ${ORDINAL_WORD}\\b`, 'g'), (m, ctx) => nearestMonth(ordinal(m[1]!), ctx)],
  [/\b(?:the )?day after tomorrow\b/g, (_m, ctx) => relativeDay(ctx, 2)],
  [/\btomorrow\b/g, (_m, ctx) => relativeDay(ctx, 1)],
  [/\b(?:today|tonight|this evening|this afternoon)\b/g, (_m, ctx) => relativeDay(ctx, 0)],
  [
    new RegExp(`\\b(?:(next|this|coming|this coming|on) )?(${WEEKDAYS.join('|')})s?\\b`, 'g'),
    (m, ctx) => weekday(WEEKDAYS.indexOf(m[2]!), m[1] === 'next', ctx),
  ],
];

/**
 * All dates said in `text` (already normalised), in order, as "YYYY-MM-DD".
 *
 * @example findDateMentions('how about sunday the 6th?', { requestedDate: '2026-12-05' })
 * // → [{ date: '2026-12-06', ... }, { date: '2026-12-06', ... }]
 */
export function findDateMentions(text: string, ctx: DateContext): DateMention[] {
  const found: DateMention[] = [];
  for (const [regex, resolve] of PATTERNS) {
    for (const m of text.matchAll(regex)) {
      const span = { start: m.index, end: m.index + m[0].length };
      if (found.some((s) => s.start < span.end && span.start < s.end)) continue;
      const date = resolve(m, ctx);
      if (date) found.push({ ...span, date });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

function monthOf(word: string): number {
  const key = word.replace('.', '').slice(0, 3);
  return MONTH_ABBREVIATIONS.indexOf(key) + 1;
}

function ordinal(word: string): number {
  return ORDINAL_WORDS.indexOf(word) + 1;
}

function validDate(year: number, month: number, day: number): string | undefined {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return d.toISOString().slice(0, 10);
}

function toUtc(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

function addDays(date: string, days: number): string {
  const d = toUtc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function daysBetween(a: string, b: string): number {
  return Math.round((toUtc(a).getTime() - toUtc(b).getTime()) / 86_400_000);
}

/** Of the candidates that exist, the one nearest the requested date. */
function nearest(candidates: Array<string | undefined>, ctx: DateContext): string | undefined {
  const valid = candidates.filter((c): c is string => c !== undefined);
  valid.sort(
    (a, b) => Math.abs(daysBetween(a, ctx.requestedDate)) - Math.abs(daysBetween(b, ctx.requestedDate)),
  );
  return valid[0];
}

function nearestYear(month: number, day: number, ctx: DateContext): string | undefined {
  const year = Number(ctx.requestedDate.slice(0, 4));
  return nearest(
    [year - 1, year, year + 1].map((y) => validDate(y, month, day)),
    ctx,
  );
}

function nearestMonth(day: number, ctx: DateContext): string | undefined {
  const requested = toUtc(ctx.requestedDate);
  const candidates = [-1, 0, 1].map((offset) => {
    const d = new Date(Date.UTC(requested.getUTCFullYear(), requested.getUTCMonth() + offset, 1));
    return validDate(d.getUTCFullYear(), d.getUTCMonth() + 1, day);
  });
  return nearest(candidates, ctx);
}

function relativeDay(ctx: DateContext, days: number): string | undefined {
  return ctx.referenceDate ? addDays(ctx.referenceDate, days) : undefined;
}

function weekday(target: number, next: boolean, ctx: DateContext): string | undefined {
  if (target < 0) return undefined;
  const requestedWeekday = toUtc(ctx.requestedDate).getUTCDay();
  if (next) return addDays(ctx.requestedDate, ((target - requestedWeekday + 6) % 7) + 1);
  const forward = (target - requestedWeekday + 7) % 7;
  return addDays(ctx.requestedDate, forward <= 3 ? forward : forward - 7);
}
