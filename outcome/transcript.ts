/**
 * One transcript shape for everything downstream. AgentPhone hands out the same conversation in three
 * shapes (agentphone-api.md §9): paired turns from `GET /v1/calls/{id}`, flat `{role, content, createdAt}`
 * from `/transcript`, and flat `{role, content}` in the `agent.call_ended` webhook. The outcome extractors
 * only ever see {@link NumberedTranscriptLine}s.
 */
import { z } from 'zod';

/** Who spoke a line: our AI agent, or the party it called (AgentPhone's `user`). */
export type Speaker = 'agent' | 'callee';

/**
 * One spoken line, numbered in spoken order from 0; the index is what evidence points at. Unlike the
 * wire's `{role: 'user' | 'agent', content}` (workflows' `TranscriptTurn`), it carries its position and
 * names the remote party `callee`.
 */
export interface NumberedTranscriptLine {
  index: number;
  role: Speaker;
  text: string;
}

/** A transcript that matches none of the accepted shapes; the message names the offending field. */
export class TranscriptFormatError extends Error {
  override readonly name = 'TranscriptFormatError';
}

const PairedTurnSchema = z.object({
  transcript: z.string().nullish(),
  response: z.string().nullish(),
});

const FlatLineSchema = z.object({
  role: z.enum(['user', 'agent'], { message: "role must be 'user' or 'agent'" }),
  content: z.string({ message: 'content must be a string' }).nullable(),
});

const PairedTurnsSchema = z.array(PairedTurnSchema);
const FlatLinesSchema = z.array(FlatLineSchema);

const ACCEPTED_SHAPES =
  'expected a call detail with `transcripts` (paired turns), a /transcript response or webhook `data` ' +
  'with `transcript` (flat {role, content} lines), a whole webhook body, or a bare array of either';

/**
 * Turns any of AgentPhone's transcript shapes, or an object that wraps one, into numbered lines in spoken
 * order. In a paired turn the remote party's `transcript` was said before the agent's `response`. Empty
 * utterances (the agent speaking first, a silent turn) are dropped, so the same conversation gives the
 * same lines whichever endpoint it came from. `null`/`undefined` means nothing was said: `[]`.
 *
 * @example
 * normalizeTranscript({ transcripts: [{ id: 'tr_1', transcript: 'Lovely Thai?', confidence: 0.9,
 *   response: 'Hi, a table for two please.', createdAt: '2026-04-19T17:20:14Z' }] });
 * // → [{ index: 0, role: 'callee', text: 'Lovely Thai?' }, { index: 1, role: 'agent', text: 'Hi, a table for two please.' }]
 * @throws TranscriptFormatError naming the field that does not fit.
 */
export function normalizeTranscript(input: unknown): NumberedTranscriptLine[] {
  if (input === null || input === undefined) return [];
  const utterances = Array.isArray(input) ? readArray(input, '') : readEnvelope(input);
  const lines: NumberedTranscriptLine[] = [];
  for (const u of utterances) {
    const text = u.text.replace(/\s+/g, ' ').trim();
    if (text) lines.push({ index: lines.length, role: u.role, text });
  }
  return lines;
}

function readEnvelope(input: unknown): Array<{ role: Speaker; text: string }> {
  if (typeof input !== 'object' || input === null) {
    throw new TranscriptFormatError(`Unrecognised transcript (got ${typeof input}): ${ACCEPTED_SHAPES}`);
  }
  const record = input as Record<string, unknown>;
  if (Array.isArray(record.transcripts)) return readArray(record.transcripts, 'transcripts');
  if (Array.isArray(record.transcript)) return readArray(record.transcript, 'transcript');
  // A saved webhook body: the transcript sits in `data`.
  if (typeof record.data === 'object' && record.data !== null) return readEnvelope(record.data);
  if ('transcript' in record && (record.transcript === null || record.transcript === undefined)) return [];
  const keys = Object.keys(record).slice(0, 8).join(', ') || 'none';
  throw new TranscriptFormatError(`Unrecognised transcript (object keys: ${keys}): ${ACCEPTED_SHAPES}`);
}

/** An array is paired turns or flat lines; its first element decides which schema it must satisfy. */
function readArray(items: unknown[], path: string): Array<{ role: Speaker; text: string }> {
  const first = items[0];
  if (first === undefined) return [];
  const isFlat = typeof first === 'object' && first !== null && 'role' in first;
  if (isFlat) {
    const lines = parseOrThrow(FlatLinesSchema, items, path, 'flat lines {role, content}');
    return lines.map((l) => ({ role: l.role === 'agent' ? 'agent' : 'callee', text: l.content ?? '' }));
  }
  const turns = parseOrThrow(PairedTurnsSchema, items, path, 'paired turns {transcript, response}');
  return turns.flatMap((t) => [
    { role: 'callee' as const, text: t.transcript ?? '' },
    { role: 'agent' as const, text: t.response ?? '' },
  ]);
}

function parseOrThrow<S extends z.ZodType>(
  schema: S,
  items: unknown[],
  path: string,
  what: string,
): z.output<S> {
  const result = schema.safeParse(items);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = [
    path,
    ...(issue?.path ?? []).map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)),
  ]
    .join('')
    .replace(/^\./, '');
  throw new TranscriptFormatError(
    `Transcript read as ${what}, but ${where || 'the array'}: ${issue?.message ?? 'invalid'}`,
  );
}
