/**
 * What an inbound call was, for the owner of the number: missed (it failed, or the caller hung up
 * before any real conversation), answered with a request for a callback, answered with a message, or
 * an answered conversation that needs nothing. A heuristic over the transcript, so it runs in an
 * activity and its reading travels in history (design decision 11). Pure and deterministic.
 */
import type { CallRecord } from '../workflows/types';

export type InboundCallKind = 'missed' | 'callback_requested' | 'message' | 'conversation';

/** One transcript line an answer rests on (`index` into the call's transcript). */
export interface InboundEvidence {
  index: number;
  text: string;
}

export interface InboundCallReading {
  kind: InboundCallKind;
  /** Why, in a few words (for logs and status). */
  reason: string;
  evidence: InboundEvidence[];
}

/** Statuses of a call that never connected. */
const UNCONNECTED = new Set(['failed', 'busy', 'no-answer', 'no_answer', 'canceled', 'cancelled']);
/** Fewer words than this from the caller is no conversation (a "hello?" and a hang-up). */
const MIN_CALLER_WORDS = 4;

const CALLBACK_REQUEST =
  /\b(call(?:ing)? me back|call back|callback|give me a (?:call|ring)|return my call|get back to me|reach me (?:on|at)|ring me back)\b/i;
const MESSAGE =
  /\b(message|let (?:him|her|them|the owner|[A-Z][a-z]+) know|tell (?:him|her|them|[A-Z][a-z]+)|pass (?:it|this|that) on|calling (?:about|to)|wanted to|i need|i'd like|i would like|question)\b/i;

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

/**
 * Reads an ended inbound call.
 *
 * @example
 * readInboundCall({ ...call, status: 'failed', transcript: [] }).kind; // 'missed'
 */
export function readInboundCall(call: Pick<CallRecord, 'status' | 'transcript'>): InboundCallReading {
  if (UNCONNECTED.has(call.status.toLowerCase()))
    return { kind: 'missed', reason: `the call ${call.status}`, evidence: [] };
  const callerLines = call.transcript
    .map((turn, index) => ({ index, role: turn.role, text: turn.content.trim() }))
    .filter((line) => line.role === 'user' && line.text !== '');
  const callerWords = callerLines.reduce((sum, line) => sum + words(line.text), 0);
  if (callerWords < MIN_CALLER_WORDS)
    return { kind: 'missed', reason: 'the caller hung up before any real conversation', evidence: [] };
  const evidenceOf = (pattern: RegExp) =>
    callerLines.filter((l) => pattern.test(l.text)).map(({ index, text }) => ({ index, text }));
  const callback = evidenceOf(CALLBACK_REQUEST);
  if (callback.length > 0)
    return { kind: 'callback_requested', reason: 'the caller asked to be called back', evidence: callback };
  const message = evidenceOf(MESSAGE);
  if (message.length > 0) return { kind: 'message', reason: 'the caller left a message', evidence: message };
  return { kind: 'conversation', reason: 'answered; no message or callback request', evidence: [] };
}
