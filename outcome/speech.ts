/**
 * Shared helpers for reading transcribed speech: one normal form for text, number words, and spans.
 * Speech-to-text output varies ("7 p.m.", "7pm", "seven PM", "forty-five"); the readers in this folder
 * all work on {@link normalizeSpeech}'s output so each pattern is written once.
 */

/** A character range in a normalised string. */
export interface Span {
  start: number;
  end: number;
}

/**
 * Lower-cases, unifies quotes and dashes, writes "p.m." as "pm", splits hyphenated words
 * ("forty-five" → "forty five") and collapses whitespace.
 *
 * @example normalizeSpeech('Seven-thirty P.M.?') // → 'seven thirty pm?'
 */
export function normalizeSpeech(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/(?<![a-z])([ap])\.\s?m\b\.?/g, '$1m')
    .replace(/([a-z])-(?=[a-z])/g, '$1 ')
    .replace(/\s*[—–]\s*/g, ' - ')
    .replace(/\s+/g, ' ')
    .trim();
}

const SMALL_NUMBERS: Record<string, number> = {
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
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
};

/** Regex source for an hour said as a word. */
export const HOUR_WORD = '(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)';

/** Regex source for a small count said as digits or a word (party sizes). */
export const COUNT = `(?:\\d{1,2}|${Object.keys(SMALL_NUMBERS).join('|')})`;

/** Reads "7", "07" or "seven" as a number; `undefined` when it is neither. */
export function readNumber(token: string): number | undefined {
  const trimmed = token.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  return SMALL_NUMBERS[trimmed];
}

/** True when two spans share at least one character. */
export function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Zero-padded "HH:MM". */
export function formatClock(hour: number, minute: number): string {
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}
