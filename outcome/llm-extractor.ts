/**
 * An optional outcome extractor backed by any OpenAI-compatible chat endpoint (OpenAI, a local
 * llama.cpp / vLLM / Ollama server...). The model must answer one JSON object; the answer is validated
 * with zod and its evidence indices must point at real lines. Anything else (HTTP error, timeout, bad
 * JSON, schema or evidence violation) is logged and answered with `undefined`, so the chain falls
 * through. The API key is only ever sent as a bearer header.
 */
import { z } from 'zod';
import { silentLogger, type Logger } from '../common/process/logger';
import type { ExtractionContext, OutcomeExtractor } from './extractors';
import type { BookingField, ReservationOutcome } from './reservation';

export interface LlmExtractorOptions {
  /** e.g. "http://127.0.0.1:11434/v1"; `/chat/completions` is appended. */
  baseUrl: string;
  /** Optional: local servers often need none. */
  apiKey?: string;
  model: string;
  timeoutMs: number;
  /** Injected in tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  logger?: Logger;
}

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD');
const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time must be HH:MM (24-hour)');
const Evidence = z.array(z.number().int().nonnegative()).min(1, 'evidence must cite at least one line');
const Reason = z.string().min(1).max(500);

/** The JSON object the model must answer with. */
export const LlmAnswerSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('booked'),
    date: IsoDate.nullish(),
    time: Clock.nullish(),
    partySize: z.number().int().min(1).max(100).nullish(),
    name: z.string().min(1).max(100).nullish(),
    evidence: Evidence,
    reason: Reason,
  }),
  z.object({
    kind: z.literal('alternative_offered'),
    alternatives: z.array(z.object({ date: IsoDate, time: Clock })).min(1),
    evidence: Evidence,
    reason: Reason,
  }),
  z.object({ kind: z.literal('full'), evidence: Evidence, reason: Reason }),
  z.object({
    kind: z.literal('call_back'),
    after: z.string().min(1).max(200).nullish(),
    evidence: Evidence,
    reason: Reason,
  }),
  z.object({ kind: z.literal('voicemail'), evidence: Evidence, reason: Reason }),
  z.object({
    kind: z.literal('unclear'),
    evidence: z.array(z.number().int().nonnegative()).default([]),
    reason: Reason,
  }),
]);

const ChatCompletionSchema = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string() }) })).min(1),
});

const SYSTEM_PROMPT = `You classify the outcome of a phone call in which an AI agent tried to book a restaurant table.
Answer with one JSON object only, with "kind" one of:
- "booked": the restaurant confirmed the booking. Add "date" (YYYY-MM-DD), "time" (HH:MM, 24-hour), "partySize", "name" as confirmed on the call.
- "alternative_offered": the requested slot was not available and the restaurant offered other slots, not yet booked. Add "alternatives": [{"date","time"}] in the order offered.
- "full": no availability or the restaurant declined.
- "call_back": the restaurant asked to be called back; add "after" with any hint given.
- "voicemail": an answering machine or voicemail greeting.
- "unclear": none of the above can be told from the transcript.
Always add "evidence": the numbers of the transcript lines your answer rests on, and "reason": one short sentence.
Restaurant times without am/pm are evening times. Resolve dates against the requested date.`;

/**
 * Builds the LLM extractor.
 *
 * @example
 * const llm = createLlmExtractor({ baseUrl: 'http://127.0.0.1:11434/v1', model: 'llama3.1', timeoutMs: 15_000 });
 * await extractReservationOutcome(input, { extractors: [analysisExtractor, transcriptExtractor, llm] });
 */
export function createLlmExtractor(options: LlmExtractorOptions): OutcomeExtractor {
  const doFetch = options.fetch ?? fetch;
  const logger = options.logger ?? silentLogger;
  const url = `${options.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  const scrub = (text: string) => (options.apiKey ? text.split(options.apiKey).join('[redacted]') : text);

  return {
    name: 'llm',
    async extract(input) {
      try {
        const response = await doFetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
          },
          body: JSON.stringify(requestBody(options.model, input)),
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        if (!response.ok) {
          // Providers explain refusals in the body ("model not found"); keep a little for the log.
          const detail = (await response.text().catch(() => '')).slice(0, 200);
          throw new Error(`HTTP ${response.status} from the LLM endpoint: ${detail}`);
        }
        const completion = ChatCompletionSchema.parse(await response.json());
        const answer = LlmAnswerSchema.parse(JSON.parse(completion.choices[0]!.message.content));
        return toOutcome(answer, input);
      } catch (err) {
        logger.warn(
          { extractor: 'llm', model: options.model, url: scrub(url), err: scrub(describe(err)) },
          'LLM outcome extractor gave no usable answer; falling through',
        );
        return undefined;
      }
    },
  };
}

function requestBody(model: string, input: ExtractionContext) {
  const { partySize, date, time, name, flexMinutes } = input.request;
  const user = {
    request: { partySize, date, time, name, ...(flexMinutes !== undefined ? { flexMinutes } : {}) },
    callDate: input.referenceDate ?? null,
    transcript: input.lines.map((l) => `[${l.index}] ${l.role}: ${l.text}`),
  };
  return {
    model,
    temperature: 0,
    response_format: { type: 'json_object' },
    messages: [
      { role: 'system', content: SYSTEM_PROMPT },
      { role: 'user', content: JSON.stringify(user) },
    ],
  };
}

/** Maps a valid answer to an outcome; throws when evidence cites a line that does not exist. */
function toOutcome(answer: z.output<typeof LlmAnswerSchema>, input: ExtractionContext): ReservationOutcome {
  const missing = answer.evidence.filter((i) => i >= input.lines.length);
  if (missing.length > 0) {
    throw new Error(
      `evidence cites line(s) ${missing.join(', ')} but the transcript has ${input.lines.length}`,
    );
  }
  const evidence = [...new Set(answer.evidence)].sort((a, b) => a - b).map((i) => input.lines[i]!);
  const base = { source: 'llm' as const, evidence, reason: answer.reason };
  switch (answer.kind) {
    case 'booked': {
      const { request } = input;
      const assumedFromRequest: BookingField[] = [];
      if (!answer.date) assumedFromRequest.push('date');
      if (!answer.time) assumedFromRequest.push('time');
      if (!answer.partySize) assumedFromRequest.push('partySize');
      if (!answer.name) assumedFromRequest.push('name');
      return {
        ...base,
        kind: 'booked',
        date: answer.date ?? request.date,
        time: answer.time ?? request.time,
        partySize: answer.partySize ?? request.partySize,
        name: answer.name ?? request.name,
        assumedFromRequest,
      };
    }
    case 'alternative_offered':
      return { ...base, kind: 'alternative_offered', alternatives: answer.alternatives };
    case 'call_back':
      return { ...base, kind: 'call_back', ...(answer.after ? { after: answer.after } : {}) };
    default:
      return { ...base, kind: answer.kind };
  }
}

function describe(err: unknown): string {
  if (err instanceof z.ZodError)
    return `answer failed validation: ${err.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`;
  if (err instanceof Error) return err.name === 'TimeoutError' ? 'timed out' : err.message;
  return String(err);
}
