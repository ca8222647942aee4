/**
 * Webhook payloads (§10), camelCase. Every event shares an envelope (`event`, `channel`, `timestamp`,
 * `agentId`, `data`, `conversationState`, `recentHistory`); `data` differs per event and channel.
 * An event name ringflow does not know parses as {@link UnknownEventSchema} instead of failing, so the
 * ingress can acknowledge and ignore it as the docs ask.
 *
 * Two readings: the strict, typed schemas (`WebhookEventSchema`, for `parseWebhookEvent`) follow the docs
 * field by field; the lenient ones at the end (`WebhookEnvelopeSchema`, `Loose…DataSchema`) are what the
 * ingress routes with, since a signed event must never be refused for its shape.
 */
import { z } from 'zod';

import { TimestampSchema } from './common';
import { looseBoolean, looseId, looseNumber, looseRecord, looseString, looseTimestamp } from './lenient';

const nullableString = z.string().nullish();

/** Event names ringflow understands. */
export const WebhookEventName = {
  Message: 'agent.message',
  CallEnded: 'agent.call_ended',
  Reaction: 'agent.reaction',
} as const;
export type WebhookEventName = (typeof WebhookEventName)[keyof typeof WebhookEventName];

const KNOWN_EVENT_NAMES: ReadonlySet<string> = new Set(Object.values(WebhookEventName));

/** Address-book entry of the other party, when known. */
export const WebhookContactSchema = z.looseObject({
  id: z.string(),
  name: nullableString,
  email: nullableString,
  phoneNumber: nullableString,
});

export const RecentHistoryItemSchema = z.looseObject({
  messageId: nullableString,
  content: z.string(),
  direction: z.string(),
  channel: nullableString,
  at: TimestampSchema.nullish(),
});

const envelopeFields = {
  timestamp: TimestampSchema,
  /** Null for events with no agent (a number detached from every agent). */
  agentId: z.string().nullable(),
  /** The conversation's `metadata`. */
  conversationState: z.record(z.string(), z.unknown()).nullish(),
  recentHistory: z.array(RecentHistoryItemSchema).nullish(),
};

/** One flat line of the `agent.call_ended` transcript (no timestamps). */
export const CallEndedTranscriptLineSchema = z.looseObject({
  /** `agent` | `user`. */
  role: z.string(),
  content: z.string(),
});

/** `agent.call_ended`: fire-and-forget, carries the complete transcript and optional post-call analysis. */
export const CallEndedEventSchema = z.looseObject({
  event: z.literal(WebhookEventName.CallEnded),
  channel: z.literal('voice').optional(),
  ...envelopeFields,
  data: z.looseObject({
    callId: z.string(),
    numberId: nullableString,
    from: z.string(),
    to: z.string(),
    contact: WebhookContactSchema.nullish(),
    /** `inbound` | `outbound` | `web`. */
    direction: z.string(),
    /** See `CallStatus`. */
    status: z.string(),
    startedAt: TimestampSchema.nullish(),
    endedAt: TimestampSchema.nullish(),
    durationSeconds: z.number().nullish(),
    /** Retell vocabulary: `user_hangup`, `agent_hangup`, `voicemail_reached`, `dial_no_answer`, ... */
    disconnectionReason: nullableString,
    transcript: z.array(CallEndedTranscriptLineSchema).nullish(),
    summary: nullableString,
    /** `Positive` | `Neutral` | `Negative`. */
    userSentiment: nullableString,
    callSuccessful: z.boolean().nullish(),
    recordingUrl: nullableString,
  }),
});

/** `agent.message` on a text channel: one inbound SMS, MMS or iMessage. */
export const MessageEventSchema = z.looseObject({
  event: z.literal(WebhookEventName.Message),
  channel: z.enum(['sms', 'mms', 'imessage']),
  ...envelopeFields,
  data: z.looseObject({
    messageId: z.string(),
    conversationId: nullableString,
    numberId: nullableString,
    from: z.string(),
    to: z.string(),
    contact: WebhookContactSchema.nullish(),
    message: z.string(),
    mediaUrl: nullableString,
    mediaUrls: z.array(z.string()).nullish(),
    direction: z.string(),
    receivedAt: TimestampSchema,
  }),
});

/** `agent.message` on `voice`: one caller utterance in a webhook-mode call; the reply is spoken. */
export const VoiceMessageEventSchema = z.looseObject({
  event: z.literal(WebhookEventName.Message),
  channel: z.literal('voice'),
  ...envelopeFields,
  data: z.looseObject({
    callId: z.string(),
    numberId: nullableString,
    from: z.string(),
    to: z.string(),
    status: z.string(),
    transcript: z.string(),
    confidence: z.number().nullish(),
    direction: z.string(),
  }),
});

/** `agent.reaction` (iMessage tapbacks), parsed for completeness. */
export const ReactionEventSchema = z.looseObject({
  event: z.literal(WebhookEventName.Reaction),
  channel: z.string().optional(),
  ...envelopeFields,
  data: z.looseObject({
    conversationId: nullableString,
    numberId: nullableString,
    reactionType: z.string(),
    fromNumber: z.string(),
    direction: z.string(),
    messageId: nullableString,
    messageBody: nullableString,
    messageMediaUrl: nullableString,
    messageMediaUrls: z.array(z.string()).nullish(),
    createdAt: TimestampSchema.nullish(),
  }),
});

/**
 * Any event whose name ringflow does not know (e.g. `agent.contact_shared`). A known name never lands
 * here: a malformed `agent.call_ended` fails validation rather than being ignored.
 */
export const UnknownEventSchema = z.looseObject({
  event: z.string().refine((name) => !KNOWN_EVENT_NAMES.has(name), 'a known event must match its own schema'),
  channel: z.string().nullish(),
  timestamp: z.string().nullish(),
  agentId: z.string().nullish(),
  data: z.unknown(),
});

/** Every webhook body: the known events by name and channel, anything else as {@link UnknownEventSchema}. */
export const WebhookEventSchema = z.union([
  CallEndedEventSchema,
  MessageEventSchema,
  VoiceMessageEventSchema,
  ReactionEventSchema,
  UnknownEventSchema,
]);

// ---------------------------------------------------------------------------------------------------
// Lenient reading (design decision 10): a signed event is authentic, so it is read for the few fields
// routing needs and nothing else may fail it. These schemas never reject an object; the router checks
// its routing fields itself and names the one that is missing.
// ---------------------------------------------------------------------------------------------------

/**
 * Any webhook body, read leniently: only `event` is required. `agentId`, `channel` and `timestamp` are
 * read when usable (a timestamp in any form comes back as ISO 8601 UTC) and `data` is whatever object
 * the event carries, for the per-event readers below.
 *
 * @example
 * const envelope = WebhookEnvelopeSchema.parse(JSON.parse(rawBody));
 * if (envelope.event === WebhookEventName.CallEnded) route(LooseCallEndedDataSchema.parse(envelope.data ?? {}));
 */
export const WebhookEnvelopeSchema = z.looseObject({
  event: z.string().min(1, 'event must name the event'),
  channel: looseString,
  timestamp: looseTimestamp,
  agentId: looseId,
  data: looseRecord,
});

/** The first of several wire names that carries a usable value (the docs, SDK and MCP disagree). */
function firstOf<T>(...values: (T | undefined)[]): T | undefined {
  return values.find((value) => value !== undefined);
}

/**
 * `agent.call_ended` data, every field optional: `callId` is the only one routing needs. Numbers that
 * arrive as strings are read as numbers, unknown statuses are kept as they are, and `transcript` is left
 * as it came (flat lines, paired turns, text, or missing) for the domain conversion to read.
 */
export const LooseCallEndedDataSchema = z
  .looseObject({
    callId: looseId,
    status: looseString,
    direction: looseString,
    from: looseString,
    fromNumber: looseString,
    to: looseString,
    toNumber: looseString,
    startedAt: looseTimestamp,
    endedAt: looseTimestamp,
    durationSeconds: looseNumber,
    disconnectionReason: looseString,
    transcript: z.unknown().optional(),
    transcripts: z.unknown().optional(),
    summary: looseString,
    userSentiment: looseString,
    callSuccessful: looseBoolean,
  })
  .transform(({ fromNumber, toNumber, transcripts, ...data }) => ({
    ...data,
    from: firstOf(data.from, fromNumber),
    to: firstOf(data.to, toNumber),
    transcript: data.transcript ?? transcripts,
  }));

/**
 * Text `agent.message` data, every field optional: routing needs `messageId` and the sender. The sender
 * is `from` in the webhook docs, `from_` in the SDK's message type and `fromNumber`/`from_number`
 * elsewhere in the API (§11 item 1); the first present wins and comes back as `from`. Likewise `to`, and
 * the text as `message` (docs) or `body` (message lists).
 */
export const LooseMessageDataSchema = z
  .looseObject({
    messageId: looseId,
    id: looseId,
    from: looseString,
    from_: looseString,
    fromNumber: looseString,
    from_number: looseString,
    to: looseString,
    to_: looseString,
    toNumber: looseString,
    to_number: looseString,
    message: looseString,
    body: looseString,
    direction: looseString,
    receivedAt: looseTimestamp,
  })
  .transform((d) => ({
    messageId: firstOf(d.messageId, d.id),
    from: firstOf(d.from, d.from_, d.fromNumber, d.from_number),
    to: firstOf(d.to, d.to_, d.toNumber, d.to_number),
    message: firstOf(d.message, d.body),
    direction: d.direction,
    receivedAt: d.receivedAt,
  }));

export type WebhookEnvelope = z.infer<typeof WebhookEnvelopeSchema>;
export type LooseCallEndedData = z.infer<typeof LooseCallEndedDataSchema>;
export type LooseMessageData = z.infer<typeof LooseMessageDataSchema>;

/**
 * The JSON a receiver sends back for a voice turn: the agent's next line and optional actions.
 * Non-object replies or objects with none of these fields mean silence.
 */
export const VoiceTurnReplySchema = z.looseObject({
  text: z.string().optional(),
  hangup: z.boolean().optional(),
  action: z.enum(['transfer', 'hangup']).optional(),
  digits: z.string().optional(),
  press_digit: z.string().optional(),
  dtmf: z.string().optional(),
  interim: z.boolean().optional(),
});

export type WebhookContact = z.infer<typeof WebhookContactSchema>;
export type RecentHistoryItem = z.infer<typeof RecentHistoryItemSchema>;
export type CallEndedTranscriptLine = z.infer<typeof CallEndedTranscriptLineSchema>;
export type CallEndedEvent = z.infer<typeof CallEndedEventSchema>;
export type MessageEvent = z.infer<typeof MessageEventSchema>;
export type VoiceMessageEvent = z.infer<typeof VoiceMessageEventSchema>;
export type ReactionEvent = z.infer<typeof ReactionEventSchema>;
export type UnknownEvent = z.infer<typeof UnknownEventSchema>;
export type WebhookEvent = z.infer<typeof WebhookEventSchema>;
export type VoiceTurnReply = z.infer<typeof VoiceTurnReplySchema>;

/**
 * Narrowing helpers: the unknown-event member has `event: string`, which defeats TypeScript's
 * narrowing on `event === '...'` alone.
 *
 * @example
 * if (isCallEndedEvent(event)) await signalCall(event.data.callId, event);
 */
export function isCallEndedEvent(event: WebhookEvent): event is CallEndedEvent {
  return event.event === WebhookEventName.CallEnded;
}

export function isMessageEvent(event: WebhookEvent): event is MessageEvent {
  return event.event === WebhookEventName.Message && event.channel !== 'voice';
}

export function isVoiceMessageEvent(event: WebhookEvent): event is VoiceMessageEvent {
  return event.event === WebhookEventName.Message && event.channel === 'voice';
}

export function isReactionEvent(event: WebhookEvent): event is ReactionEvent {
  return event.event === WebhookEventName.Reaction;
}
