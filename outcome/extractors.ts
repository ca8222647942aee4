/**
 * Outcome extraction is pluggable (design decision 7): dial failures are read from the call's status
 * first, then each extractor in turn may decide. An extractor answers `undefined` (or `unclear`) when
 * it cannot tell, and the next one tries; if none decides, the result is `unclear` with the first
 * reason given. The default chain is AgentPhone's analysis, then the deterministic transcript reader;
 * an LLM extractor can be appended from config (see `createExtractorsFromConfig`).
 */
import { silentLogger, type Logger } from '../common/process/logger';
import {
  classifyCallEnd,
  readReservationTranscript,
  referenceDateOf,
  type ReservationExtractionInput,
  type ReservationOutcome,
} from './reservation';
import { settleCallRecap } from './recap';
import { readSummary } from './summary';
import { normalizeTranscript, type NumberedTranscriptLine } from './transcript';

/** What an extractor gets: the input, plus the transcript already normalised and the call's day. */
export interface ExtractionContext extends ReservationExtractionInput {
  lines: NumberedTranscriptLine[];
  /** "YYYY-MM-DD" the call took place (see `referenceDateOf`), for "today"/"tomorrow". */
  referenceDate?: string;
}

/**
 * One way of working out a reservation call's outcome. Answer `undefined` to pass to the next one.
 *
 * @example
 * const alwaysUnsure: OutcomeExtractor = { name: 'unsure', extract: async () => undefined };
 */
export interface OutcomeExtractor {
  name: string;
  extract(input: ExtractionContext): Promise<ReservationOutcome | undefined>;
}

/**
 * AgentPhone's post-call `summary`/`callSuccessful`, accepted only when decisive and grounded in lines.
 * It stands aside when the agent closed with a recap the callee did not contradict: that recap was said
 * on the call and heard by the restaurant, where the summary is a paraphrase made afterwards.
 */
export const analysisExtractor: OutcomeExtractor = {
  name: 'analysis',
  async extract(input) {
    const summary = input.call.summary?.trim();
    if (!summary) return undefined;
    const recap = settleCallRecap(input.lines, {
      requestedDate: input.request.date,
      requestedTime: input.request.time,
      referenceDate: input.referenceDate,
    });
    if (recap.status === 'trusted') return undefined;
    return readSummary({
      summary,
      callSuccessful: input.call.callSuccessful,
      request: input.request,
      referenceDate: input.referenceDate,
      lines: input.lines,
    });
  },
};

/** The deterministic transcript reader (`readReservationTranscript`). */
export const transcriptExtractor: OutcomeExtractor = {
  name: 'transcript',
  async extract(input) {
    return readReservationTranscript(input.lines, input.request, input.referenceDate);
  },
};

/** The chain used when the caller passes none: analysis, then transcript. */
export const defaultExtractors: readonly OutcomeExtractor[] = [analysisExtractor, transcriptExtractor];

export interface ExtractOptions {
  extractors?: readonly OutcomeExtractor[];
  logger?: Logger;
}

/**
 * Works out what a reservation call came to. Never throws for an extractor's failure (it is logged and
 * the next one tries); throws `TranscriptFormatError` when the transcript has none of the known shapes.
 *
 * @example
 * const outcome = await extractReservationOutcome({ call: { status: 'completed', transcript }, request });
 * if (outcome.kind === 'booked') console.log(outcome.time, outcome.evidence);
 */
export async function extractReservationOutcome(
  input: ReservationExtractionInput,
  options: ExtractOptions = {},
): Promise<ReservationOutcome> {
  const logger = options.logger ?? silentLogger;
  const lines = normalizeTranscript(input.call.transcript);
  const ended = classifyCallEnd(input.call, lines);
  if (ended) return ended;

  const context: ExtractionContext = { ...input, lines, referenceDate: referenceDateOf(input) };
  let firstUnclear: ReservationOutcome | undefined;
  for (const extractor of options.extractors ?? defaultExtractors) {
    let outcome: ReservationOutcome | undefined;
    try {
      outcome = await extractor.extract(context);
    } catch (err) {
      logger.warn(
        { extractor: extractor.name, err: (err as Error).message },
        'outcome extractor failed; trying the next',
      );
      continue;
    }
    if (outcome && outcome.kind !== 'unclear') {
      logger.debug({ extractor: extractor.name, kind: outcome.kind }, 'outcome extracted');
      return outcome;
    }
    firstUnclear ??= outcome;
  }
  return (
    firstUnclear ?? {
      kind: 'unclear',
      source: 'transcript',
      evidence: [],
      reason: 'no extractor reached a decision',
    }
  );
}
