/**
 * Request bodies and query strings of the AgentPhone API, in the API's own wire casing (it mixes
 * snake_case and camelCase per endpoint). The client types its parameters with these schemas and the
 * simulator validates incoming requests with them, so the two cannot drift.
 *
 * Bodies are `z.object` (unknown keys stripped), matching FastAPI/pydantic's default of ignoring extra
 * fields. Query schemas accept numbers or decimal strings and fill the documented defaults.
 */
import { z } from 'zod';

import {
  E164Schema,
  NanpE164Schema,
  QueryBooleanSchema,
  SecureUrlSchema,
  TimestampSchema,
  queryInt,
} from './common';

// ---------------------------------------------------------------------------------------------------
// Closed sets
// ---------------------------------------------------------------------------------------------------

export const VoiceModeSchema = z.enum(['webhook', 'hosted']);
export const ModelTierSchema = z.enum(['turbo', 'balanced', 'max']);
export const SttModeSchema = z.enum(['fast', 'accurate']);
export const AmbientSoundSchema = z.enum(['none', 'office', 'coffee-shop', 'outdoor']);
export const DenoisingModeSchema = z.enum(['noise-cancellation', 'noise-and-background-speech-cancellation']);
export const NumberCountrySchema = z.enum(['US', 'CA']);
export const SendStyleSchema = z.enum([
  'celebration',
  'fireworks',
  'lasers',
  'love',
  'confetti',
  'balloons',
  'spotlight',
  'echo',
  'invisible',
  'gentle',
  'loud',
  'slam',
]);

// ---------------------------------------------------------------------------------------------------
// §2 Sign-up and verify (snake_case, no auth)
// ---------------------------------------------------------------------------------------------------

/** `POST /v0/agent/sign-up`. `agent_name` longer than 100 chars is truncated by the server, not refused. */
export const SignUpRequestSchema = z.object({
  human_email: z.string().min(6).max(200).includes('@', { message: 'must be an email address' }),
  agent_name: z.string().nullish(),
});

/** `POST /v0/agent/verify`. A wrong or malformed code is a 400 from the server, not a schema error. */
export const VerifyRequestSchema = z.object({
  verification_id: z.string().min(1),
  otp_code: z.string().min(1),
  source: z.string().nullish(),
});

// ---------------------------------------------------------------------------------------------------
// §4 Agents (camelCase)
// ---------------------------------------------------------------------------------------------------

/** One hosted-agent tool (`customTools[]`). */
export const CustomToolSchema = z.object({
  name: z.string().min(1),
  description: z.string(),
  url: SecureUrlSchema,
  method: z.enum(['GET', 'POST']).optional(),
  headers: z.record(z.string(), z.string().nullable()).nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  timeoutMs: z.number().int().min(1000).max(120_000).nullish(),
  speakDuringExecution: z.boolean().nullish(),
  executionMessage: z.string().nullish(),
});

const agentFields = {
  name: z.string().min(1),
  description: z.string().nullish(),
  voiceMode: VoiceModeSchema.optional(),
  enableMessaging: z.boolean().nullish(),
  modelTier: ModelTierSchema.optional(),
  systemPrompt: z.string().nullish(),
  beginMessage: z.string().nullish(),
  voice: z.string().nullish(),
  transferNumber: NanpE164Schema.nullish(),
  customTools: z.array(CustomToolSchema).max(20).nullish(),
  voicemailMessage: z.string().max(1000).nullish(),
  callScreeningIdentity: z.string().max(100).nullish(),
  callScreeningPurpose: z.string().max(300).nullish(),
  sttMode: SttModeSchema.optional(),
  ambientSound: AmbientSoundSchema.optional(),
  denoisingMode: DenoisingModeSchema.optional(),
  maxSilenceMs: z.number().int().min(10_000).max(3_600_000).nullish(),
  voiceSpeed: z.number().min(0.5).max(2).nullish(),
  interruptionSensitivity: z.number().min(0).max(1).nullish(),
  enableBackchannel: z.boolean().nullish(),
  /** BCP-47 tag such as `en-US`; the SDK lists 63 values, the server is the judge of which it accepts. */
  language: z.string().min(2).optional(),
};

/** `POST /v1/agents`: `name` is required; a hosted agent needs a `systemPrompt` (422 otherwise). */
export const CreateAgentRequestSchema = z.object(agentFields).superRefine((agent, ctx) => {
  if (agent.voiceMode === 'hosted' && !agent.systemPrompt) {
    ctx.addIssue({ code: 'custom', path: ['systemPrompt'], message: 'a hosted agent needs a systemPrompt' });
  }
});

/** `PATCH /v1/agents/{agent_id}`: any subset of the create fields (mode switches are checked by the server). */
export const UpdateAgentRequestSchema = z.object(agentFields).partial();

/** `POST /v1/agents/{agent_id}/numbers` (camel `numberId`). */
export const AttachNumberRequestSchema = z.object({
  numberId: z.string().min(1),
});

// ---------------------------------------------------------------------------------------------------
// §5 Numbers and messages
// ---------------------------------------------------------------------------------------------------

/** `POST /v1/numbers` (buy a number). `country` defaults to US server-side. */
export const CreateNumberRequestSchema = z.object({
  country: NumberCountrySchema.optional(),
  areaCode: z
    .string()
    .regex(/^\d{3}$/, 'must be a 3-digit area code')
    .nullish(),
  agentId: z.string().min(1).nullish(),
});

/**
 * `POST /v1/messages` (snake_case). `to_number` accepts any format and the server normalises it; either
 * `to_number` or `recipients` must be given, and `body` may be empty only when media is attached.
 */
export const SendMessageRequestSchema = z
  .object({
    agent_id: z.string().min(1).nullish(),
    to_number: z.string().min(1).nullish(),
    recipients: z.array(z.string().min(1)).min(1).nullish(),
    body: z.string(),
    media_url: SecureUrlSchema.nullish(),
    media_urls: z.array(SecureUrlSchema).min(1).max(20).nullish(),
    number_id: z.string().min(1).nullish(),
    from_number: E164Schema.nullish(),
    send_style: SendStyleSchema.nullish(),
    reply_to_message_id: z.string().min(1).nullish(),
  })
  .superRefine((message, ctx) => {
    if (!message.to_number && !message.recipients) {
      ctx.addIssue({ code: 'custom', path: ['to_number'], message: 'to_number or recipients is required' });
    }
    const hasMedia = Boolean(message.media_url) || (message.media_urls?.length ?? 0) > 0;
    if (message.body === '' && !hasMedia) {
      ctx.addIssue({
        code: 'custom',
        path: ['body'],
        message: 'body may be empty only when media is attached',
      });
    }
  });

// ---------------------------------------------------------------------------------------------------
// §6 Conversations
// ---------------------------------------------------------------------------------------------------

/** `PATCH /v1/conversations/{conversation_id}`: `metadata` replaces the stored object (null clears it). */
export const UpdateConversationRequestSchema = z.object({
  metadata: z.record(z.string(), z.unknown()).nullish(),
  group_name: z.string().nullish(),
});

// ---------------------------------------------------------------------------------------------------
// §7 Calls (camelCase)
// ---------------------------------------------------------------------------------------------------

/** `POST /v1/calls`: place an outbound call. `toNumber` must already be E.164. */
export const CreateCallRequestSchema = z.object({
  agentId: z.string().min(1),
  toNumber: E164Schema,
  systemPrompt: z.string().nullish(),
  initialGreeting: z.string().nullish(),
  fromNumberId: z.string().min(1).nullish(),
  voice: z.string().nullish(),
  modelTier: ModelTierSchema.nullish(),
  variables: z.record(z.string(), z.string().nullable()).nullish(),
  callScreeningIdentity: z.string().max(100).nullish(),
  callScreeningPurpose: z.string().max(300).nullish(),
  disableRecording: z.boolean().nullish(),
  /** MCP-only long-poll extra; ringflow does not rely on it. */
  waitForCompletion: z.boolean().nullish(),
  maxWaitSeconds: z.number().int().min(1).max(600).nullish(),
});

// ---------------------------------------------------------------------------------------------------
// §8 Webhook configuration
// ---------------------------------------------------------------------------------------------------

/** `POST /v1/webhooks` and `POST /v1/agents/{agent_id}/webhook`. */
export const WebhookCreateRequestSchema = z.object({
  url: SecureUrlSchema,
  contextLimit: z.number().int().min(0).max(50).nullish(),
  timeout: z.number().int().min(5).max(120).nullish(),
});

/** Optional body of `POST /v1/webhooks/test` (the MCP sends `agentId` here; the SDK uses the query). */
export const WebhookTestRequestSchema = z.object({
  agentId: z.string().min(1).nullish(),
});

// ---------------------------------------------------------------------------------------------------
// Query strings
// ---------------------------------------------------------------------------------------------------

/** Offset lists (`/v1/numbers`, `/v1/calls`, `/v1/conversations`, `/v1/agents`, ...): limit 1–100, default 20. */
export const OffsetPageQuerySchema = z.object({
  limit: queryInt(1, 100).default(20),
  offset: queryInt(0).default(0),
});

/** Time-cursor lists (number and conversation messages): limit 1–200, default 50; `before`/`after` exclusive. */
export const CursorPageQuerySchema = z.object({
  limit: queryInt(1, 200).default(50),
  before: TimestampSchema.optional(),
  after: TimestampSchema.optional(),
});

/**
 * `GET /v1/calls` filters. `status` stays an open string: the SDK types it as one, and the simulator's
 * MCP-style mode adds `busy` / `no-answer`.
 */
export const ListCallsQuerySchema = OffsetPageQuerySchema.extend({
  status: z.string().min(1).optional(),
  direction: z.enum(['inbound', 'outbound']).optional(),
  type: z.enum(['pstn', 'web']).optional(),
  search: z.string().min(1).optional(),
});

/** `GET /v1/calls/{call_id}` long-poll extras (MCP only): `wait=true&timeout=10..300`. */
export const RetrieveCallQuerySchema = z.object({
  wait: QueryBooleanSchema.optional(),
  timeout: queryInt(10, 300).optional(),
});

/**
 * `GET /v1/conversations/{conversation_id}`: `message_limit` 1–100, default 50. An older community copy
 * spells it `messageLimit`; that spelling is accepted and folded into `message_limit`.
 */
export const ConversationDetailQuerySchema = z.preprocess(
  (raw) => {
    if (raw && typeof raw === 'object' && !('message_limit' in raw) && 'messageLimit' in raw) {
      const { messageLimit, ...rest } = raw as Record<string, unknown>;
      return { ...rest, message_limit: messageLimit };
    }
    return raw;
  },
  z.object({ message_limit: queryInt(1, 100).default(50) }),
);

/** `GET /v1/webhooks/deliveries`: limit 1–100 (default 50), offset, hours 1–168. */
export const DeliveriesQuerySchema = z.object({
  limit: queryInt(1, 100).default(50),
  offset: queryInt(0).default(0),
  hours: queryInt(1, 168).optional(),
});

/** `GET /v1/agents/{agent_id}/webhook/deliveries` (bare array): limit default 50; the 100 cap is our choice. */
export const AgentDeliveriesQuerySchema = z.object({
  limit: queryInt(1, 100).default(50),
});

/** `GET /v1/webhooks/deliveries/stats`: window in hours, default 24. */
export const DeliveryStatsQuerySchema = z.object({
  hours: queryInt(1, 168).default(24),
});

/** `POST /v1/webhooks/test`: optional `agentId` (camel) picks the agent shown in the fake payload. */
export const WebhookTestQuerySchema = z.object({
  agentId: z.string().min(1).optional(),
});

/** `GET /v1/usage/daily`: days 1–365, default 30. */
export const UsageDailyQuerySchema = z.object({
  days: queryInt(1, 365).default(30),
});

/** `GET /v1/usage/monthly`: months 1–24, default 6. */
export const UsageMonthlyQuerySchema = z.object({
  months: queryInt(1, 24).default(6),
});

/** `GET /v1/usage/by-agent`: period week|month|year (default month), optional IANA `tz`. */
export const UsageByAgentQuerySchema = z.object({
  period: z.enum(['week', 'month', 'year']).default('month'),
  tz: z.string().min(1).optional(),
});

// ---------------------------------------------------------------------------------------------------
// Types: `...Params` is what a caller may pass (defaults optional), `...Request` what the server sees.
// ---------------------------------------------------------------------------------------------------

export type SignUpRequest = z.infer<typeof SignUpRequestSchema>;
export type VerifyRequest = z.infer<typeof VerifyRequestSchema>;
export type CustomTool = z.infer<typeof CustomToolSchema>;
export type CreateAgentRequest = z.infer<typeof CreateAgentRequestSchema>;
export type UpdateAgentRequest = z.infer<typeof UpdateAgentRequestSchema>;
export type AttachNumberRequest = z.infer<typeof AttachNumberRequestSchema>;
export type CreateNumberRequest = z.infer<typeof CreateNumberRequestSchema>;
export type SendMessageRequest = z.infer<typeof SendMessageRequestSchema>;
export type UpdateConversationRequest = z.infer<typeof UpdateConversationRequestSchema>;
export type CreateCallRequest = z.infer<typeof CreateCallRequestSchema>;
export type WebhookCreateRequest = z.infer<typeof WebhookCreateRequestSchema>;

/**
 * What a client passes for a query: the schema's input with integers as numbers only (the string form
 * exists for the simulator, which reads them from a query string).
 */
type ClientQuery<S extends z.ZodType> = {
  [K in keyof z.input<S>]: number extends z.input<S>[K] ? Exclude<z.input<S>[K], string> : z.input<S>[K];
};

export type OffsetPageQuery = ClientQuery<typeof OffsetPageQuerySchema>;
export type CursorPageQuery = ClientQuery<typeof CursorPageQuerySchema>;
export type ListCallsQuery = ClientQuery<typeof ListCallsQuerySchema>;
export type RetrieveCallQuery = ClientQuery<typeof RetrieveCallQuerySchema>;
export type ConversationDetailQuery = { message_limit?: number };
export type DeliveriesQuery = ClientQuery<typeof DeliveriesQuerySchema>;
export type AgentDeliveriesQuery = ClientQuery<typeof AgentDeliveriesQuerySchema>;
export type DeliveryStatsQuery = ClientQuery<typeof DeliveryStatsQuerySchema>;
export type WebhookTestQuery = ClientQuery<typeof WebhookTestQuerySchema>;
export type UsageDailyQuery = ClientQuery<typeof UsageDailyQuerySchema>;
export type UsageMonthlyQuery = ClientQuery<typeof UsageMonthlyQuerySchema>;
export type UsageByAgentQuery = ClientQuery<typeof UsageByAgentQuerySchema>;
