/**
 * From a verified AgentPhone webhook event to the workflow signal it becomes. Pure: the ingress does the
 * HTTP and the Temporal calls, this decides where an event goes and in what shape.
 */
import type { CallEndedEvent, MessageEvent, WebhookEvent } from '../agentphone';
import { readReply } from '../outcome/human-reply';
import type { CallRecord, InboundSms } from '../workflows/types';

export type Route =
  | { kind: 'call-ended'; callId: string; call: CallRecord }
  | { kind: 'inbound-sms'; agentId: string; from: string; sms: InboundSms }
  | { kind: 'ignored'; why: string };

export function callRecordFromEvent(event: CallEndedEvent): CallRecord {
  const d = event.data;
  return {
    callId: d.callId,
    status: d.status,
    disconnectionReason: d.disconnectionReason ?? null,
    durationSeconds: d.durationSeconds ?? null,
    startedAt: d.startedAt ?? null,
    endedAt: d.endedAt ?? null,
    from: d.from ?? null,
    to: d.to ?? null,
    direction: d.direction ?? null,
    transcript: (d.transcript ?? []).map((t) => ({
      role: t.role === 'agent' ? 'agent' : 'user',
      content: t.content,
    })),
    summary: d.summary ?? null,
    userSentiment: d.userSentiment ?? null,
    callSuccessful: d.callSuccessful ?? null,
  };
}

export function inboundSmsFromEvent(event: MessageEvent): InboundSms {
  const d = event.data;
  return {
    messageId: d.messageId,
    agentId: event.agentId,
    from: d.from,
    to: d.to,
    body: d.message ?? '',
    receivedAt: d.receivedAt ?? event.timestamp,
    // The human's words are read here, at the edge; the workflows get the reading (design decision 11).
    reading: readReply(d.message ?? ''),
  };
}

export function routeEvent(event: WebhookEvent): Route {
  if (event.event === 'agent.call_ended') {
    const ended = event as CallEndedEvent;
    return { kind: 'call-ended', callId: ended.data.callId, call: callRecordFromEvent(ended) };
  }
  if (event.event === 'agent.message' && event.channel !== 'voice') {
    const message = event as MessageEvent;
    if (message.data.direction !== 'inbound') return { kind: 'ignored', why: 'outbound message echo' };
    if (!message.agentId) return { kind: 'ignored', why: 'message to a number with no agent' };
    return {
      kind: 'inbound-sms',
      agentId: message.agentId,
      from: message.data.from,
      sms: inboundSmsFromEvent(message),
    };
  }
  return {
    kind: 'ignored',
    why: `event ${event.event} (channel ${String(event.channel ?? 'none')}) is not routed`,
  };
}
