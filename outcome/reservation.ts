/**
 * What a restaurant-reservation call came to, and the deterministic reader that works it out from the
 * call's end state and transcript. Pure logic: no I/O, no Temporal, safe to call from an activity.
 */
import { isCallLive } from '../agentphone/schemas/responses';
import type { NumberedTranscriptLine } from './transcript';
import { settleCallRecap, type SettledRecap } from './recap';
import { readUtterance, type UtteranceReading } from './utterance';

/**
 * The table the human asked for, as the outcome reader needs it (the workflow's whole request, with
 * restaurants and policy, is `ReservationRequest` in workflows/).
 *
 * @example { partySize: 2, date: '2026-12-05', time: '19:00', flexMinutes: 60, name: 'Manav' }
 */
export interface TableWanted {
  partySize: number;
  /** "YYYY-MM-DD", the restaurant's local date. */
  date: string;
  /** "HH:MM", 24-hour, the restaurant's local time. */
  time: string;
  /** How far either side of `time` the human would accept. */
  flexMinutes?: number;
  name: string;
}

/** The facts of an ended call the extractors need, from a call detail or an `agent.call_ended` event. */
export interface CallFacts {
  status: string;
  disconnectionReason?: string | null;
  durationSeconds?: number | null;
  /** Any of AgentPhone's transcript shapes (see `normalizeTranscript`). */
  transcript: unknown;
  summary?: string | null;
  callSuccessful?: boolean | null;
  userSentiment?: string | null;
  /** ISO instant the call ended; the day that "today" and "tomorrow" on the call refer to. */
  endedAt?: string | null;
}

export interface ReservationExtractionInput {
  call: CallFacts;
  request: TableWanted;
  /** ISO instant (or "YYYY-MM-DD") to resolve "today"/"tomorrow" against when `call.endedAt` is absent. */
  now?: string;
  /** IANA zone of the restaurant for turning that instant into a calendar day; default UTC. */
  timeZone?: string;
}

export type OutcomeSource = 'analysis' | 'transcript' | 'llm';
export type BookingField = 'date' | 'time' | 'partySize' | 'name';

export interface TimeSlot {
  date: string;
  time: string;
}

interface OutcomeBase {
  /** The transcript lines the outcome rests on (empty when nothing was said, e.g. no answer). */
  evidence: NumberedTranscriptLine[];
  /** `analysis`: AgentPhone's own call status/analysis; `transcript`: the rules here; `llm`: the model. */
  source: OutcomeSource;
  reason: string;
}

/** The result of a reservation call, one `kind` per next step the booking flow takes. */
export type ReservationOutcome =
  | (OutcomeBase & {
      kind: 'booked';
      date: string;
      time: string;
      partySize: number;
      name: string;
      /** Fields nobody said on the call, copied from the request ("yes, that's booked"). */
      assumedFromRequest: BookingField[];
    })
  | (OutcomeBase & { kind: 'alternative_offered'; alternatives: TimeSlot[] })
  | (OutcomeBase & { kind: 'full' })
  | (OutcomeBase & { kind: 'call_back'; after?: string })
  | (OutcomeBase & { kind: 'no_answer' | 'busy' | 'voicemail' | 'failed' | 'unclear' });

export type OutcomeKind = ReservationOutcome['kind'];

/**
 * The calendar day the call happened on, for "today"/"tomorrow": `call.endedAt`, else `now`, read in
 * `timeZone` (UTC by default). `undefined` when neither is given, and relative days are then ignored.
 */
export function referenceDateOf(input: ReservationExtractionInput): string | undefined {
  const instant = input.call.endedAt ?? input.now;
  if (!instant) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(instant)) return instant;
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return undefined;
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: input.timeZone ?? 'UTC',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(date);
}

/**
 * Classifies calls that never reached a conversation, from `status` together with
 * `disconnectionReason` (AgentPhone borrows Retell's reasons; MCP-era statuses `busy`/`no-answer`
 * also occur). A plain `completed` or `failed` with talk in it is left to the transcript readers.
 *
 * @example classifyCallEnd({ status: 'failed', disconnectionReason: 'dial_busy', transcript: [] }, [])?.kind // 'busy'
 */
export function classifyCallEnd(
  call: CallFacts,
  lines: NumberedTranscriptLine[],
): ReservationOutcome | undefined {
  const status = call.status.toLowerCase();
  const reason = call.disconnectionReason?.toLowerCase() ?? undefined;
  const said = `status ${call.status}${reason ? `, ${reason}` : ''}`;
  const base = { source: 'analysis' as const, evidence: [] };
  if (reason === 'dial_no_answer' || status === 'no-answer' || status === 'no_answer') {
    return { ...base, kind: 'no_answer', reason: `nobody answered (${said})` };
  }
  if (reason === 'dial_busy' || status === 'busy')
    return { ...base, kind: 'busy', reason: `line busy (${said})` };
  if (reason === 'voicemail_reached') {
    return { ...base, kind: 'voicemail', evidence: lines, reason: `voicemail picked up (${said})` };
  }
  if (reason === 'invalid_destination' || reason === 'dial_failed') {
    return { ...base, kind: 'failed', reason: `call could not be placed (${said})` };
  }
  if (isCallLive(status)) return { ...base, kind: 'unclear', reason: `the call has not ended (${said})` };
  if (status === 'failed' && lines.length === 0) {
    return { ...base, kind: 'failed', reason: `call failed before anyone spoke (${said})` };
  }
  return undefined;
}

/**
 * The deterministic reading of a reservation call's transcript (dial failures are
 * {@link classifyCallEnd}'s job).
 *
 * The agent's closing recap ("To recap: booked a table for 2 on Saturday at 7 PM under Manav.") decides
 * when the callee did not contradict it, or only corrected a field of it (see `settleCallRecap`); booked
 * fields the recap leaves out come from the conversation. Without a recap, or when the callee took it
 * back, the conversation is walked in order (recaps left out), tracking the slot under discussion, the
 * times the restaurant offered or declined, and confirmations; the last word wins: a confirmation after an
 * accepted offer books the offered time, a later "actually 8:30 is gone" withdraws it. Precedence at the
 * end: voicemail greeting, booked, alternatives still open, no availability, asked to call back,
 * declined, else unclear.
 *
 * @example
 * readReservationTranscript(normalizeTranscript(call.transcript), request, '2026-12-01').kind // 'booked'
 */
export function readReservationTranscript(
  lines: NumberedTranscriptLine[],
  request: TableWanted,
  referenceDate?: string,
): ReservationOutcome {
  const recap = settleCallRecap(lines, {
    requestedDate: request.date,
    requestedTime: request.time,
    referenceDate,
  });
  const unheard = new Set(recap.status === 'contradicted' ? recap.recapLines : []);
  const walk = new ConversationWalk(request, referenceDate);
  for (const line of lines) if (!unheard.has(line.index)) walk.hear(line);
  const walked = walk.outcome(lines);
  return recap.status === 'trusted' ? outcomeOfRecap(recap.recap, walked, request) : walked;
}

/** A trusted recap as an outcome; booked fields it did not say come from the walk, else the request. */
function outcomeOfRecap(
  recap: SettledRecap,
  walked: ReservationOutcome,
  request: TableWanted,
): ReservationOutcome {
  const { reading, line, correction } = recap;
  const evidence = correction ? [line, correction] : [line];
  const base = {
    source: 'transcript' as const,
    evidence,
    reason: `agent's recap${correction ? ', as the callee corrected it' : ', not contradicted'}: "${clip(line.text)}"`,
  };
  if (reading.kind !== 'booked') return { ...base, ...reading };
  const fromCall = walked.kind === 'booked' ? walked : undefined;
  const assumedFromRequest: BookingField[] = [];
  const field = <K extends BookingField>(key: K, said: TableWanted[K] | undefined): TableWanted[K] => {
    if (said !== undefined) return said;
    if (fromCall) {
      if (fromCall.assumedFromRequest.includes(key)) assumedFromRequest.push(key);
      return fromCall[key];
    }
    assumedFromRequest.push(key);
    return request[key];
  };
  return {
    ...base,
    kind: 'booked',
    date: field('date', reading.date),
    time: field('time', reading.time),
    partySize: field('partySize', reading.partySize),
    name: field('name', reading.name),
    assumedFromRequest,
  };
}

interface Proposal extends TimeSlot {
  partySize: number;
  name: string;
  /** Fields someone said on the call (vs. copied from the request). */
  said: Set<BookingField>;
  /** Lines that set the slot: an offer and the agent's acceptance, or the agent's readback. */
  evidence: number[];
}

interface Offer extends TimeSlot {
  index: number;
  /** Said as a lower bound ("any time after six"): a later precise time that day replaces it. */
  openEnded?: boolean;
}

interface Booking extends TimeSlot {
  index: number;
  partySize: number;
  name: string;
  assumedFromRequest: BookingField[];
  evidence: number[];
}

/** The state of one conversation as it is heard line by line. */
class ConversationWalk {
  private proposal: Proposal;
  private contextDate: string;
  private offers: Offer[] = [];
  private booking: Booking | undefined;
  private readonly full: number[] = [];
  private readonly declines: number[] = [];
  private callBack: { index: number; after?: string } | undefined;
  private voicemail: number | undefined;
  private calleeName: { name: string; index: number } | undefined;
  private lastCalleeLine: { index: number; pending: boolean } | undefined;
  /** The agent has asked to book (or accepted a slot) and the callee has not refused since. */
  private askOpen = false;
  /** The agent's last line read the details back or accepted an offer: an "okay, thanks" now books. */
  private agentJustClosed = false;
  /** The agent's last stance was "let me check with my client": a bare "all set then" is a goodbye. */
  private agentDeferred = false;
  private readonly readings = new Map<number, UtteranceReading>();

  constructor(
    private readonly request: TableWanted,
    private readonly referenceDate: string | undefined,
  ) {
    const { date, time, partySize, name } = request;
    this.proposal = { date, time, partySize, name, said: new Set(), evidence: [] };
    this.contextDate = request.date;
  }

  hear(line: NumberedTranscriptLine): void {
    const reading = readUtterance(line.text, {
      requestedDate: this.request.date,
      requestedTime: this.request.time,
      referenceDate: this.referenceDate,
      contextDate: this.contextDate,
    });
    this.readings.set(line.index, reading);
    if (line.role === 'agent') this.hearAgent(line, reading);
    else this.hearCallee(line, reading);
    if (reading.lastDate) this.contextDate = reading.lastDate;
  }

  private hearAgent(line: NumberedTranscriptLine, r: UtteranceReading): void {
    if (r.defer) {
      this.agentDeferred = true;
      this.askOpen = false;
      this.agentJustClosed = false;
      return;
    }
    this.agentDeferred = false;
    const times = r.slots.filter((s) => s.time && s.polarity !== 'negative');
    const accepted = this.offers.find((o) =>
      times.some((t) => t.time === o.time && (!t.explicitDate || t.date === o.date)),
    );
    if (accepted) {
      this.setSlot(accepted, [accepted.index, line.index], accepted.date !== this.request.date);
    } else if (times[0]?.time) {
      const date = times[0].explicitDate ? times[0].date : this.proposal.date;
      this.setSlot({ date, time: times[0].time }, [line.index], times[0].explicitDate);
    } else {
      const date = r.slots.find((s) => s.polarity !== 'negative');
      if (date) {
        this.proposal.date = date.date;
        this.proposal.said.add('date');
      }
    }
    if (r.partySizes[0] !== undefined) {
      this.proposal.partySize = r.partySizes[0];
      this.proposal.said.add('partySize');
    }
    if (r.name) {
      this.proposal.name = r.name;
      this.proposal.said.add('name');
    }
    this.askOpen = this.askOpen || r.bookingAsk || accepted !== undefined;
    this.agentJustClosed = r.readback || accepted !== undefined;
  }

  private setSlot(slot: TimeSlot, evidence: number[], dateSaid: boolean): void {
    this.proposal = { ...this.proposal, date: slot.date, time: slot.time, evidence };
    this.proposal.said.add('time');
    if (dateSaid) this.proposal.said.add('date');
  }

  private hearCallee(line: NumberedTranscriptLine, r: UtteranceReading): void {
    const i = line.index;
    if (r.voicemail) this.voicemail ??= i;
    if (r.name) this.calleeName = { name: r.name, index: i };

    for (const s of r.slots) {
      if (!s.time || s.polarity !== 'negative') continue;
      const sameSlot = (o: TimeSlot) => o.time === s.time && (!s.explicitDate || o.date === s.date);
      this.offers = this.offers.filter((o) => !sameSlot(o));
      if (sameSlot(this.proposal)) this.declines.push(i);
      if (this.booking && sameSlot(this.booking)) {
        this.booking = undefined;
        this.declines.push(i);
      }
    }
    // "Nothing doing Saturday": the requested day itself refused.
    if (r.slots.some((s) => !s.time && s.polarity === 'negative' && s.date === this.proposal.date)) {
      this.declines.push(i);
    }
    let newOffers = 0;
    for (const s of r.slots) {
      if (s.polarity !== 'positive') continue;
      const slot = { date: s.date, time: s.time ?? this.proposal.time };
      const isProposal = slot.time === this.proposal.time && slot.date === this.proposal.date;
      const known = this.offers.some((o) => o.time === slot.time && o.date === slot.date);
      if (s.time && !s.openEnded) {
        this.offers = this.offers.filter(
          (o) => !(o.openEnded && o.date === slot.date && o.time !== slot.time),
        );
      }
      if (!isProposal && !known && (s.time || !r.confirm)) {
        this.offers.push({ ...slot, index: i, ...(s.openEnded ? { openEnded: true } : {}) });
        newOffers++;
      }
    }
    if (r.full) this.full.push(i);
    if (r.decline) this.declines.push(i);
    if (r.callBack) this.callBack = { index: i, ...(r.callBack.after ? { after: r.callBack.after } : {}) };

    if (this.confirmsBooking(r, newOffers)) this.book(line, r);
    if (r.negative || r.full || r.decline || newOffers > 0) this.askOpen = false;
    this.agentJustClosed = false;
    this.lastCalleeLine = { index: i, pending: r.pending };
  }

  private confirmsBooking(r: UtteranceReading, newOffers: number): boolean {
    const saysTime = r.slots.some((s) => s.time && s.polarity === 'positive');
    if (r.confirm) return !(this.agentDeferred && !saysTime);
    if (r.pending || r.question || r.negative || r.callBack || newOffers > 0) return false;
    if (r.affirm === 'strong') return this.askOpen;
    return r.affirm === 'weak' && this.agentJustClosed;
  }

  private book(line: NumberedTranscriptLine, r: UtteranceReading): void {
    const said = r.slots.find((s) => s.time && s.polarity === 'positive');
    const saidDate = r.slots.find((s) => s.explicitDate && s.polarity === 'positive');
    const fromLine = (field: BookingField, present: boolean) => present || this.proposal.said.has(field);
    const name = r.name ?? this.calleeName?.name;
    const assumed: BookingField[] = [];
    if (!fromLine('date', saidDate !== undefined)) assumed.push('date');
    if (!fromLine('time', said !== undefined)) assumed.push('time');
    if (!fromLine('partySize', r.partySizes.length > 0)) assumed.push('partySize');
    if (!fromLine('name', name !== undefined)) assumed.push('name');
    const offerLine = said
      ? this.offers.find((o) => o.time === said.time && o.index < line.index)?.index
      : undefined;
    this.booking = {
      index: line.index,
      date: saidDate?.date ?? this.proposal.date,
      time: said?.time ?? this.proposal.time,
      partySize: r.partySizes[0] ?? this.proposal.partySize,
      name: name ?? this.proposal.name,
      assumedFromRequest: assumed,
      evidence: [
        ...(said ? [] : this.proposal.evidence),
        ...(offerLine !== undefined ? [offerLine] : []),
        ...(this.calleeName && !r.name ? [this.calleeName.index] : []),
        line.index,
      ],
    };
    this.askOpen = false;
  }

  outcome(lines: NumberedTranscriptLine[]): ReservationOutcome {
    const pick = (indices: number[]) =>
      [...new Set(indices)].sort((a, b) => a - b).flatMap((i) => (lines[i] ? [lines[i]] : []));
    const base = { source: 'transcript' as const };
    const booking = this.booking;
    const openOffers = this.offers.filter((o) => !booking || o.index > booking.index);
    const fullSinceBooking = booking
      ? this.full.filter(
          (i) => i > booking.index && !this.readings.get(i)?.affirm && !this.readings.get(i)?.confirm,
        )
      : [];

    if (this.voicemail !== undefined && !booking) {
      return {
        ...base,
        kind: 'voicemail',
        evidence: pick([this.voicemail]),
        reason: 'reached a voicemail greeting',
      };
    }
    if (booking && fullSinceBooking.length === 0 && openOffers.length === 0) {
      const { index: _index, evidence, ...booked } = booking;
      const line = lines[booking.index]?.text ?? '';
      return {
        ...base,
        kind: 'booked',
        ...booked,
        evidence: pick(evidence),
        reason: `callee confirmed: "${clip(line)}"`,
      };
    }
    if (openOffers.length > 0) {
      const alternatives = openOffers.map(({ date, time }) => ({ date, time }));
      const listed = alternatives.map((a) => `${a.date} ${a.time}`).join(', ');
      return {
        ...base,
        kind: 'alternative_offered',
        alternatives,
        evidence: pick(openOffers.map((o) => o.index)),
        reason: `restaurant offered ${listed} instead`,
      };
    }
    if (this.full.length > 0) {
      const first = this.full[0]!;
      return {
        ...base,
        kind: 'full',
        evidence: pick(this.full),
        reason: `no availability: "${clip(lines[first]?.text ?? '')}"`,
      };
    }
    if (this.callBack) {
      const after = this.callBack.after;
      return {
        ...base,
        kind: 'call_back',
        ...(after ? { after } : {}),
        evidence: pick([this.callBack.index]),
        reason: `asked to call back${after ? ` ${after}` : ''}`,
      };
    }
    if (this.declines.length > 0) {
      return {
        ...base,
        kind: 'full',
        evidence: pick(this.declines),
        reason: 'restaurant declined and offered nothing else',
      };
    }
    return { ...base, kind: 'unclear', ...this.unclearWhy(lines) };
  }

  private unclearWhy(lines: NumberedTranscriptLine[]): {
    evidence: NumberedTranscriptLine[];
    reason: string;
  } {
    const last = this.lastCalleeLine;
    const lastLine = last ? lines[last.index] : undefined;
    if (!last || !lastLine) return { evidence: [], reason: 'the callee said nothing' };
    if (last.pending)
      return { evidence: [lastLine], reason: 'the callee went to check and the call ended before an answer' };
    return { evidence: [lastLine], reason: 'no confirmation, offer or refusal was heard' };
  }
}

function clip(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
