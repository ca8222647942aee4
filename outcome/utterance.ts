/**
 * Reads one utterance of a booking call: which times and dates it mentions, whether each was said as
 * available or unavailable, and the conversational acts in it (confirming, declining, offering,
 * asking to call back, checking, a voicemail greeting).
 *
 * Polarity is decided per segment so that "we don't have 7, but we could do 8:30" declines 7 and
 * offers 8:30: a line splits into sentences, sentences into clauses at contrast words ("but",
 * "though", "instead"), clauses into comma segments. A segment is negative if it holds a negation
 * ("don't", "nothing", "7 is taken", "fully booked"), positive if it holds an availability or
 * agreement cue, and otherwise takes the polarity of the segment before it in the same clause, so a
 * list ("we don't have 7, 8 or 9") keeps its sense.
 */
import { findGuestName, findPartyMentions } from './booking-details';
import { HOUR_WORD, normalizeSpeech, readNumber } from './speech';
import { findDateMentions, type DateContext } from './spoken-date';
import { findTimeMentions, isTimeLimit, toClockTime, type TimeMention } from './spoken-time';

export interface UtteranceContext extends DateContext {
  requestedTime: string;
  /** The date the conversation is on at this point: the last date either side mentioned. */
  contextDate: string;
}

export type Polarity = 'positive' | 'negative' | 'neutral';

/** A time or a date said in the line, with the date it belongs to and how it was said. */
export interface SlotMention {
  /** "HH:MM", absent for a date said without a time. */
  time?: string;
  date: string;
  /** The line named the date; otherwise it is the conversation's current date. */
  explicitDate: boolean;
  polarity: Polarity;
  /** "Any time after six", "from 6": a lower bound rather than one slot. */
  openEnded?: boolean;
}

export interface UtteranceReading {
  slots: SlotMention[];
  partySizes: number[];
  name?: string;
  /** The last date said in the line, for the conversation's running date. */
  lastDate?: string;
  /** An unambiguous booking confirmation ("you're all set", "I've booked you in", "see you then"). */
  confirm: boolean;
  /** Agreement: strong ("yes", "sure", "that works") or weak ("okay", "great", "thanks"). */
  affirm?: 'strong' | 'weak';
  /** Some segment declined something (a time, a request, availability). */
  negative: boolean;
  /** Said there is no availability at all ("fully booked", "closed on Mondays", "nothing left"). */
  full: boolean;
  /** Refused without saying they are full ("we can't do that", "we don't take reservations"). */
  decline: boolean;
  callBack?: { after?: string };
  voicemail: boolean;
  /** The speaker went to check ("hold on, let me look") and had not answered by the end of the line. */
  pending: boolean;
  /** The line ends with a question. */
  question: boolean;
  /** Agent cues: asking to book, reading details back / accepting, putting the decision off. */
  bookingAsk: boolean;
  readback: boolean;
  defer: boolean;
}

/** Phrases whose negation word does not negate anything. Replaced before reading. */
const NEUTRALISERS: Array<[RegExp, string]> = [
  [/\b(?:no problem|not a problem|no worries|don't worry|not at all|no bother)\b/g, 'noproblem'],
  [/\byou(?:'re| are) in luck\b/g, 'lucky'],
  [/\b(?:no doubt|why not)\b/g, 'sure'],
  [/\b(?:if not|whether or not|or not)\b/g, 'otherwise'],
  // "9:30 if you don't mind eating late" offers 9:30
  [/\b(?:if|as long as) you (?:don't|do not) mind\b/g, 'ifyoulike'],
];

const NEGATION =
  /\b(?:no|not|nope|never|nothing|none|nobody|unavailable|unable|dont|don't|do not|doesn't|doesnt|does not|didn't|can't|cant|cannot|couldn't|won't|wont|wouldn't|isn't|isnt|aren't|wasn't|haven't|hasn't)\b/;
const TAKEN =
  /(?:\d|o'clock|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)) (?:is |'s )?(?:full|finish(?:ed)?)\b|(?:\b(?:is|are|was|were|been|got|all|already|just)|'s) (?:just |already )?(?:got |been )?(?:taken|gone|full)\b|(?:\d|o'clock|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)) (?:is|'s) (?:already )?(?:booked|reserved)\b/;
const FULL =
  /\bfully booked\b|\bbooked (?:up|solid|out)\b|\b(?:we're|we are|were)(?: all| completely| pretty much| totally| pretty)? (?:booked|full)\b|\b(?:completely|totally|all) full\b|\bfull (?:up|tonight|today|tomorrow|that|this|on|for|at|all)\b|\bno (?:more )?(?:availability|tables?|space|room|openings?|spots?|seats?)\b|\bnothing (?:left|available|open|free|at all|tonight|today|tomorrow|that|this|on|for)\b|\b(?:don't|do not|dont) have (?:any|anything|a table|tables|space|room|availability|openings?)\b|\b(?:we're|we are|were) closed\b(?! (?:at the moment|right now|now|just now|for (?:the afternoon|lunch|a break)|until|till))|^(?:all )?full$|\ball full\b|\b(?:don't|do not|aren't|are not) open (?:on )?(?:mondays?|tuesdays?|wednesdays?|thursdays?|fridays?|saturdays?|sundays?|that day|then|at all)\b|\bclosed (?:on|that|this|for|tomorrow|today|tonight|all)\b|\bsold out\b|\bchock ?a ?block\b|\bnot a (?:single )?(?:table|seat|spot)\b|\b(?:we are|we're|is|it's|are) complete\b|\b(?:every|each)(?: single)? table(?:'s| is| has been) (?:taken|gone|booked|full)\b|\bnothing doing\b|\b(?:not a|no) chance\b|\b(?:we're|we are|were) shut\b(?! (?:at the moment|right now|now|just now|until|till))|\bshut (?:to the public|on|that|this|for|all)\b|\b(?:it's|its|it is|they're|all) all gone\b|\b(?:we have|there's|there is) nothing\b|\bno longer have\b/;
const DECLINE =
  /\b(?:can't|cannot|cant|unable to|not able to|won't be able to|couldn't) (?:fit|accommodate|seat|take|do|book|squeeze|help|manage)\b|\b(?:don't|do not|dont) (?:take|accept|do) (?:reservations|bookings)\b|\bnot (?:taking|accepting) (?:reservations|bookings|any)\b|\bno reservations\b|\bwalk ?ins? only\b|\b(?:don't|do not|dont|won't|can't|cannot) (?:book|reserve)\b|\bonly takes? (?:tables|parties|groups|bookings)\b|\b(?:need|have) to book (?:through|with|online)\b/;
const CONFIRM =
  /\byou(?:'re| are) (?:all )?(?:set|booked|confirmed|down|good to go)\b|\byou(?:'re| are) in\b(?! luck)|\b(?:i|we)(?:'ve| have|'ll| will| just| went ahead and| have gone ahead and|'ve gone ahead and)? (?:booked|reserved|confirmed|put you down|got you down|pencilled you|penciled you|added you|made (?:the|your|a) (?:reservation|booking))\b|\b(?:booked|reserved|got|put|have|penciled|pencilled) you (?:in|down|for|at)\b|\b(?:reservation|booking|table)(?: is| has been|'s) (?:confirmed|booked|set|reserved|all set|done|made|ready)\b|\bthat(?:'s| is) (?:confirmed|all set|done)\b|\ball set\b|\b(?:we'll|we will|i'll|i will) see you\b|\bsee you (?:then|on|at|soon|tonight|tomorrow|this|next|saturday|sunday|monday|tuesday|wednesday|thursday|friday|there)\b|\blook(?:ing)? forward to (?:seeing|having) you\b|\bconsider it done\b|^(?:booked|confirmed)\b|\b(?:i|we) (?:write|wrote|note|noted) (?:it|you|that|your name)(?: down)?(?! \?)\b|\bwe wait (?:for )?you\b|^is (?:done|reserve|reserved|booked|finish)\b|\bbooking (?:is )?finish(?:ed)?\b|\byou(?:'re| are) (?:all )?sorted\b|\b(?:it|that|the table)(?:'s| is) yours\b|\b(?:that's|all) sorted\b/;
/** "That's booked" confirms after a yes, but declines after a "sorry". */
const AMBIGUOUS_CONFIRM = /\b(?:that|it)(?:'s| is) (?:booked|reserved)\b/;
const APOLOGY = /\b(?:sorry|afraid|unfortunately)\b/;
const OFFER =
  /\b(?:we|i) (?:could|can|would be able to|'d be able to|might be able to) (?:do|offer|fit|give|seat|squeeze|take|get)\b|\b(?:we|i)(?:'ve| have)? (?:got|have)\b|\bwe (?:still )?have\b|\bthere(?:'s| is| are)\b|\b(?:how|what) about\b|\b(?:would|does|will|could|can|is) (?:\w+ ){0,3}(?:work|suit|okay|ok|fine|good)\b|\b(?:do you|would you) (?:want|like|prefer)\b|\bavailable\b|\bopen(?:ing)?\b|\bfree\b|\bearliest\b|\blatest\b|\bonly\b|\bleft\b|\binstead\b|\bcan do\b|\bwe can\b|\bworks\b|\bis fine\b|\bpossible\b|\blucky\b|\boffer\b|\bwe've (?:a|an|one|two|got)\b|\beither\b|\bnext (?:one|available|slot|table)\b|\b(?:we|i) (?:still )?(?:have|got)\b|\boptions?\b|\bchoices?\b|\bif you (?:want|like|fancy)\b|\bcancellation\b|\b(?:push|bump|move) (?:it|you)\b|\b(?:we|i) (?:could|can|might) (?:put|bump|push|move)\b|\blast (?:seating|sitting|table)\b|\bany (?:use|good)\b|\bsuit(?:s)?\b/;
const AFFIRM_STRONG =
  /\b(?:yes|yeah|yep|yup|yah|sure|of course|absolutely|certainly|definitely|sounds good|sounds great|that works|that'll work|that will work|works for (?:me|us)|that's fine|that is fine|that's ok(?:ay)?|we can do that|we can do it|can do|will do|done|correct|that's right|that's correct|got it|noted)\b/;
const AFFIRM_WEAK =
  /\b(?:okay|ok|alright|all right|fine|noproblem|perfect|great|wonderful|excellent|lovely|fantastic|brilliant|mhm|uh huh|thanks|thank you|cheers|bye|goodbye)\b/;
const PENDING =
  /\b(?:let me (?:check|see|look|have a look|ask|find out|just)|hold on|hang on|one (?:moment|sec|second|minute)|just a (?:moment|sec|second|minute)|bear with me|give me a (?:sec|second|moment|minute)|i'll (?:check|have a look|look|ask|find out)|checking)\b/;
const CALL_BACK =
  /\b(?:call|ring|phone)(?:ing)? (?:us |me |you )?(?:back|again|later)\b|\btry (?:us |calling )?(?:again|back|later|calling)\b|\bgive (?:us|me|him|her|them) a (?:call|ring|bell|buzz)\b|\b(?:call|ring|phone|try)(?: us| me| again| back)? then\b|\b(?:phone|ring) (?:us |me )?(?:tomorrow|tonight|later|in the morning|after|in an?|around|on|before)\b|\bcheck back\b|\b(?:speak|talk) (?:to|with) (?:the )?(?:manager|owner|boss|chef)\b|\b(?:she's|he's|they're|she is|he is|they are) (?:in|back) (?:tomorrow|later|at|from|after|on|around)\b|\btry (?:then|tomorrow)\b|\b(?:reservations|bookings|the (?:booking|reservation)s? line) (?:open|opens|start|starts)\b|\bcall (?:us |me )?(?:tomorrow|after|in an?|around|on|before)\b/;
const CALL_BACK_HINT =
  /^\s*,?\s*((?:after|around|at|before|between|from|by|in|on|later|tomorrow|tonight|today|next|this|when|once|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b[^.!?;,]*)/;
const VOICEMAIL =
  /\bleave (?:a|your) (?:message|name|number)\b|\bafter the (?:tone|beep)\b|\bvoice ?mail\b|\bmailbox\b|\b(?:not|unable to) (?:available to |able to )?(?:take|answer|come to) (?:your call|the phone)\b|\bcan't (?:take|answer|come to) (?:your call|the phone)\b|\brecord your message\b|\bleave (?:me |us )?a message\b|\bcan't (?:get|come) to the phone\b/;
const DEFER =
  /\b(?:check with|get back to (?:you|them)|call (?:you )?back|let me (?:ask|check)|confirm with|run it by|need to check|have to check|not sure|doesn't work|won't work|does not work|too (?:late|early)|no thanks|no thank you|pass (?:that|it|this) on|thanks? (?:you )?(?:anyway|for checking|for your help|for trying))\b/;
const READBACK =
  /\b(?:to confirm|confirm(?:ing)?|so that's|so,? (?:a table|that's|that is)|that's (?:a table|for)|is that (?:right|correct)|just to (?:confirm|double check|repeat|recap)|we'll take|i'll take|we will take|let's do|let's go with|that works|works for|sounds (?:good|great|perfect)|perfect|great|please book|go ahead)\b/;
const BOOKING_ASK =
  /\b(?:book|booking|reserve|reservation|table for|a table|put (?:us|me|it|them) down|hold (?:a|the|it)|under (?:the name|[a-z]))/;
const BARE_NO = /^(?:oh )?(?:no|nope)(?: no)*$/;
const NOTHING_UNTIL = /\b(?:nothing|not|no \w+|none)(?: \w+){0,3} (?:until|till|before)\b/;

interface Segment {
  start: number;
  end: number;
  text: string;
  sentence: number;
  clause: number;
  polarity: Polarity;
  bareNo: boolean;
  callBack: boolean;
  pending: boolean;
  question: boolean;
}

/**
 * Reads one line of a call. `original` keeps its case (for names); everything else works on the
 * normalised text.
 *
 * @example
 * const r = readUtterance("Sorry, we don't have 7, but we could do half past eight.", ctx);
 * // r.slots → [{ time: '19:00', polarity: 'negative', ... }, { time: '20:30', polarity: 'positive', ... }]
 */
export function readUtterance(original: string, ctx: UtteranceContext): UtteranceReading {
  let text = normalizeSpeech(original);
  for (const [pattern, replacement] of NEUTRALISERS) text = text.replace(pattern, replacement);
  const segments = segment(text);
  const positive = segments.filter((s) => s.polarity === 'positive');
  const statements = segments.filter((s) => !s.question);
  const anyIn = (regex: RegExp, among: Segment[] = segments) => among.some((s) => regex.test(s.text));

  const confirmSegment = segments.find((s) => s.polarity !== 'negative' && isConfirmation(s, text));
  const acts = segments.filter((s) => s.pending || AFFIRM_STRONG.test(s.text) || confirmSegment === s);
  const lastAct = acts[acts.length - 1];
  const strongAffirm = anyIn(
    AFFIRM_STRONG,
    statements.filter((s) => s.polarity !== 'negative'),
  );
  const weakAffirm = anyIn(AFFIRM_WEAK, statements);
  const negative = segments.some((s) => s.polarity === 'negative' && !(s.bareNo && positive.length > 0));
  const callBackSegment = segments.find((s) => s.callBack);

  return {
    ...readSlots(text, segments, ctx),
    partySizes: findPartyMentions(text).map((p) => p.size),
    name: findGuestName(original),
    confirm: confirmSegment !== undefined,
    affirm: strongAffirm ? 'strong' : weakAffirm ? 'weak' : undefined,
    negative,
    full: anyIn(FULL),
    decline: anyIn(DECLINE),
    callBack: callBackSegment ? { after: callBackHint(text, callBackSegment) } : undefined,
    voicemail: anyIn(VOICEMAIL),
    pending: lastAct?.pending ?? false,
    question: segments[segments.length - 1]?.question ?? false,
    bookingAsk: BOOKING_ASK.test(text) || READBACK.test(text),
    readback: READBACK.test(text),
    defer: DEFER.test(text),
  };
}

/** "I could put you at the counter": a booking offered, not made. */
const CONDITIONAL_BOOKING =
  /\b(?:could|can|might|would|may) (?:\w+ ){0,2}(?:put|book|get|have|pencil|squeeze|fit)\b/;

function isConfirmation(s: Segment, line: string): boolean {
  if (CONDITIONAL_BOOKING.test(s.text)) return false;
  if (CONFIRM.test(s.text)) return true;
  return AMBIGUOUS_CONFIRM.test(s.text) && !APOLOGY.test(line);
}

/** Splits into sentences, clauses and comma segments, and gives each segment its polarity. */
function segment(text: string): Segment[] {
  const segments: Segment[] = [];
  let clauseNumber = 0;
  let sentenceNumber = 0;
  const bareSlots = new Set<number>();
  for (const sentence of text.matchAll(/(?:[^.!?;]|\.(?=\d))+[.!?;]*/g)) {
    const question = sentence[0].trimEnd().endsWith('?');
    const clauseCuts = [
      ...sentence[0].matchAll(/\b(?:but|however|though|although|instead|except|otherwise)\b/g),
    ]
      .map((m) => m.index)
      .filter((i) => i > 0);
    const clauses = cut(sentence[0], sentence.index, clauseCuts);
    for (const clause of clauses) {
      let previous: Polarity = 'neutral';
      const commaCuts = [...clause.text.matchAll(/,| - /g)].map((m) => m.index + 1);
      for (const part of cut(clause.text, clause.start, commaCuts)) {
        const body = part.text.replace(/^[\s,-]+|[\s.!?;,]+$/g, '');
        if (!body) continue;
        const own = polarityOf(body, text);
        // A bare "six or nine" is an offer, unless the clause goes on to say otherwise ("7, that's booked").
        const bareSlot: boolean =
          own === undefined && !question && previous === 'neutral' && isBareSlot(body);
        const polarity: Polarity =
          own ??
          (question && isBareSlot(body)
            ? 'positive'
            : CALL_BACK.test(body) || PENDING.test(body) || bareSlot
              ? 'neutral'
              : previous);
        previous = polarity;
        if (bareSlot) bareSlots.add(segments.length);
        // "could you call again after the rush, say three?": the time says when to call, it is no offer.
        const before = segments[segments.length - 1];
        const continuesCallBack =
          own === undefined && before?.callBack === true && before.sentence === sentenceNumber;
        segments.push({
          ...part,
          text: body,
          sentence: sentenceNumber,
          clause: clauseNumber,
          polarity,
          bareNo: BARE_NO.test(body),
          callBack: CALL_BACK.test(body) || continuesCallBack,
          pending: PENDING.test(body),
          question,
        });
      }
      fillBackwards(segments.filter((s) => s.clause === clauseNumber));
      for (const i of bareSlots) if (segments[i]!.polarity === 'neutral') segments[i]!.polarity = 'positive';
      bareSlots.clear();
      clauseNumber++;
    }
    sentenceNumber++;
  }
  return segments;
}

/** "7 o'clock, that's booked": a clause that opens with a bare mention takes the sense that follows. */
function fillBackwards(clause: Segment[]): void {
  const firstSaid = clause.find((s) => s.polarity !== 'neutral');
  for (const s of clause) {
    if (s === firstSaid || !firstSaid) return;
    s.polarity = firstSaid.polarity;
  }
}

/**
 * "Eight thirty?", "Six or nine.", "Sunday at seven or Monday at seven": times said on their own (with
 * their days) are an offer, as a restaurant lists what it has.
 */
function isBareSlot(body: string): boolean {
  const times = findTimeMentions(body);
  if (times.length === 0) return false;
  let rest = body;
  for (const t of [...times].reverse()) rest = rest.slice(0, t.start) + rest.slice(t.end);
  const leftover = rest.replace(BARE_SLOT_WORDS, ' ').replace(/[^a-z0-9]/g, '');
  return leftover.length <= 6;
}

/** Words a bare list of slots is made of besides the times. */
const BARE_SLOT_WORDS =
  /\b(?:at|or|and|on|the|then|also|maybe|either|tonight|today|tomorrow|(?:mon|tues|wednes|thurs|fri|satur|sun)days?|\d{1,2}(?:st|nd|rd|th))\b/g;

function cut(text: string, offset: number, at: number[]) {
  const bounds = [0, ...at, text.length];
  return bounds.slice(0, -1).map((start, i) => ({
    start: offset + start,
    end: offset + bounds[i + 1]!,
    text: text.slice(start, bounds[i + 1]),
  }));
}

function polarityOf(body: string, line: string): Polarity | undefined {
  if (AMBIGUOUS_CONFIRM.test(body) && APOLOGY.test(line)) return 'negative';
  if (CONFIRM.test(body) || AMBIGUOUS_CONFIRM.test(body)) return 'positive';
  if (NEGATION.test(body) || TAKEN.test(body) || FULL.test(body) || DECLINE.test(body)) return 'negative';
  if (OFFER.test(body) || AFFIRM_STRONG.test(body)) return 'positive';
  return undefined;
}

/** Every time and date the line mentions, each placed in its segment and paired with its date. */
function readSlots(text: string, segments: Segment[], ctx: UtteranceContext) {
  const parties = findPartyMentions(text);
  const times = findTimeMentions(text, parties);
  const dates = findDateMentions(text, ctx);
  const segmentAt = (i: number) => segments.find((s) => i >= s.start && i < s.end);
  const slots: SlotMention[] = [];

  const timeSegments: Segment[] = [];
  for (const t of times) {
    const seg = segmentAt(t.start);
    if (!seg) continue;
    timeSegments.push(seg);
    // A date said in the same clause goes with the time; else the last date said before it.
    // "Sunday at seven or Monday at seven": each time takes the day said last before it in its clause.
    const clauseDates = dates.filter((d) => segmentAt(d.start)?.clause === seg.clause);
    const nearestBefore = dates.filter((d) => d.start < t.start).pop();
    const date = clauseDates.filter((d) => d.start < t.start).pop() ?? clauseDates[0] ?? nearestBefore;
    slots.push({
      time: toClockTime(t, ctx.requestedTime),
      date: date?.date ?? ctx.contextDate,
      explicitDate: date !== undefined,
      polarity: isTimeLimit(text, t) ? 'neutral' : timePolarity(t.cue, seg),
      ...(t.cue === 'after' || t.cue === 'from' ? { openEnded: true } : {}),
    });
  }
  settleOpenEndedTimes(slots, times, timeSegments);
  withdrawRetracted(slots, timeSegments, segments);
  for (const d of dates) {
    const seg = segmentAt(d.start);
    if (DAY_RANGE.test(text.slice(d.end, d.end + 12)) || DAY_RANGE_END.test(text.slice(0, d.start))) continue;
    if (
      !seg ||
      slots.some((s) => s.explicitDate && s.date === d.date && segmentAt(d.start)?.clause === seg.clause)
    )
      continue;
    const clauseHasTime = times.some((t) => segmentAt(t.start)?.clause === seg.clause);
    if (!clauseHasTime)
      slots.push({ date: d.date, explicitDate: true, polarity: seg.pending ? 'neutral' : seg.polarity });
  }
  return { slots, lastDate: dates[dates.length - 1]?.date };
}

/** "Monday to Friday": a range of days is opening hours, not an offer. */
const DAY_RANGE = /^ (?:to|through|thru|till|until|-) (?:mon|tues|wednes|thurs|fri|satur|sun)day/;
const DAY_RANGE_END = /(?:mon|tues|wednes|thurs|fri|satur|sun)day (?:to|through|thru|till|until|-) $/;
/** "That's just gone", "actually no": a sentence taking back the time said just before it. */
const RETRACTION =
  /^(?:actually,? )?(?:no,? |sorry,? |oh,? |wait,? )*(?:that(?: one)?|it)(?:'s| is| has)(?: just| already)?(?: been)? (?:gone|taken|booked)\b|^actually,? no\b/;

const RETRACTED_HOUR = new RegExp(
  `\\b(\\d{1,2}|${HOUR_WORD})(?:'s| is| has)? (?:just |already )?(?:been |got )?(?:gone|went|taken)\\b`,
);

/**
 * "After eight I have eight thirty", "or after nine, say nine fifteen": an open-ended "after X" followed
 * in the same sentence by a precise time offers the precise one.
 */
function settleOpenEndedTimes(slots: SlotMention[], times: TimeMention[], segs: Segment[]): void {
  slots.forEach((slot, i) => {
    const cue = times[i]?.cue;
    if (cue !== 'after' && cue !== 'from') return;
    const later = slots.some(
      (s, j) => j > i && segs[j]?.sentence === segs[i]?.sentence && s.polarity === 'positive',
    );
    if (later) slot.polarity = 'neutral';
  });
}

/**
 * "I've got half seven... actually no, sorry, that's just gone", "six or eight... no, six just went":
 * the retracted offer is declined.
 */
function withdrawRetracted(slots: SlotMention[], timeSegs: Segment[], segments: Segment[]): void {
  for (const seg of segments) {
    const hour = RETRACTED_HOUR.exec(seg.text)?.[1];
    const retracted = hour === undefined ? undefined : readNumber(hour);
    if (retracted !== undefined) {
      slots.forEach((slot, i) => {
        const said = timeSegs[i];
        if (!slot.time || !said || said.sentence >= seg.sentence || slot.polarity !== 'positive') return;
        if (Number(slot.time.slice(0, 2)) % 12 === retracted % 12) slot.polarity = 'negative';
      });
      continue;
    }
    if (!RETRACTION.test(seg.text) || timeSegs.some((t) => t.sentence === seg.sentence)) continue;
    slots.forEach((slot, i) => {
      if (timeSegs[i]?.sentence === seg.sentence - 1 && slot.polarity === 'positive')
        slot.polarity = 'negative';
    });
  }
}

/**
 * A time's own polarity is its segment's, except that "until 10" / "before 6" is a closing time, not an
 * offer (but "nothing until 9" offers 9), and times in a call-back request or a "let me check" are
 * neither offered nor declined.
 */
function timePolarity(cue: string, seg: Segment): Polarity {
  if (seg.callBack || seg.pending) return 'neutral';
  if (cue === 'until' || cue === 'till' || cue === 'before') {
    return NOTHING_UNTIL.test(seg.text) ? 'positive' : 'neutral';
  }
  return seg.polarity;
}

function callBackHint(text: string, seg: Segment): string | undefined {
  const m = CALL_BACK.exec(seg.text);
  if (!m) return undefined;
  const rest = text.slice(seg.start + text.slice(seg.start).indexOf(m[0]) + m[0].length);
  return (
    CALL_BACK_HINT.exec(rest)?.[1]
      ?.trim()
      .replace(/[,\s]+$/, '') || undefined
  );
}
