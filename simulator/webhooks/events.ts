import { toIsoSeconds } from '../clock';
import type { SimCallRecord, ConversationRecord, MessageRecord } from '../state';
import type { World } from '../world';

/** What the simulator emits; the dispatcher wraps it in the envelope and routes it. */
export interface SimWebhookEvent {
  accountId: string;
  agentId: string | null;
  event: string;
  channel: string;
  data: Record<string, unknown>;
  /** The conversation whose metadata and history fill `conversationState` / `recentHistory`. */
  conversationId: string | null;
  /** Shown in the delivery log as `messageId`. */
  messageId: string | null;
}

/** The common envelope of spec §10; history is the `contextLimit` items before this event, oldest first. */
export function envelope(
  world: World,
  event: SimWebhookEvent,
  contextLimit: number,
): Record<string, unknown> {
  let conversationState: Record<string, unknown> | null = null;
  let recentHistory: unknown[] = [];
  const conversation = event.conversationId
    ? world.state.conversations.find((c) => c.id === event.conversationId)
    : undefined;
  if (conversation) {
    conversationState = conversation.metadata;
    const history = world.state.messages.filter(
      (m) => m.conversationId === conversation.id && m.id !== event.messageId,
    );
    recentHistory =
      contextLimit === 0
        ? []
        : history.slice(-contextLimit).map((m) => ({
            messageId: m.id,
            content: m.body,
            direction: m.direction,
            channel: m.channel,
            at: toIsoSeconds(m.receivedAtMs),
          }));
  }
  return {
    event: event.event,
    channel: event.channel,
    timestamp: world.clock.isoNow(),
    agentId: event.agentId,
    data: event.data,
    conversationState,
    recentHistory,
  };
}

/** `agent.message` for an inbound SMS/MMS. */
export function inboundMessageEvent(
  message: MessageRecord,
  conversation: ConversationRecord,
): SimWebhookEvent {
  return {
    accountId: message.accountId,
    agentId: message.agentId,
    event: 'agent.message',
    channel: message.channel,
    conversationId: conversation.id,
    messageId: message.id,
    data: {
      messageId: message.id,
      conversationId: conversation.id,
      numberId: message.numberId,
      from: message.from,
      to: message.to,
      contact: null,
      message: message.body,
      mediaUrl: message.mediaUrls[0] ?? null,
      mediaUrls: message.mediaUrls,
      direction: message.direction,
      receivedAt: toIsoSeconds(message.receivedAtMs),
    },
  };
}

/** `agent.call_ended` with the flat transcript (no timestamps) and the optional analysis. */
export function callEndedEvent(
  call: SimCallRecord,
  status: string,
  durationSeconds: number,
): SimWebhookEvent {
  const outbound = call.direction === 'outbound';
  return {
    accountId: call.accountId,
    agentId: call.agentId,
    event: 'agent.call_ended',
    channel: 'voice',
    conversationId: null,
    messageId: null,
    data: {
      callId: call.id,
      numberId: call.numberId,
      from: outbound ? call.ourNumber : call.remoteNumber,
      to: outbound ? call.remoteNumber : call.ourNumber,
      contact: null,
      direction: call.direction,
      status,
      startedAt: toIsoSeconds(call.startedAtMs),
      endedAt: toIsoSeconds(call.endedAtMs ?? call.plannedEndMs),
      durationSeconds,
      disconnectionReason: call.disconnectionReason,
      transcript: call.turns.map((t) => ({ role: t.role, content: t.content })),
      summary: call.summary,
      userSentiment: call.userSentiment,
      callSuccessful: call.callSuccessful,
    },
  };
}
