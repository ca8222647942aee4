/**
 * The agent's closing recap: the call script asks the agent to end every call with one plain sentence
 * that says what the call came to ("To recap: booked a table for 2 on Saturday at 7 PM under Manav.").
 * A recap is far easier to read than a whole conversation, so the transcript reader prefers it, unless
 * the callee contradicted it afterwards ("no, it was 7:30, not 7"); then the callee's correction is
 * applied to the recap, or, when it cannot be, the conversation is read without the recap.
 *
 * Pure, like the rest of `outcome/`. The instruction that asks the agent for the recap is
 * `CALL_RECAP_INSTRUCTION` in ./recap-instruction.ts.
 */
import { findGuestName, findPartyMentions } from './booking-details';
import type { TimeSlot } from './reservation';
import { COUNT, normalizeSpeech, readNumber } from './speech';
import { findDateMentions, type DateContext } from './spoken-date';
import { findTimeMentions, isTimeLimit, toClockTime } from './spoken-time';
import type { NumberedTranscriptLine } from './transcript';

/** What a recap sentence says the call came to; booked fields the recap left out are absent. */
export type RecapReading =
  | { kind: 'booked'; date?: string; time?: string; partySize?: number; name?: string }
  | { kind: 'alternative_offered'; alternatives: TimeSlot[] }
  | { kind: 'call_back'; after?: string }
  | { kind: 'full' | 'voicemail' | 'unclear' };

/** The recap the reader settled on, and whether a callee's correction was applied to it. */
export interface SettledRecap {
  /** The agent's recap line. */
  line: NumberedTranscriptLine;
  reading: RecapReading;
  /** The callee line that corrected the recap, when one did and the correction was applied. */
  correction?: NumberedTranscriptLine;
}

/** The result of looking for a recap: none, one to trust, or one the callee contradicted beyond repair. */
export type RecapVerdict =
  | { status: 'none' }
  | { status: 'trusted'; recap: SettledRecap }
  /** The callee contradicted the recap and the correction could not be applied: read the call without it. */
  | { status: 'contradicted'; recapLines: number[] };

export interface RecapContext extends DateContext {
  requestedTime: string;
}

const RECAP_CUE =
  /\b(?:to recap|recapping|quick recap|recap|to sum (?:it )?up|summing up|to summari[sz]e|in summary)\b\s*[:,—–-]?\s*/i;
const NOT_BOOKED =
  /\b(?:nothing(?: is| was| has been)? (?:booked|reserved|confirmed|settled|decided|agreed)|no (?:table|booking|reservation)s?\b|not (?:booked|reserved|confirmed)|(?:didn't|did not|couldn't|could not|can't|cannot|wasn't able to|were not able to|unable to) (?:book|get|make|reserve|reach)|no luck)/;
const FULL_PHRASE = /\bfully booked\b|\bbooked (?:up|solid|out)\b/;
const FULL =
  /\bfull\b|\b(?:can't|cannot|couldn't|won't) (?:take|seat|fit|accommodate|do)\b|\bno (?:availability|tables?|space|room|openings?)\b|\bclosed\b|\b(?:don't|do not|doesn't|does not) take (?:reservations|bookings)\b|\bwalk ?ins? only\b|\bsold out\b|\bnothing (?:available|left|free|open)\b/;
const BOOKED =
  /\b(?:booked|reserved|confirmed|all set)\b|\b(?:got|have|secured) (?:a|the|us a|you a) table\b/;
const OFFERED =
  /\boffer(?:ed|s|ing)?\b|\bsuggest(?:ed|s)?\b|\bpropos(?:ed|es)\b|\binstead\b|\balternatives?\b|\b(?:could|can) do\b|\b(?:they|she|he) (?:have|had)\b|\bavailable\b/;
const CALL_BACK =
  /\b(?:call|ring|phone|try)(?:ing)? (?:them |us |back |again )*(?:back|again|later)\b|\bcall(?:ing)? (?:them |us )?(?:after|around|at|before|tomorrow|on|in)\b|\bcallback\b/;
const CALL_BACK_WHEN =
  /\b(?:back|again|later|call(?:ing)?(?: them| us)?) ((?:after|around|at|before|tomorrow|tonight|on|in|next|this|between|from)\b[^,;]*)/;
const VOICEMAIL = /\bvoice ?mail\b|\banswering machine\b|\bmailbox\b/;

/** Callee words that reject what the agent just said. */
const DENIAL_START =
  /^(?:(?:oh|uh|um|er|erm|well|sorry|wait),? )*(?:no|nope|nah|not|wrong|incorrect|actually)\b/;
const DENIAL =
  /\b(?:not (?:booked|yet|right|correct|what i said)|isn't (?:booked|right|correct)|is not (?:booked|right)|didn't say|did not say|never said|that's (?:wrong|not right|not it)|i said)\b/;
/** A correction that takes the booking back, which no field patch can repair. */
const UNBOOKS =
  /\bnot (?:booked|yet|confirmed|reserved)\b|\bisn't (?:booked|confirmed)\b|\bno booking\b|\b(?:we're|we are) (?:full|fully booked|closed)\b|\bfully booked\b|\bcall (?:me |us )?back\b/;
/** "No, for three": a bare count in a correction of the party size. */
const CORRECTED_COUNT = new RegExp(`\\bfor (${COUNT})\\b(?! ?(?:pm|am|o'?clock|:))`);

/** The recap sentence in an agent line as said (case kept, for names), cut at the end of its sentence. */
function recapSentence(agentText: string): string | undefined {
  const cue = RECAP_CUE.exec(agentText);
  if (!cue) return undefined;
  const rest = agentText.slice(cue.index + cue[0].length);
  const end = /[.!?](?=\s|$)/.exec(rest);
  return (end ? rest.slice(0, end.index) : rest).trim() || undefined;
}

/**
 * The recap sentence in an agent line, normalised, or `undefined` when the line has none.
 *
 * @example findCallRecap('Thanks! To recap: booked for 2 on Saturday at 7 PM under Manav. Bye.')
 * // → 'booked for 2 on saturday at 7 pm under manav'
 */
export function findCallRecap(agentText: string): string | undefined {
  const said = recapSentence(agentText);
  return said === undefined ? undefined : normalizeSpeech(said);
}

/**
 * What the recap in an agent line says happened, or `undefined` when the line has no recap.
 *
 * @example readCallRecap('To recap: nothing booked; they offered 8:30 PM on Saturday.', ctx)
 * // → { kind: 'alternative_offered', alternatives: [{ date: '2026-12-05', time: '20:30' }] }
 */
export function readCallRecap(agentText: string, ctx: RecapContext): RecapReading | undefined {
  const said = recapSentence(agentText);
  if (said === undefined) return undefined;
  const recap = normalizeSpeech(said);
  const slots = slotsIn(recap, ctx);
  const withoutFullPhrase = recap.replace(FULL_PHRASE, ' ');
  const notBooked = NOT_BOOKED.test(recap) || !BOOKED.test(withoutFullPhrase);
  if (!notBooked) {
    const parties = findPartyMentions(recap);
    const name = findGuestName(said);
    return {
      kind: 'booked',
      ...(slots.dates[0] ? { date: slots.dates[0] } : {}),
      ...(slots.times[0] ? { time: slots.times[0].time } : {}),
      ...(parties[0] ? { partySize: parties[0].size } : {}),
      ...(name ? { name } : {}),
    };
  }
  if (VOICEMAIL.test(recap)) return { kind: 'voicemail' };
  if (slots.times.length > 0 && OFFERED.test(recap)) {
    const callBackAt = CALL_BACK_WHEN.exec(recap)?.index;
    const offered = slots.times.filter((t) => callBackAt === undefined || t.at < callBackAt);
    if (offered.length > 0) return { kind: 'alternative_offered', alternatives: dedupe(offered) };
  }
  if (FULL_PHRASE.test(recap) || FULL.test(recap)) return { kind: 'full' };
  if (CALL_BACK.test(recap)) {
    const after = CALL_BACK_WHEN.exec(recap)?.[1]?.trim();
    return { kind: 'call_back', ...(after ? { after } : {}) };
  }
  return { kind: 'unclear' };
}

/**
 * Finds the last recap in the call and decides whether to trust it: trusted when no callee line after
 * it disagrees, or when the disagreement is a field correction ("no, 7:30") that can be applied;
 * `contradicted` when the callee took the result back ("no, it's not booked yet").
 */
export function settleCallRecap(lines: NumberedTranscriptLine[], ctx: RecapContext): RecapVerdict {
  const recaps = lines.flatMap((line) => {
    if (line.role !== 'agent') return [];
    const reading = readCallRecap(line.text, ctx);
    return reading ? [{ line, reading }] : [];
  });
  const last = recaps[recaps.length - 1];
  if (!last) return { status: 'none' };
  const recapLines = recaps.map((r) => r.line.index);
  const after = lines.filter((l) => l.index > last.line.index && l.role === 'callee');
  const contradiction = after.find((l) => contradicts(l.text, last.reading, ctx));
  if (!contradiction) return { status: 'trusted', recap: last };
  const patched = applyCorrection(last.reading, contradiction.text, ctx);
  if (!patched) return { status: 'contradicted', recapLines };
  return { status: 'trusted', recap: { ...last, reading: patched, correction: contradiction } };
}

/** Goodbyes whose "no" agrees ("no worries, bye"). */
const AGREEING_NO =
  /\b(?:no (?:worries|problem|bother|prob(?:lem)?s)|not a problem|not at all|nae bother)\b/g;

function contradicts(calleeText: string, recap: RecapReading, ctx: RecapContext): boolean {
  const text = normalizeSpeech(calleeText).replace(AGREEING_NO, 'fine');
  if (DENIAL_START.test(text) || DENIAL.test(text)) return true;
  const said = slotsIn(text, ctx);
  if (recap.kind === 'booked') {
    const parties = findPartyMentions(text).map((p) => p.size);
    return (
      said.times.some((t) => recap.time !== undefined && t.time !== recap.time) ||
      said.dates.some((d) => recap.date !== undefined && d !== recap.date) ||
      parties.some((p) => recap.partySize !== undefined && p !== recap.partySize)
    );
  }
  if (recap.kind === 'alternative_offered') {
    return said.times.some((t) => !recap.alternatives.some((a) => a.time === t.time));
  }
  // A recap of no table, answered with a time: the callee is offering one after all.
  return said.times.length > 0 && recap.kind !== 'call_back';
}

/** The recap with the callee's corrected fields, or `undefined` when the correction is not a patch. */
function applyCorrection(
  recap: RecapReading,
  calleeText: string,
  ctx: RecapContext,
): RecapReading | undefined {
  const text = normalizeSpeech(calleeText);
  const said = slotsIn(text, ctx);
  if (recap.kind === 'booked') {
    if (UNBOOKS.test(text)) return undefined;
    const time = said.times.find((t) => t.time !== recap.time)?.time;
    const date = said.dates.find((d) => d !== recap.date);
    const partySize =
      findPartyMentions(text).find((p) => p.size !== recap.partySize)?.size ??
      (time === undefined ? countIn(text, recap.partySize) : undefined);
    if (time === undefined && date === undefined && partySize === undefined) return undefined;
    return {
      ...recap,
      ...(time ? { time } : {}),
      ...(date ? { date } : {}),
      ...(partySize ? { partySize } : {}),
    };
  }
  if (recap.kind === 'alternative_offered') {
    const fresh = said.times.filter((t) => !recap.alternatives.some((a) => a.time === t.time));
    if (fresh.length === 0) return undefined;
    const recapDate = recap.alternatives[0]?.date;
    const alternatives = fresh.map((t) => ({
      date: t.dateSaid ? t.date : (recapDate ?? t.date),
      time: t.time,
    }));
    return { kind: 'alternative_offered', alternatives: dedupe(alternatives) };
  }
  return undefined;
}

function countIn(text: string, other: number | undefined): number | undefined {
  const m = CORRECTED_COUNT.exec(text);
  const size = m ? readNumber(m[1]!) : undefined;
  return size !== undefined && size !== other && size >= 1 && size <= 30 ? size : undefined;
}

interface RecapTime extends TimeSlot {
  /** Where in the text it was said. */
  at: number;
  dateSaid: boolean;
}

/**
 * Times and dates in a recap. Each time takes the nearest date said before it ("Sunday at 7 or Monday
 * at 7"), else the first said after it ("6:30 or 8:30 on Saturday"), else the requested date.
 */
function slotsIn(text: string, ctx: RecapContext): { times: RecapTime[]; dates: string[] } {
  const parties = findPartyMentions(text);
  const dates = findDateMentions(text, ctx);
  const times = findTimeMentions(text, parties)
    .filter((t) => !isTimeLimit(text, t))
    .map((t) => {
      const date = dates.filter((d) => d.start < t.start).pop() ?? dates.find((d) => d.start > t.start);
      return {
        time: toClockTime(t, ctx.requestedTime),
        date: date?.date ?? ctx.requestedDate,
        dateSaid: date !== undefined,
        at: t.start,
      };
    });
  return { times, dates: dates.map((d) => d.date) };
}

function dedupe(slots: TimeSlot[]): TimeSlot[] {
  const seen = new Set<string>();
  return slots
    .map(({ date, time }) => ({ date, time }))
    .filter((s) => !seen.has(`${s.date} ${s.time}`) && seen.add(`${s.date} ${s.time}`));
}
