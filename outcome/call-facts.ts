/**
 * Reads a saved call as the extractors need it: a call detail (`GET /v1/calls/{id}`), a /transcript
 * response, an `agent.call_ended` body or its `data`, or a bare transcript array. Whatever the shape,
 * the transcript itself is left to `normalizeTranscript`.
 */
import { z } from 'zod';
import type { CallFacts } from './reservation';

const SavedCallSchema = z.object({
  status: z.string().min(1).optional(),
  disconnectionReason: z.string().nullish(),
  durationSeconds: z.number().nullish(),
  summary: z.string().nullish(),
  callSuccessful: z.boolean().nullish(),
  userSentiment: z.string().nullish(),
  startedAt: z.string().nullish(),
  endedAt: z.string().nullish(),
});

export interface SavedCall {
  call: CallFacts;
  /** When the call started, if the saved object says (a day to resolve the request date against). */
  startedAt?: string;
}

/**
 * The call facts in a saved JSON value. A bare transcript array counts as a completed call.
 *
 * @example callFactsFromJson({ event: 'agent.call_ended', data: { status: 'failed', disconnectionReason: 'dial_busy', transcript: [] } })
 * // → { call: { status: 'failed', disconnectionReason: 'dial_busy', transcript: { ... } } }
 * @throws z.ZodError when a known field has the wrong type.
 */
export function callFactsFromJson(saved: unknown): SavedCall {
  if (Array.isArray(saved) || typeof saved !== 'object' || saved === null) {
    return { call: { status: 'completed', transcript: saved } };
  }
  const record = saved as Record<string, unknown>;
  const body = typeof record.event === 'string' && typeof record.data === 'object' ? record.data : record;
  const facts = SavedCallSchema.parse(body);
  const { startedAt, status, ...rest } = facts;
  return {
    call: { ...rest, status: status ?? 'completed', transcript: body },
    ...(startedAt ? { startedAt } : {}),
  };
}
