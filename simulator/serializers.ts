/**
 * Records → wire shapes. Field names follow the API's own casing per endpoint (spec §1.3); where the
 * sources disagree the shape is a superset (spec §11).
 */
import { toIsoSeconds } from './clock';
import type {
  AgentRecord,
  SimCallRecord,
  ConversationRecord,
  DeliveryRecord,
  MessageRecord,
  NumberRecord,
  TurnRecord,
  WebhookRecord,
} from './state';

export function agentNumberJson(number: NumberRecord) {
  return { id: number.id, phoneNumber: number.phoneNumber, status: number.status, type: 'sms' };
}

export function agentJson(agent: AgentRecord, numbers: NumberRecord[]) {
  return {
    id: agent.id,
    name: agent.name,
    description: agent.description,
    voiceMode: agent.voiceMode,
    enableMessaging: agent.enableMessaging,
    modelTier: agent.modelTier,
    systemPrompt: agent.systemPrompt,
    beginMessage: agent.beginMessage,
    voice: agent.voice,
    transferNumber: agent.transferNumber,
    customTools: agent.customTools,
    voicemailMessage: agent.voicemailMessage,
    callScreeningIdentity: agent.callScreeningIdentity,
    callScreeningPurpose: agent.callScreeningPurpose,
    sttMode: agent.sttMode,
    ambientSound: agent.ambientSound,
    denoisingMode: agent.denoisingMode,
    maxSilenceMs: agent.maxSilenceMs,
    voiceSpeed: agent.voiceSpeed,
    interruptionSensitivity: agent.interruptionSensitivity,
    enableBackchannel: agent.enableBackchannel,
    language: agent.language,
    createdAt: agent.createdAt,
    numbers: numbers.map(agentNumberJson),
  };
}

export function numberJson(number: NumberRecord) {
  return {
    id: number.id,
    phoneNumber: number.phoneNumber,
    country: number.country,
    status: number.status,
    type: 'sms',
    agentId: number.agentId,
    outboundSms: 'enabled',
    createdAt: number.createdAt,
  };
}

/** The part of a call's turns that has been spoken by simulated `nowMs`. */
export function spokenTurns(call: SimCallRecord, nowMs: number): TurnRecord[] {
  if (call.status === 'completed' || call.status === 'failed') return call.turns;
  return call.turns.filter((t) => t.atMs <= nowMs);
}

function fromTo(call: SimCallRecord) {
  return call.direction === 'outbound'
    ? { fromNumber: call.ourNumber, toNumber: call.remoteNumber }
    : { fromNumber: call.remoteNumber, toNumber: call.ourNumber };
}

/**
 * The public status: the API's own values by default, or the MCP-style `busy`/`no-answer` terminal
 * statuses when that flag is on (spec §9).
 */
export function publicStatus(call: SimCallRecord, mcpStatuses: boolean): string {
  if (mcpStatuses && call.status === 'failed') {
    if (call.disconnectionReason === 'dial_busy') return 'busy';
    if (call.disconnectionReason === 'dial_no_answer') return 'no-answer';
  }
  return call.status;
}

function isTerminal(call: SimCallRecord): boolean {
  return call.status === 'completed' || call.status === 'failed';
}

export function callSummaryJson(call: SimCallRecord, nowMs: number, mcpStatuses: boolean) {
  const spoken = spokenTurns(call, nowMs);
  const terminal = isTerminal(call);
  return {
    id: call.id,
    agentId: call.agentId,
    phoneNumberId: call.numberId,
    phoneNumber: call.ourNumber,
    ...fromTo(call),
    direction: call.direction,
    type: 'pstn',
    status: publicStatus(call, mcpStatuses),
    startedAt: toIsoSeconds(call.startedAtMs),
    endedAt: terminal && call.endedAtMs !== null ? toIsoSeconds(call.endedAtMs) : null,
    durationSeconds: terminal ? durationSeconds(call) : null,
    lastTranscriptSnippet: spoken.at(-1)?.content ?? null,
    disconnectionReason: terminal ? call.disconnectionReason : null,
    recordingUrl: null,
    recordingAvailable: false,
  };
}

export function durationSeconds(call: SimCallRecord): number {
  if (call.status === 'failed' || call.endedAtMs === null) return 0;
  return Math.max(0, Math.round((call.endedAtMs - call.startedAtMs) / 1000));
}

/**
 * Shape 1 (spec §9): pairs of what the other party said (`transcript`) and the agent's answer
 * (`response`). An agent line with no user line before it pairs with an empty `transcript`.
 */
export function pairedTurns(turns: TurnRecord[]) {
  const pairs: {
    id: string;
    transcript: string;
    confidence: number;
    response: string | null;
    createdAt: string;
  }[] = [];
  let pending: TurnRecord | null = null;
  const flush = (response: TurnRecord | null) => {
    const anchor = pending ?? response;
    if (!anchor) return;
    pairs.push({
      id: anchor.id,
      transcript: pending?.content ?? '',
      confidence: pending ? confidenceFor(pending) : 1,
      response: response?.content ?? null,
      createdAt: toIsoSeconds(anchor.atMs),
    });
    pending = null;
  };
  for (const turn of turns) {
    if (turn.role === 'user') {
      if (pending) flush(null);
      pending = turn;
    } else {
      flush(turn);
    }
  }
  if (pending) flush(null);
  return pairs;
}

/** A stable speech-recognition confidence in [0.85, 0.99] derived from the turn id. */
function confidenceFor(turn: TurnRecord): number {
  const n = parseInt(turn.id.slice(-4), 16) || 0;
  return Math.round((0.85 + (n % 1400) / 10_000) * 100) / 100;
}

export function callDetailJson(call: SimCallRecord, nowMs: number, mcpStatuses: boolean) {
  const spoken = spokenTurns(call, nowMs);
  const terminal = isTerminal(call);
  return {
    ...callSummaryJson(call, nowMs, mcpStatuses),
    transcripts: pairedTurns(spoken),
    summary: terminal ? call.summary : null,
    userSentiment: terminal ? call.userSentiment : null,
    callSuccessful: terminal ? call.callSuccessful : null,
  };
}

/** Shape 2: flat turns with timestamps, plus the paired turns under `data` (spec §11 item 8). */
export function transcriptJson(call: SimCallRecord, nowMs: number, mcpStatuses: boolean) {
  const spoken = spokenTurns(call, nowMs);
  return {
    callId: call.id,
    status: publicStatus(call, mcpStatuses),
    transcript: spoken.map((t) => ({ role: t.role, content: t.content, createdAt: toIsoSeconds(t.atMs) })),
    data: pairedTurns(spoken),
  };
}

export function conversationSummaryJson(
  conversation: ConversationRecord,
  number: NumberRecord,
  messages: MessageRecord[],
) {
  const last = messages.at(-1);
  return {
    id: conversation.id,
    agentId: number.agentId,
    phoneNumberId: number.id,
    phoneNumber: number.phoneNumber,
    participant: conversation.participant,
    isGroup: false,
    groupId: null,
    groupName: null,
    groupIconUrl: null,
    participants: null,
    lastMessageAt: toIsoSeconds(conversation.lastMessageAtMs),
    lastMessagePreview: last ? last.body.slice(0, 100) : '',
    messageCount: messages.length,
    metadata: conversation.metadata,
    createdAt: toIsoSeconds(conversation.createdAtMs),
  };
}

export function conversationMessageJson(message: MessageRecord) {
  return {
    id: message.id,
    body: message.body,
    fromNumber: message.from,
    toNumber: message.to,
    direction: message.direction,
    senderIdentifier: null,
    channel: message.channel,
    mediaUrl: message.mediaUrls[0] ?? null,
    mediaUrls: message.mediaUrls,
    receivedAt: toIsoSeconds(message.receivedAtMs),
    reactions: [],
    replyTo: null,
  };
}

/** Number message list item: both `from_` (SDK) and `from` (MCP), spec §11 item 1. */
export function numberMessageJson(message: MessageRecord) {
  return {
    id: message.id,
    from_: message.from,
    from: message.from,
    to: message.to,
    body: message.body,
    direction: message.direction,
    channel: message.channel,
    receivedAt: toIsoSeconds(message.receivedAtMs),
  };
}

export function webhookJson(webhook: WebhookRecord) {
  return {
    id: webhook.id,
    url: webhook.url,
    secret: webhook.secret,
    status: 'active',
    contextLimit: webhook.contextLimit,
    timeout: webhook.timeout,
    createdAt: webhook.createdAt,
  };
}

export function deliveryJson(delivery: DeliveryRecord) {
  const iso = (ms: number | null) => (ms === null ? null : toIsoSeconds(ms));
  return {
    id: delivery.id,
    messageId: delivery.messageId,
    eventType: delivery.eventType,
    channel: delivery.channel,
    status: delivery.status,
    httpStatus: delivery.httpStatus,
    errorMessage: delivery.errorMessage,
    responseBody: delivery.responseBody,
    attemptCount: delivery.attemptCount,
    lastAttemptAt: iso(delivery.lastAttemptAtMs),
    nextRetryAt: iso(delivery.nextRetryAtMs),
    createdAt: iso(delivery.createdAtMs) as string,
  };
}
