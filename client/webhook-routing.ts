/**
 * From an authentic AgentPhone webhook body to where it goes. Pure: the ingress and the dead-letter
 * replay do the HTTP and the Temporal calls; this decides the target and the signal's payload, reading
 * only the few fields routing needs (design decision 10). Both call it, so a fix here also recovers the
 * dead letters an older version could not route.
 */
import {
  LooseCallEndedDataSchema,
  LooseMessageDataSchema,
  WebhookEventName,
  WebhookVerificationError,
  parseWebhookEnvelope,
  type WebhookEnvelope,
} from '../agentphone';
import { callRecordFromEvent, inboundSmsFromEvent } from '../common/process/from-wire';
import { findSpokenOptOut, type SpokenOptOut } from '../outcome/spoken-opt-out';
import type { CallRecord, InboundSms } from '../workflows/types';

/** Where one webhook body goes. `unroutable` is an authentic event to keep as a dead letter. */
export type WebhookRoute =
  | {
      kind: 'call-ended';
      callId: string;
      call: CallRecord;
      /** The transcript read for a spoken opt-out here, at the edge (null: none). */
      spokenOptOut: SpokenOptOut | null;
    }
  /** An inbound call (nobody at ringflow placed it) that ended: its triage, not a call mailbox. */
  | { kind: 'inbound-call-ended'; callId: string; agentId: string; call: CallRecord }
  | { kind: 'inbound-sms'; agentId: string; from: string; sms: InboundSms }
  | { kind: 'ignored'; why: string }
  | { kind: 'unroutable'; why: string; /** The body's event name, when it has one. */ event: string | null };

/**
 * Routes an envelope: `agent.call_ended` on `data.callId`, its transcript read for a spoken opt-out (an inbound one, `data.direction` inbound,
 * to its triage, with the envelope's `agentId`); a text `agent.message` on `data.messageId`,
 * the sender and `agentId`. Outbound echoes, voice turns, reactions and events ringflow does not know are
 * `ignored` (acknowledged, nothing to do); a routed event lacking a routing field is `unroutable`, with
 * the field named.
 *
 * @param receivedAt when the ingress received it (ISO), the last resort for an SMS's `receivedAt`.
 */
export function routeEnvelope(envelope: WebhookEnvelope, receivedAt: string): WebhookRoute {
  const data = envelope.data ?? {};
  if (envelope.event === WebhookEventName.CallEnded) {
    const parsed = LooseCallEndedDataSchema.safeParse(data);
    // The loose schemas accept any object; this guards against a schema change that would throw here.
    if (!parsed.success) return unreadable(envelope, parsed.error);
    const ended = parsed.data;
    const { callId } = ended;
    if (!callId)
      return { kind: 'unroutable', why: 'agent.call_ended without data.callId', event: envelope.event };
    const call = callRecordFromEvent({ ...ended, callId });
    if (call.direction?.toLowerCase() === 'inbound') {
      // The agent is whose settings decide what happens (missed-call callbacks, triage).
      const { agentId } = envelope;
      if (!agentId)
        return { kind: 'unroutable', why: 'inbound agent.call_ended without agentId', event: envelope.event };
      return { kind: 'inbound-call-ended', callId, agentId, call };
    }
    return { kind: 'call-ended', callId, call, spokenOptOut: findSpokenOptOut(call.transcript) ?? null };
  }
  if (envelope.event === WebhookEventName.Message && !isVoiceTurn(envelope)) {
    const parsed = LooseMessageDataSchema.safeParse(data);
    if (!parsed.success) return unreadable(envelope, parsed.error);
    const message = parsed.data;
    if (message.direction !== undefined && message.direction !== 'inbound')
      return { kind: 'ignored', why: `${message.direction} message echo` };
    const { messageId, from } = message;
    const { agentId } = envelope;
    const missing = [
      !messageId && 'data.messageId',
      !from && 'the sender (data.from / data.from_)',
      !agentId && 'agentId',
    ].filter(Boolean);
    if (!messageId || !from || !agentId)
      return {
        kind: 'unroutable',
        why: `agent.message without ${missing.join(', ')}`,
        event: envelope.event,
      };
    return {
      kind: 'inbound-sms',
      agentId,
      from,
      sms: inboundSmsFromEvent(
        { ...message, messageId, from },
        { agentId, eventTimestamp: envelope.timestamp, receivedAt },
      ),
    };
  }
  return {
    kind: 'ignored',
    why: `event ${envelope.event} (channel ${envelope.channel ?? 'none'}) is not routed`,
  };
}

/**
 * Routes a raw body (already verified as signed): a body that is not JSON or names no event is
 * `unroutable`, never an error.
 */
export function routeWebhookBody(rawBody: string | Uint8Array, receivedAt: string): WebhookRoute {
  let envelope: WebhookEnvelope;
  try {
    envelope = parseWebhookEnvelope(rawBody);
  } catch (err) {
    if (err instanceof WebhookVerificationError) return { kind: 'unroutable', why: err.message, event: null };
    throw err;
  }
  return routeEnvelope(envelope, receivedAt);
}

function unreadable(envelope: WebhookEnvelope, error: { message: string }): WebhookRoute {
  return {
    kind: 'unroutable',
    why: `${envelope.event} data unreadable: ${error.message}`,
    event: envelope.event,
  };
}

/**
 * A voice-channel `agent.message` (one caller utterance of a webhook-mode call): answered by whoever runs
 * the voice agent, not routed. Without a channel, a `callId` in the data gives it away.
 */
function isVoiceTurn(envelope: WebhookEnvelope): boolean {
  if (envelope.channel !== undefined) return envelope.channel === 'voice';
  return typeof envelope.data?.callId === 'string';
}
