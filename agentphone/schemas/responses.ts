/**
 * Response bodies of the AgentPhone API in wire casing. Every object accepts unknown extra fields
 * (`z.looseObject`) so a new server field never breaks ringflow; a field is required only where ringflow
 * reads it (ids, statuses it branches on, what reconciliation compares). A documented field ringflow
 * does not need is optional, so a partial body (a missing statistic, say) never fails a call that
 * already happened on the server. Enum-like response fields (statuses, channels) stay
 * open strings: a new value from the server must not turn a 2xx into a validation failure. The known
 * values are listed in the `...` const objects below.
 */
import { z } from 'zod';

import { TimestampSchema } from './common';

const nullableString = z.string().nullish();

/** Call statuses seen in the sources (§9); `busy`/`no-answer`/`ringing` come from the MCP only. */
export const CallStatus = {
  InProgress: 'in-progress',
  Completed: 'completed',
  Failed: 'failed',
  Ending: 'ending',
  Ringing: 'ringing',
  Busy: 'busy',
  NoAnswer: 'no-answer',
} as const;
export type CallStatus = (typeof CallStatus)[keyof typeof CallStatus];

/**
 * Statuses after which a call never changes again. `canceled` is in no AgentPhone source; it completes
 * the Twilio-era vocabulary the MCP-only statuses come from (see {@link isCallLive}).
 */
export const TERMINAL_CALL_STATUSES: ReadonlySet<string> = new Set([
  CallStatus.Completed,
  CallStatus.Failed,
  CallStatus.Busy,
  CallStatus.NoAnswer,
  'canceled',
]);

/**
 * Whether a call with this `status` may still change: true for every status that is not terminal.
 *
 * Unknown values count as live on purpose. The sources name only `in-progress`, `ending` and the
 * MCP's `ringing` as live, yet older vocabularies (the Twilio-era one that `busy`/`no-answer` come
 * from) also use `queued` and `initiated` for a call still being dialled. Reading such a call as over
 * would take its half-empty transcript as final and could lead a flow to call again; reading it as
 * live only keeps the call workflow waiting, bounded by its give-up deadline. Case and `_`/`-` are
 * ignored (REF prose writes `in_progress`).
 *
 * @example isCallLive('in-progress') // true
 * @example isCallLive('initiated') // true: not terminal
 * @example isCallLive('no_answer') // false
 */
export function isCallLive(status: string): boolean {
  return !TERMINAL_CALL_STATUSES.has(
    status
      .trim()
      .toLowerCase()
      .replace(/[_\s]+/g, '-'),
  );
}

// ---------------------------------------------------------------------------------------------------
// §2 Sign-up and verify
// ---------------------------------------------------------------------------------------------------

export const SignUpResponseSchema = z.looseObject({
  verification_id: z.string(),
  human_email: z.string().optional(),
  expires_at: TimestampSchema.optional(),
  message: z.string().optional(),
});

/** The plaintext `api_key` appears here exactly once; the client never logs it. */
export const VerifyResponseSchema = z.looseObject({
  account_id: z.string(),
  agent_id: z.string(),
  number_id: z.string(),
  phone_number: z.string(),
  api_key: z.string(),
});

// ---------------------------------------------------------------------------------------------------
// §3 Usage
// ---------------------------------------------------------------------------------------------------

export const UsageSchema = z.looseObject({
  /** Optional: the seed and REF disagree with the SDK on this block (§11 item 4). */
  plan: z
    .looseObject({
      name: z.string(),
      limits: z
        .looseObject({
          numbers: z.number(),
          messagesPerMonth: z.number(),
          voiceMinutesPerMonth: z.number(),
          maxCallDurationMinutes: z.number(),
          concurrentCalls: z.number(),
        })
        .partial()
        .optional(),
    })
    .nullish(),
  /** The number allowance, the one block the client's callers read (`used` / `limit` / `remaining`). */
  numbers: z.looseObject({ used: z.number(), limit: z.number(), remaining: z.number() }),
  /** Traffic counters: informational, so any of them (or the whole block) may be missing. */
  stats: z
    .looseObject({
      totalMessages: z.number(),
      messagesLast24h: z.number(),
      messagesLast7d: z.number(),
      messagesLast30d: z.number(),
      smsSegmentsLast30d: z.number().optional(),
      totalCalls: z.number(),
      callsLast24h: z.number(),
      callsLast7d: z.number(),
      callsLast30d: z.number(),
      totalWebhookDeliveries: z.number(),
      successfulWebhookDeliveries: z.number(),
      failedWebhookDeliveries: z.number(),
    })
    .partial()
    .optional(),
  periodStart: TimestampSchema.optional(),
  periodEnd: TimestampSchema.optional(),
});

const usageCounts = { messages: z.number(), calls: z.number(), webhooks: z.number() };

export const DailyUsageSchema = z.looseObject({
  data: z.array(z.looseObject({ date: z.string(), ...usageCounts })),
  days: z.number().optional(),
});

export const MonthlyUsageSchema = z.looseObject({
  data: z.array(z.looseObject({ month: z.string(), ...usageCounts })),
  months: z.number().optional(),
});

export const UsageByNumberSchema = z.looseObject({
  data: z.array(
    z.looseObject({
      numberId: z.string(),
      phoneNumber: z.string(),
      country: z.string().optional(),
      status: z.string().optional(),
      agentId: nullableString,
      agentName: nullableString,
      messages: z.number(),
      calls: z.number(),
    }),
  ),
});

export const UsageByAgentSchema = z.looseObject({
  data: z.array(
    z.looseObject({
      agentId: z.string().nullable(),
      agentName: z.string(),
      messages: z.number(),
      calls: z.number(),
      totalSeconds: z.number(),
      isOrphan: z.boolean().optional(),
    }),
  ),
  period: z.string().optional(),
  periodStart: TimestampSchema.optional(),
  periodEnd: TimestampSchema.optional(),
});

// ---------------------------------------------------------------------------------------------------
// §4 Agents and voices
// ---------------------------------------------------------------------------------------------------

/** A number as listed on an agent (`numbers[]`) or returned by attach. */
export const AgentNumberSchema = z.looseObject({
  /** The only field ringflow reads (the number an SMS is sent from). */
  id: z.string(),
  phoneNumber: z.string().optional(),
  status: z.string().optional(),
  type: z.string().optional(),
});

export const AgentSchema = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  description: nullableString,
  /** `webhook` | `hosted`. */
  voiceMode: z.string().optional(),
  enableMessaging: z.boolean().nullish(),
  modelTier: nullableString,
  systemPrompt: nullableString,
  beginMessage: nullableString,
  voice: nullableString,
  transferNumber: nullableString,
  customTools: z.array(z.record(z.string(), z.unknown())).nullish(),
  voicemailMessage: nullableString,
  callScreeningIdentity: nullableString,
  callScreeningPurpose: nullableString,
  sttMode: nullableString,
  ambientSound: nullableString,
  denoisingMode: nullableString,
  maxSilenceMs: z.number().nullish(),
  voiceSpeed: z.number().nullish(),
  interruptionSensitivity: z.number().nullish(),
  enableBackchannel: z.boolean().nullish(),
  language: nullableString,
  createdAt: TimestampSchema.optional(),
  numbers: z.array(AgentNumberSchema).nullish(),
});

export const AgentListResponseSchema = z.looseObject({
  data: z.array(AgentSchema),
  total: z.number(),
  /** Absent from the SDK type (§11 item 17); the page derives "more" from `total` when missing. */
  hasMore: z.boolean().optional(),
});

export const DeleteAgentResponseSchema = z.looseObject({
  success: z.boolean(),
  id: z.string().optional(),
  name: z.string().optional(),
});

export const AttachNumberResponseSchema = z.looseObject({
  agentId: z.string(),
  number: AgentNumberSchema,
});

/** Untyped deletes (detach, webhook delete): the simulator emits `{success: true}`; 204 maps to the same. */
export const SuccessResponseSchema = z.looseObject({
  success: z.boolean(),
});

export const VoiceSchema = z.looseObject({
  voice_id: z.string(),
  voice_name: z.string(),
  provider: nullableString,
  gender: nullableString,
  accent: nullableString,
  preview_audio_url: nullableString,
});

export const VoiceListResponseSchema = z.looseObject({
  data: z.array(VoiceSchema),
});

// ---------------------------------------------------------------------------------------------------
// §5 Numbers and messages
// ---------------------------------------------------------------------------------------------------

export const PhoneNumberSchema = z.looseObject({
  id: z.string(),
  phoneNumber: z.string(),
  country: z.string(),
  /** `active` | `released`. */
  status: z.string(),
  type: z.string().optional(),
  agentId: nullableString,
  /** REF only: 10DLC state (`enabled` | `activating` | `registration_required`). */
  outboundSms: nullableString,
  createdAt: TimestampSchema,
});

export const PhoneNumberListResponseSchema = z.looseObject({
  data: z.array(PhoneNumberSchema),
  hasMore: z.boolean(),
  total: z.number(),
});

export const ReleaseNumberResponseSchema = z.looseObject({
  success: z.boolean(),
  phoneNumber: z.string().optional(),
  status: z.string().optional(),
});

/**
 * An item of `GET /v1/numbers/{number_id}/messages`. The SDK names the sender `from_`, the MCP `from`
 * (§11 item 1); either is accepted and the parsed value always carries `from`.
 */
export const NumberMessageSchema = z
  .looseObject({
    id: z.string(),
    from: z.string().optional(),
    from_: z.string().optional(),
    to: z.string(),
    body: z.string(),
    direction: z.string(),
    channel: nullableString,
    receivedAt: TimestampSchema,
  })
  .refine((message) => message.from !== undefined || message.from_ !== undefined, {
    message: 'a message needs a sender (`from` or `from_`)',
    path: ['from'],
  })
  .transform((message) => ({ ...message, from: (message.from ?? message.from_) as string }));

export const NumberMessageListResponseSchema = z.looseObject({
  data: z.array(NumberMessageSchema),
  hasMore: z.boolean(),
});

/**
 * `POST /v1/messages` response (snake_case). `status` is `sent` on acceptance. Only `id` is required:
 * the SMS has been sent by then, and failing on a missing echo field would retry a send that happened.
 */
export const SendMessageResponseSchema = z.looseObject({
  id: z.string(),
  status: z.string().optional(),
  /** `sms` | `mms` | `imessage` | `whatsapp`. */
  channel: z.string().optional(),
  from_number: z.string().optional(),
  to_number: z.string().optional(),
  conversation_id: nullableString,
  media_urls: z.array(z.string()).nullish(),
  reply_to_message_id: nullableString,
  reply_parent_unresolved: z.boolean().nullish(),
});

// ---------------------------------------------------------------------------------------------------
// §6 Conversations
// ---------------------------------------------------------------------------------------------------

const groupFields = {
  isGroup: z.boolean().optional(),
  groupId: nullableString,
  groupName: nullableString,
  groupIconUrl: nullableString,
  participants: z.array(z.looseObject({ identifier: z.string(), name: nullableString })).nullish(),
};

export const ConversationSummarySchema = z.looseObject({
  id: z.string(),
  agentId: nullableString,
  phoneNumberId: z.string(),
  /** Our number. */
  phoneNumber: z.string(),
  /** The other side, E.164. */
  participant: z.string(),
  lastMessageAt: TimestampSchema,
  lastMessagePreview: nullableString,
  messageCount: z.number(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
  createdAt: TimestampSchema,
  ...groupFields,
});

export const ConversationListResponseSchema = z.looseObject({
  data: z.array(ConversationSummarySchema),
  hasMore: z.boolean(),
  total: z.number(),
});

/** A message inside a conversation: camel `fromNumber`/`toNumber` (unlike number messages). */
export const ConversationMessageSchema = z.looseObject({
  id: z.string(),
  body: z.string(),
  fromNumber: z.string(),
  toNumber: z.string(),
  /** `inbound` | `outbound`. */
  direction: z.string(),
  senderIdentifier: nullableString,
  channel: nullableString,
  mediaUrl: nullableString,
  mediaUrls: z.array(z.string()).nullish(),
  receivedAt: TimestampSchema,
  reactions: z
    .array(
      z.looseObject({
        id: z.string(),
        reactionType: z.string(),
        fromNumber: z.string(),
        direction: z.string(),
        createdAt: TimestampSchema,
      }),
    )
    .nullish(),
  replyTo: z
    .looseObject({ messageId: z.string(), message: z.string(), mediaUrls: z.array(z.string()).nullish() })
    .nullish(),
});

export const ConversationMessageListResponseSchema = z.looseObject({
  data: z.array(ConversationMessageSchema),
  hasMore: z.boolean(),
});

export const ConversationDetailSchema = z.looseObject({
  id: z.string(),
  agentId: nullableString,
  phoneNumberId: z.string(),
  phoneNumber: z.string(),
  participant: z.string(),
  lastMessageAt: TimestampSchema,
  messageCount: z.number(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
  createdAt: TimestampSchema,
  messages: z.array(ConversationMessageSchema),
  capabilities: z.record(z.string(), z.unknown()).nullish(),
  ...groupFields,
});

// ---------------------------------------------------------------------------------------------------
// §7 Calls
// ---------------------------------------------------------------------------------------------------

/**
 * A call as listed. `endedAt`/`durationSeconds` are null while live. Required: `id`, `status` (whether it
 * ended) and `toNumber` (what reconciliation matches a placed call by).
 */
export const CallSummarySchema = z.looseObject({
  id: z.string(),
  agentId: nullableString,
  phoneNumberId: nullableString,
  /** Our number (the agent's line). */
  phoneNumber: nullableString,
  fromNumber: nullableString,
  toNumber: z.string(),
  /** `inbound` | `outbound` | `web`; absent from the SDK type (§11 item 28). */
  direction: nullableString,
  /** `pstn` | `web`. */
  type: nullableString,
  /** See {@link CallStatus}. */
  status: z.string(),
  /** Reconciliation reads it when present; a call without it is simply not matched. */
  startedAt: TimestampSchema.nullish(),
  endedAt: TimestampSchema.nullish(),
  durationSeconds: z.number().nullish(),
  lastTranscriptSnippet: nullableString,
  disconnectionReason: nullableString,
  recordingUrl: nullableString,
  recordingAvailable: z.boolean().nullish(),
  /** Post-call analysis where the server includes it (as on `agent.call_ended`); may be null. */
  summary: nullableString,
  /** `Positive` | `Neutral` | `Negative`. */
  userSentiment: nullableString,
  callSuccessful: z.boolean().nullish(),
});

/** A paired transcript turn on call detail: what the other party said and the agent's answer. */
export const CallTurnSchema = z.looseObject({
  id: z.string(),
  /** The remote party's utterance; may be empty when the agent speaks first. */
  transcript: z.string().nullable(),
  confidence: z.number().nullish(),
  /** The agent's reply, or null. */
  response: nullableString,
  createdAt: TimestampSchema,
});

/** `GET /v1/calls/{call_id}`: the summary plus paired `transcripts` (partial while the call is live). */
export const CallDetailSchema = CallSummarySchema.extend({
  transcripts: z.array(CallTurnSchema).default([]),
});

export const CallListResponseSchema = z.looseObject({
  data: z.array(CallSummarySchema),
  hasMore: z.boolean(),
  total: z.number(),
});

/**
 * `POST /v1/calls`: returned at once, already `in-progress`, without a transcript. Only `id` is required:
 * the call is placed by then, and failing on a missing echo field would make a retry reconcile for nothing.
 */
export const CreateCallResponseSchema = z.looseObject({
  id: z.string(),
  agentId: nullableString,
  phoneNumberId: nullableString,
  fromNumber: nullableString,
  toNumber: nullableString,
  direction: nullableString,
  status: nullableString,
  startedAt: TimestampSchema.nullish(),
});

/** `POST /v1/calls/{call_id}/end`: SDK says the full call, REF says `{id, status: "ending"}`; both parse. */
export const EndCallResponseSchema = z.looseObject({
  id: z.string(),
  status: z.string().optional(),
});

/** One flat transcript line of `GET /v1/calls/{call_id}/transcript` (and SSE `turn` events). */
export const CallTranscriptSchema = z.looseObject({
  /** `user` | `agent`. */
  role: z.string(),
  content: z.string(),
  createdAt: TimestampSchema.nullish(),
});

/** `GET /v1/calls/{call_id}/transcript`: the full ordered transcript. */
export const CallTranscriptResponseSchema = z.looseObject({
  callId: z.string().optional(),
  status: z.string().optional(),
  transcript: z.array(CallTranscriptSchema),
});

/** SSE `ended` event of the transcript stream. */
export const CallStreamEndedSchema = z.looseObject({
  callId: z.string().optional(),
  status: z.string().optional(),
});

// ---------------------------------------------------------------------------------------------------
// §8 Webhook configuration
// ---------------------------------------------------------------------------------------------------

/** A webhook endpoint config. `secret` (`whsec_...`) comes back on every read; never log it. */
export const WebhookSchema = z.looseObject({
  id: z.string(),
  url: z.string(),
  secret: z.string(),
  status: z.string(),
  contextLimit: z.number(),
  timeout: z.number(),
  createdAt: TimestampSchema,
});

/** `GET /v1/webhooks` and `GET /v1/agents/{id}/webhook`: JSON `null` when none is configured. */
export const MaybeWebhookSchema = WebhookSchema.nullable();

export const WebhookDeliverySchema = z.looseObject({
  id: z.string(),
  messageId: nullableString,
  eventType: nullableString,
  channel: nullableString,
  /** `pending` | `success` | `failed`. */
  status: z.string(),
  httpStatus: z.number().nullish(),
  errorMessage: nullableString,
  responseBody: nullableString,
  attemptCount: z.number(),
  lastAttemptAt: TimestampSchema.nullish(),
  nextRetryAt: TimestampSchema.nullish(),
  createdAt: TimestampSchema,
});

/** `GET /v1/webhooks/deliveries`: the delivery-log envelope. */
export const DeliveryListResponseSchema = z.looseObject({
  items: z.array(WebhookDeliverySchema),
  total: z.number(),
  offset: z.number(),
  limit: z.number(),
});

/** `GET /v1/agents/{agent_id}/webhook/deliveries`: a bare array. */
export const AgentDeliveryListResponseSchema = z.array(WebhookDeliverySchema);

export const WebhookDeliveryStatsSchema = z.looseObject({
  total: z.number(),
  success: z.number(),
  failed: z.number(),
  pending: z.number(),
  successRate: z.number(),
  byEventType: z.record(z.string(), z.record(z.string(), z.number())).optional(),
  byHour: z.array(z.record(z.string(), z.unknown())).optional(),
});

export const WebhookAllTimeStatsSchema = z.looseObject({
  total: z.number(),
  success: z.number(),
  failed: z.number(),
  successRate: z.number(),
});

/** Test-delivery result: docs and MCP disagree on names (§11 item 14); all are optional but `success`. */
export const WebhookTestResponseSchema = z.looseObject({
  success: z.boolean(),
  httpStatus: z.number().nullish(),
  statusCode: z.number().nullish(),
  errorMessage: nullableString,
  error: nullableString,
  responseMs: z.number().nullish(),
});

// ---------------------------------------------------------------------------------------------------
// Error bodies (§1.7): FastAPI `detail` (string or validation array) and/or the documented `error`.
// ---------------------------------------------------------------------------------------------------

export const ValidationIssueSchema = z.looseObject({
  loc: z.array(z.union([z.string(), z.number()])).optional(),
  msg: z.string(),
  type: z.string().optional(),
});

export const ErrorEnvelopeSchema = z.looseObject({
  message: z.string().optional(),
  code: z.string().optional(),
  type: z.string().optional(),
  details: z.array(z.looseObject({ field: z.string().optional(), message: z.string().optional() })).nullish(),
});

export const ErrorBodySchema = z.looseObject({
  detail: z.union([z.string(), z.array(ValidationIssueSchema)]).optional(),
  error: ErrorEnvelopeSchema.optional(),
});

// ---------------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------------

export type SignUpResponse = z.infer<typeof SignUpResponseSchema>;
export type VerifyResponse = z.infer<typeof VerifyResponseSchema>;
export type Usage = z.infer<typeof UsageSchema>;
export type DailyUsage = z.infer<typeof DailyUsageSchema>;
export type MonthlyUsage = z.infer<typeof MonthlyUsageSchema>;
export type UsageByNumber = z.infer<typeof UsageByNumberSchema>;
export type UsageByAgent = z.infer<typeof UsageByAgentSchema>;
export type AgentNumber = z.infer<typeof AgentNumberSchema>;
export type Agent = z.infer<typeof AgentSchema>;
export type AgentListResponse = z.infer<typeof AgentListResponseSchema>;
export type DeleteAgentResponse = z.infer<typeof DeleteAgentResponseSchema>;
export type AttachNumberResponse = z.infer<typeof AttachNumberResponseSchema>;
export type SuccessResponse = z.infer<typeof SuccessResponseSchema>;
export type Voice = z.infer<typeof VoiceSchema>;
export type VoiceListResponse = z.infer<typeof VoiceListResponseSchema>;
export type PhoneNumber = z.infer<typeof PhoneNumberSchema>;
export type PhoneNumberListResponse = z.infer<typeof PhoneNumberListResponseSchema>;
export type ReleaseNumberResponse = z.infer<typeof ReleaseNumberResponseSchema>;
export type NumberMessage = z.infer<typeof NumberMessageSchema>;
export type NumberMessageListResponse = z.infer<typeof NumberMessageListResponseSchema>;
export type SendMessageResponse = z.infer<typeof SendMessageResponseSchema>;
export type ConversationSummary = z.infer<typeof ConversationSummarySchema>;
export type ConversationListResponse = z.infer<typeof ConversationListResponseSchema>;
export type ConversationMessage = z.infer<typeof ConversationMessageSchema>;
export type ConversationMessageListResponse = z.infer<typeof ConversationMessageListResponseSchema>;
export type ConversationDetail = z.infer<typeof ConversationDetailSchema>;
export type CallSummary = z.infer<typeof CallSummarySchema>;
export type CallTurn = z.infer<typeof CallTurnSchema>;
export type CallDetail = z.infer<typeof CallDetailSchema>;
export type CallListResponse = z.infer<typeof CallListResponseSchema>;
export type CreateCallResponse = z.infer<typeof CreateCallResponseSchema>;
export type EndCallResponse = z.infer<typeof EndCallResponseSchema>;
export type CallTranscript = z.infer<typeof CallTranscriptSchema>;
export type CallTranscriptResponse = z.infer<typeof CallTranscriptResponseSchema>;
export type CallStreamEnded = z.infer<typeof CallStreamEndedSchema>;
export type Webhook = z.infer<typeof WebhookSchema>;
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;
export type DeliveryListResponse = z.infer<typeof DeliveryListResponseSchema>;
export type WebhookDeliveryStats = z.infer<typeof WebhookDeliveryStatsSchema>;
export type WebhookAllTimeStats = z.infer<typeof WebhookAllTimeStatsSchema>;
export type WebhookTestResponse = z.infer<typeof WebhookTestResponseSchema>;
export type ValidationIssue = z.infer<typeof ValidationIssueSchema>;
export type ErrorBody = z.infer<typeof ErrorBodySchema>;
