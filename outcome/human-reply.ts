/**
 * Reads a person's text answer to an offer: YES, NO, another time, or a consent keyword (STOP, START,
 * HELP). It runs at the edge — the ingress for SMS, the CLI for `reservation reply` — and the reading
 * travels with the signal or update (design decision 11), so improving it never needs a workflow patch.
 * Times are read with the call transcripts' own reader ("half past eight", "8.30", "at 9").
 */
import { consentKeywordOf } from '../common/sms-consent';
import type { ReplyReading } from '../workflows/types';
import { formatClock, normalizeSpeech, readNumber } from './speech';
import { findTimeMentions, toClockTime } from './spoken-time';

const YES =
  /^(y|yes|yeah|yep|yup|yes please|sure|ok|okay|k|book it|sounds good|please do|please|confirm|confirmed|go ahead|do it|perfect|great|that works|works for me|absolutely|definitely)\b/;
const NO = /^(n|no|nope|nah|don't|dont|do not|cancel|skip|pass|no thanks|not interested)\b/;
/** A word that turns a yes-sounding reply ("please stop", "ok but not tonight") into something else. */
const NEGATION = /\b(no|not|nope|nah|never|don't|dont|can't|cant|won't|wont|stop|cancel)\b/;
/** A whole message that is only an hour: "8", "eight", "8?" — read as a time (the offer context). */
const BARE_HOUR = /^(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)$/;
/** Bare hours are read as dinner times, as a restaurant would mean them. */
const DINNER_CONTEXT = '19:00';

/**
 * @example readReply('YES') // { kind: 'yes' }
 * @example readReply('half past eight?') // { kind: 'time', time: '20:30' }
 * @example readReply('please stop texting') // { kind: 'unknown' } — a yes that also says no is no yes
 */
export function readReply(text: string): ReplyReading {
  const keyword = consentKeywordOf(text);
  if (keyword) return { kind: keyword };
  const t = normalizeSpeech(text)
    .replace(/[!?,;]+/g, ' ')
    .replace(/\.+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (t === '') return { kind: 'unknown' };

  const time = timeIn(t);
  if (time && !/^(yes|y|ok|okay)$/.test(t)) return { kind: 'time', time };
  if (YES.test(t) && !NEGATION.test(t)) return { kind: 'yes' };
  if (NO.test(t)) return { kind: 'no' };
  return { kind: 'unknown' };
}

/** The first time the text proposes; a time right after "not" ("not 8pm") is not proposed. */
function timeIn(t: string): string | undefined {
  const bare = BARE_HOUR.exec(t);
  if (bare) {
    const hour = readNumber(bare[1]!);
    if (hour === undefined || hour < 1 || hour > 23) return undefined;
    if (hour > 12) return formatClock(hour, 0);
    return toClockTime(
      { start: 0, end: t.length, hour, minute: 0, twentyFourHour: false, cue: '' },
      DINNER_CONTEXT,
    );
  }
  const mention = findTimeMentions(t).find((m) => m.cue !== 'not');
  return mention ? toClockTime(mention, DINNER_CONTEXT) : undefined;
}
