/**
 * Reads AgentPhone's post-call `summary` ("Booked a table for 2 on Saturday at 7:30pm under Manav.")
 * with the same speech reader as the transcript, and accepts it only when it is decisive, agrees with
 * `callSuccessful`, and is borne out by the transcript: every outcome must rest on lines that were said.
 */
import { findGuestName } from './booking-details';
import type { BookingField, ReservationOutcome, TableWanted, TimeSlot } from './reservation';
import type { NumberedTranscriptLine } from './transcript';
import { readUtterance, type UtteranceContext, type UtteranceReading } from './utterance';

/** Third-person phrasings of a booking that the spoken-confirmation patterns do not cover. */
const SUMMARY_BOOKED =
  /\b(?:successfully |)(?:booked|reserved|secured|confirmed|made) (?:a|the|their|your)? ?(?:table|reservation|booking)\b|\b(?:reservation|booking|table)\b[^.]*?\b(?:was|is|has been|were) (?:successfully )?(?:booked|confirmed|reserved|made|secured)\b|^(?:booked|reserved|confirmed)\b/;
const SUMMARY_ALTERNATIVE =
  /\b(?:offered|suggested|proposed|alternative|instead|only had|only has|available at|could do)\b/;

export interface SummaryInput {
  summary: string;
  callSuccessful?: boolean | null;
  request: TableWanted;
  referenceDate?: string;
  lines: NumberedTranscriptLine[];
}

/**
 * The outcome the summary states, grounded in the transcript; `undefined` when the summary is silent,
 * mixed, contradicts `callSuccessful`, or names something no transcript line supports.
 *
 * @example readSummary({ summary: 'Booked a table for 2 at 7:30pm.', callSuccessful: true, request, lines })?.kind // 'booked'
 */
export function readSummary(input: SummaryInput): ReservationOutcome | undefined {
  const { request, lines } = input;
  const ctx: UtteranceContext = {
    requestedDate: request.date,
    requestedTime: request.time,
    referenceDate: input.referenceDate,
    contextDate: request.date,
  };
  const summary = readUtterance(input.summary, ctx);
  const text = input.summary.toLowerCase();
  const callee = lines
    .filter((l) => l.role === 'callee')
    .map((line) => ({ line, r: readUtterance(line.text, ctx) }));
  const reason = `AgentPhone summary: "${input.summary.length > 100 ? `${input.summary.slice(0, 99)}…` : input.summary}"`;
  const base = { source: 'analysis' as const, reason };
  const offered = summary.slots.filter(
    (s): s is typeof s & { time: string } =>
      s.time !== undefined &&
      s.polarity !== 'negative' &&
      !(s.time === request.time && s.date === request.date),
  );
  const booked = (SUMMARY_BOOKED.test(text) || summary.confirm) && !summary.negative && !summary.full;

  if (summary.voicemail) {
    const evidence = callee.filter((c) => c.r.voicemail).map((c) => c.line);
    const grounded = evidence.length > 0 ? evidence : lines;
    return grounded.length > 0 ? { ...base, kind: 'voicemail', evidence: grounded } : undefined;
  }
  if (booked) {
    if (input.callSuccessful === false) return undefined;
    return groundBooking(input, summary, callee, base);
  }
  if (!booked && SUMMARY_ALTERNATIVE.test(text) && offered.length > 0) {
    const alternatives: TimeSlot[] = offered.map((s) => ({ date: s.date, time: s.time }));
    const evidence = alternatives.map(
      (a) => callee.find((c) => c.r.slots.some((s) => s.time === a.time))?.line,
    );
    if (evidence.some((e) => e === undefined)) return undefined;
    return {
      ...base,
      kind: 'alternative_offered',
      alternatives,
      evidence: unique(evidence as NumberedTranscriptLine[]),
    };
  }
  if (!booked && (summary.full || summary.decline) && offered.length === 0) {
    const evidence = callee.filter((c) => c.r.full || c.r.decline || c.r.negative).map((c) => c.line);
    return evidence.length > 0 ? { ...base, kind: 'full', evidence } : undefined;
  }
  if (!booked && summary.callBack && !summary.full) {
    const evidence = callee.filter((c) => c.r.callBack).map((c) => c.line);
    const after = summary.callBack.after ?? callee.find((c) => c.r.callBack?.after)?.r.callBack?.after;
    return evidence.length > 0
      ? { ...base, kind: 'call_back', ...(after ? { after } : {}), evidence }
      : undefined;
  }
  return undefined;
}

function groundBooking(
  input: SummaryInput,
  summary: UtteranceReading,
  callee: Array<{ line: NumberedTranscriptLine; r: UtteranceReading }>,
  base: { source: 'analysis'; reason: string },
): ReservationOutcome | undefined {
  const { request } = input;
  const time = summary.slots.find((s) => s.time && s.polarity !== 'negative')?.time;
  const date = summary.slots.find((s) => s.explicitDate && s.polarity !== 'negative')?.date;
  const partySize = summary.partySizes[0];
  const name = findGuestName(input.summary);
  const evidence = callee
    .filter(
      (c) =>
        c.r.confirm ||
        (c.r.affirm === 'strong' && !c.r.question && !c.r.pending) ||
        (time && c.r.slots.some((s) => s.time === time && s.polarity === 'positive')),
    )
    .filter((c) => !c.r.full)
    .map((c) => c.line);
  if (evidence.length === 0) return undefined;
  const assumedFromRequest: BookingField[] = [];
  if (!date) assumedFromRequest.push('date');
  if (!time) assumedFromRequest.push('time');
  if (partySize === undefined) assumedFromRequest.push('partySize');
  if (!name) assumedFromRequest.push('name');
  return {
    ...base,
    kind: 'booked',
    date: date ?? request.date,
    time: time ?? request.time,
    partySize: partySize ?? request.partySize,
    name: name ?? request.name,
    assumedFromRequest,
    evidence,
  };
}

function unique(lines: NumberedTranscriptLine[]): NumberedTranscriptLine[] {
  return [...new Map(lines.map((l) => [l.index, l])).values()].sort((a, b) => a.index - b.index);
}
