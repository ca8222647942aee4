/**
 * Finds clock times in normalised speech and reads them as a restaurant would mean them.
 *
 * Said forms: "7:30pm", "19:30", "7.30", "7 pm", "half past seven", "quarter to eight", "ten past
 * seven", "half seven", "seven thirty", "8 o'clock", "noon". A bare hour ("eight", "8") counts only
 * after a word that introduces a time ("at eight", "how about 8", "we can do eight", "7, 8 or 9"), and
 * never when a count follows ("eight people", "two minutes"), because a bare number on a booking call is
 * as often a party size as a time.
 */
import { HOUR_WORD, formatClock, overlaps, readNumber, type Span } from './speech';

export interface TimeMention extends Span {
  hour: number;
  minute: number;
  /** Said explicitly: "pm", "in the evening", "tonight" → pm; "am", "in the morning" → am. */
  meridiem?: 'am' | 'pm';
  /** Written as a 24-hour clock ("19:30", "08:15", "noon"): the hour is taken as is. */
  twentyFourHour: boolean;
  /** The word said right before the time ("at", "until", "after"...), for callers that care. */
  cue: string;
}

const HOUR = `(?:\\d{1,2}|${HOUR_WORD})`;
const MINUTE_WORDS: Record<string, number> = {
  'oh five': 5,
  'o five': 5,
  five: 5,
  ten: 10,
  fifteen: 15,
  twenty: 20,
  'twenty five': 25,
  thirty: 30,
  'thirty five': 35,
  forty: 40,
  'forty five': 45,
  fifty: 50,
  'fifty five': 55,
};
const MINUTE_WORD = `(?:${Object.keys(MINUTE_WORDS)
  .sort((a, b) => b.length - a.length)
  .join('|')})`;
const MERIDIEM =
  '(?:\\s*(am|pm)\\b|\\s+(in the evening|in the afternoon|in the morning|at night|tonight|this evening|this afternoon|this morning))?';
/** What follows a bare number when it is a count or a spelled-out phone number, not a time. */
const NOT_A_TIME_AFTER = `(?!\\s*(?:people|persons?|guests?|adults?|kids|children|diners|of (?:us|you|them)|minutes?|mins?|hours?|days?|weeks?|months?|years?|(?:(?:little|small|big|large|last|more|free|other|nice|quiet|corner|window|round) )?(?:tables?|seats?|spots?)|dollars|percent|%|pax)\\b|\\s+(?:\\d|${HOUR_WORD}\\b|zero\\b|oh\\b))`;
const BARE_TIME_CUES =
  'at|around|about|by|from|after|until|till|before|between|say|do|is|how about|what about|earliest is|earliest|latest|only|maybe|got|have|have an?|offer|at about|at around|do you|give you|either|bump you to|push it to|push you to|move you to|move it to|make it';

interface Pattern {
  regex: RegExp;
  read: (m: RegExpExecArray) => { hour: number; minute: number; twentyFourHour: boolean } | undefined;
}

const PATTERNS: Pattern[] = [
  {
    // 7:30, 19:30, 7.30 (the dot form is common in speech-to-text)
    regex: new RegExp(`\\b(\\d{1,2})[:.](\\d{2})(?!\\d)${MERIDIEM}`, 'g'),
    read: (m) => {
      const hour = Number(m[1]);
      const minute = Number(m[2]);
      return { hour, minute, twentyFourHour: hour === 0 || hour >= 13 || m[1]!.startsWith('0') };
    },
  },
  {
    // "7 30": speech-to-text sometimes drops the colon; quarter hours only, so phone digits stay digits
    regex: new RegExp(`\\b(\\d{1,2}) (00|15|30|45)\\b(?!\\s*\\d)${MERIDIEM}`, 'g'),
    read: (m) => hourAt(m[1]!, Number(m[2])),
  },
  {
    // half past seven, quarter to eight, ten past seven, twenty five to nine
    regex: new RegExp(
      `\\b(half|quarter|5|10|15|20|25|five|ten|twenty|twenty five)(?: minutes)? (past|after|to|till|of) (${HOUR})\\b${MERIDIEM}${NOT_A_TIME_AFTER}`,
      'g',
    ),
    read: (m) => {
      const hour = readNumber(m[3]!);
      const amount =
        m[1] === 'half' ? 30 : m[1] === 'quarter' ? 15 : (MINUTE_WORDS[m[1]!] ?? readNumber(m[1]!));
      if (hour === undefined || amount === undefined || amount >= 60 || hour > 12) return undefined;
      if (m[2] === 'past' || m[2] === 'after') return { hour, minute: amount, twentyFourHour: false };
      if (m[1] === 'half') return undefined; // "half to eight" is not a time
      return { hour: hour === 1 ? 12 : hour - 1, minute: 60 - amount, twentyFourHour: false };
    },
  },
  {
    // British "half seven" = 7:30
    regex: new RegExp(`\\bhalf (${HOUR})\\b${MERIDIEM}`, 'g'),
    read: (m) => hourAt(m[1]!, 30),
  },
  {
    // seven thirty, eight fifteen, nine forty five
    regex: new RegExp(`\\b(${HOUR_WORD}) (${MINUTE_WORD})\\b${MERIDIEM}`, 'g'),
    read: (m) => hourAt(m[1]!, MINUTE_WORDS[m[2]!] ?? 0),
  },
  {
    // 8 o'clock, eight oclock
    regex: new RegExp(`\\b(${HOUR})\\s*o'?\\s?clock\\b${MERIDIEM}`, 'g'),
    read: (m) => hourAt(m[1]!, 0),
  },
  {
    // 7pm, seven pm, 7 in the evening
    regex: new RegExp(
      `\\b(${HOUR})(?:\\s*(am|pm)\\b|\\s+(in the evening|in the afternoon|in the morning|at night|tonight|this evening))`,
      'g',
    ),
    read: (m) => hourAt(m[1]!, 0),
  },
  {
    // "would six suit?", "eight thirty have, nine also have": a dinner hour said with what it is
    regex: new RegExp(
      `\\b(5|6|7|8|9|10|11|five|six|seven|eight|nine|ten|eleven) (?=(?:suit|work|works|be (?:ok|okay|alright|fine|any good)|any good|(?:also )?(?:have|has)|(?:is )?(?:free|open|available|possible|okay|ok|fine))\\b)`,
      'g',
    ),
    read: (m) => hourAt(m[1]!, 0),
  },
  {
    // "Six or nine?": a bare pair of hours asked as a choice
    regex: new RegExp(`\\b(${HOUR})(?= (?:or|and) ${HOUR}\\s*(?:[?.!]|$))`, 'g'),
    read: (m) => hourAt(m[1]!, 0),
  },
  {
    regex: /\b(noon|midday|midnight)\b/g,
    read: (m) => ({ hour: m[1] === 'midnight' ? 0 : 12, minute: 0, twentyFourHour: true }),
  },
  {
    // "all set for seven": dinner hours only, since "book for two" is a party size
    regex: new RegExp(`\\bfor (5|6|7|8|9|10|five|six|seven|eight|nine|ten)\\b${NOT_A_TIME_AFTER}`, 'g'),
    read: (m) => hourAt(m[1]!, 0),
  },
  {
    // a bare hour after a word that introduces a time: "at eight", "we can do 8", "how about nine"
    regex: new RegExp(`\\b(?:${BARE_TIME_CUES}) (${HOUR})\\b${NOT_A_TIME_AFTER}`, 'g'),
    read: (m) => hourAt(m[1]!, 0),
  },
];

/** Patterns whose match starts with a cue word rather than the time itself. */
const CUED = new Set(PATTERNS.slice(-2));

/** "five or five thirty": a bare hour right before another time, joined by a list word. */
const LIST_LEAD = new RegExp(`\\b(${HOUR}),? (?:or|and|to) $`);

/** "7, 8 or 9", "7 and 9:30": a bare hour right after another time, joined by a list word. */
const LIST_CONTINUATION = new RegExp(
  `^\\s*(?:,|and|or|to|-|,? or|,? and)\\s*(${HOUR})\\b${NOT_A_TIME_AFTER}`,
);

function hourAt(word: string, minute: number) {
  const hour = readNumber(word);
  if (hour === undefined || hour > 23) return undefined;
  return { hour, minute, twentyFourHour: hour === 0 || hour >= 13 };
}

function meridiemOf(said: string | undefined): 'am' | 'pm' | undefined {
  if (!said) return undefined;
  if (said === 'am' || said.endsWith('morning')) return 'am';
  return 'pm';
}

/**
 * All clock times said in `text` (already normalised), in order, skipping any inside `blocked` spans
 * (e.g. a party size "table for two").
 *
 * @example findTimeMentions('we could do half past seven or 9:15') // → 19:30-ish and 21:15-ish mentions
 */
export function findTimeMentions(text: string, blocked: Span[] = []): TimeMention[] {
  const found: TimeMention[] = [];
  for (const pattern of PATTERNS) {
    for (const m of text.matchAll(pattern.regex)) {
      // Cued patterns match their cue word too; the time itself is the captured hour.
      const start = CUED.has(pattern) ? m.index + m[0].lastIndexOf(m[1]!) : m.index;
      const span = { start, end: m.index + m[0].length };
      if ([...found, ...blocked].some((s) => overlaps(s, span))) continue;
      // "I still have one": after "have"/"got" a bare "one" is a count, not one o'clock.
      if (CUED.has(pattern) && m[1] === 'one' && /\b(?:have|has|got)$/.test(wordBefore(text, start)))
        continue;
      const read = pattern.read(m);
      if (!read || read.minute > 59 || read.hour > 23) continue;
      const said = m
        .slice(2)
        .find((g) => g !== undefined && /^(am|pm|in the|at night|tonight|this )/.test(g));
      found.push({ ...span, ...read, meridiem: meridiemOf(said), cue: wordBefore(text, start) });
    }
  }
  addListContinuations(text, found, blocked);
  return found.sort((a, b) => a.start - b.start);
}

function addListContinuations(text: string, found: TimeMention[], blocked: Span[]): void {
  for (let i = 0; i < found.length; i++) {
    const previous = found[i]!;
    const m = LIST_CONTINUATION.exec(text.slice(previous.end));
    if (!m) continue;
    const start = previous.end + m[0].lastIndexOf(m[1]!);
    const span = { start, end: previous.end + m[0].length };
    if ([...found, ...blocked].some((s) => overlaps(s, span))) continue;
    const read = hourAt(m[1]!, 0);
    if (read) found.push({ ...span, ...read, cue: wordBefore(text, start) });
  }
  for (const next of [...found]) {
    const m = LIST_LEAD.exec(text.slice(Math.max(0, next.start - 16), next.start));
    if (!m) continue;
    const start = next.start - m[0].length;
    const span = { start, end: start + m[1]!.length };
    if ([...found, ...blocked].some((s) => overlaps(s, span))) continue;
    const read = hourAt(m[1]!, 0);
    if (read) found.push({ ...span, ...read, cue: wordBefore(text, start) });
  }
}

/** Said right before a time that limits a stay or a hold rather than naming a slot. */
const LIMIT_BEFORE =
  /\b(?:(?:out|back|leave|left|finish(?:ed)?|done|vacate)(?: the table)? (?:by|before|at)|(?:hold|keep)(?: it| that| the table| them)? (?:till|until|for|to)(?: [a-z]+)?) $/;

/**
 * True when a time bounds something else ("as long as you're out by 7:30", "I can hold it till noon"):
 * it is neither offered nor declined.
 *
 * @example isTimeLimit("we'd need the table back by 7:30", findTimeMentions(...)[0]) // → true
 */
export function isTimeLimit(text: string, mention: TimeMention): boolean {
  return LIMIT_BEFORE.test(text.slice(Math.max(0, mention.start - 32), mention.start));
}

function wordBefore(text: string, index: number): string {
  return /(\S+)\s*$/.exec(text.slice(0, index))?.[1]?.replace(/[^a-z']/g, '') ?? '';
}

/**
 * The 24-hour "HH:MM" a restaurant means by a mention. An explicit am/pm or a 24-hour form wins.
 * Otherwise restaurants seat people from late morning to late night, so 1–10 o'clock are pm, 12 is
 * noon, and 11 (11am lunch or 11pm late seating) is whichever is nearer the requested time.
 *
 * @example toClockTime({ hour: 8, minute: 30, twentyFourHour: false, ... }, '19:00') // → '20:30'
 */
export function toClockTime(mention: TimeMention, requestedTime: string): string {
  let hour = mention.hour;
  const { minute } = mention;
  if (mention.twentyFourHour) return formatClock(hour, minute);
  if (mention.meridiem === 'pm' && hour < 12) hour += 12;
  else if (mention.meridiem === 'am' && hour === 12) hour = 0;
  else if (!mention.meridiem && hour >= 1 && hour <= 10) hour += 12;
  else if (!mention.meridiem && hour === 11) {
    const requested = minutesOfDay(requestedTime);
    const asAm = 11 * 60 + minute;
    const asPm = 23 * 60 + minute;
    hour = Math.abs(asPm - requested) < Math.abs(asAm - requested) ? 23 : 11;
  }
  return formatClock(hour, minute);
}

/** Minutes since midnight of "HH:MM". */
export function minutesOfDay(clock: string): number {
  const [h, m] = clock.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}
