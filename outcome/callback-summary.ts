/**
 * What a returned missed call found out, for the owner's SMS: whether the caller was reached, who they
 * are, what they want, how urgent it is and when to reach them — each with the transcript lines it rests
 * on. A heuristic over the transcript (design decision 11), so it runs in an activity. Pure and
 * deterministic.
 */
import type { CallRecord } from '../workflows/types';
import type { InboundEvidence } from './inbound-call';

export type CallbackUrgency = 'urgent' | 'soon' | 'not urgent';

export interface CallbackSummary {
  /** A person was reached and spoke (not no answer, busy, voicemail or a hang-up at hello). */
  reached: boolean;
  /** Why not reached, or "reached". */
  reason: string;
  name: string | null;
  want: string | null;
  urgency: CallbackUrgency;
  bestTime: string | null;
  /** They asked not to be called again (the opt-out list records it; the owner is told). */
  askedNotToCall: boolean;
  evidence: InboundEvidence[];
}

const NOT_REACHED = new Set([
  'dial_no_answer',
  'dial_busy',
  'voicemail_reached',
  'invalid_destination',
  'dial_failed',
]);
const NAME = /\b(?:this is|it's|it is|my name is|i'm|i am)\s+([a-z]+)\b/i;
const NOT_NAMES = new Set(['Sorry', 'Just', 'Not', 'Fine', 'Good', 'Okay', 'Yes', 'No', 'Calling', 'Really']);
const WANT =
  /\b(?:calling about|called about|call about|was about|it's about|it is about|i need(?:ed)?|i want(?:ed)?|i'm looking for|i was wondering|question about|wanted to ask about)\s+([^.!?]+)/i;
const URGENT =
  /\b(urgent|urgently|asap|as soon as (?:possible|you can)|emergency|right away|today|immediately)\b/i;
const SOON = /\b(this week|tomorrow|soon|in the next few days)\b/i;
const BEST_TIME =
  /\b((?:after|before|around|at|between)\s+\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?(?:\s*(?:and|-|to)\s*\d{1,2}(?::\d{2})?\s*(?:am|pm)?)?|(?:in the |tomorrow |this )?(?:morning|afternoon|evening|tonight)s?|any ?time)\b/i;
const DO_NOT_CALL =
  /\b(stop calling|don't call (?:me|this number)|do not call|take me off|remove me from|never call)\b/i;

/**
 * Summarises a callback.
 *
 * @example
 * summarizeCallback(call).want; // 'the delivery that never arrived'
 */
export function summarizeCallback(
  call: Pick<CallRecord, 'status' | 'disconnectionReason' | 'transcript'>,
): CallbackSummary {
  const lines = call.transcript
    .map((turn, index) => ({ index, role: turn.role, text: turn.content.trim() }))
    .filter((l) => l.role === 'user' && l.text !== '');
  const base = { name: null, want: null, urgency: 'not urgent' as const, bestTime: null, evidence: [] };
  const reason = call.disconnectionReason ?? call.status;
  if (call.status !== 'completed' || NOT_REACHED.has(call.disconnectionReason ?? ''))
    return { ...base, reached: false, reason, askedNotToCall: false };
  const words = lines.reduce((n, l) => n + l.text.split(/\s+/).length, 0);
  const askedNotToCall = lines.some((l) => DO_NOT_CALL.test(l.text));
  if (words < 4 && !askedNotToCall)
    return { ...base, reached: false, reason: 'hung up at hello', askedNotToCall };

  const evidence = new Map<number, InboundEvidence>();
  const find = (pattern: RegExp, accept: (m: RegExpExecArray) => string | null = (m) => m[1] ?? m[0]) => {
    for (const line of lines) {
      const match = pattern.exec(line.text);
      const value = match ? accept(match) : null;
      if (value) {
        evidence.set(line.index, { index: line.index, text: line.text });
        return value.trim();
      }
    }
    return null;
  };
  const name = find(NAME, (m) => (m[1] && /^[A-Z][a-z]/.test(m[1]) && !NOT_NAMES.has(m[1]) ? m[1] : null));
  const want = find(WANT);
  const urgency: CallbackUrgency = find(URGENT) ? 'urgent' : find(SOON) ? 'soon' : 'not urgent';
  const bestTime = find(BEST_TIME);
  if (askedNotToCall) find(DO_NOT_CALL);
  return {
    reached: true,
    reason: 'reached',
    name,
    want,
    urgency,
    bestTime,
    askedNotToCall,
    evidence: [...evidence.values()].sort((a, b) => a.index - b.index),
  };
}
