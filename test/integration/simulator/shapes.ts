/**
 * Field-type checks written from the official SDK's `.d.ts` (node_modules/agentphone/dist/cjs/api/types).
 * `?` = optional key; `|null` = nullable. A check fails on a missing required key or a wrong type.
 */
import assert from 'node:assert/strict';

type Kind = 'string' | 'number' | 'boolean' | 'object' | 'array';
export type Shape = Record<string, string>;

function kindOf(value: unknown): Kind | 'null' | 'undefined' {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value as Kind | 'undefined';
}

export function assertShape(value: unknown, shape: Shape, where = 'value'): void {
  assert.equal(kindOf(value), 'object', `${where} is an object`);
  const record = value as Record<string, unknown>;
  for (const [rawKey, spec] of Object.entries(shape)) {
    const optional = rawKey.endsWith('?');
    const key = optional ? rawKey.slice(0, -1) : rawKey;
    const allowed = spec.split('|');
    const actual = kindOf(record[key]);
    if (actual === 'undefined') {
      assert.ok(optional, `${where}.${key} is required by the SDK type`);
      continue;
    }
    assert.ok(allowed.includes(actual), `${where}.${key} is ${spec}, got ${actual}`);
  }
}

export const AgentResponse: Shape = {
  id: 'string',
  name: 'string',
  description: 'string|null',
  voiceMode: 'string',
  'enableMessaging?': 'boolean',
  'modelTier?': 'string',
  'systemPrompt?': 'string|null',
  'beginMessage?': 'string|null',
  voice: 'string',
  'transferNumber?': 'string|null',
  'customTools?': 'array|null',
  'voicemailMessage?': 'string|null',
  'sttMode?': 'string',
  'ambientSound?': 'string',
  'denoisingMode?': 'string',
  'maxSilenceMs?': 'number',
  'voiceSpeed?': 'number',
  'interruptionSensitivity?': 'number',
  'enableBackchannel?': 'boolean',
  'language?': 'string',
  createdAt: 'string',
  'numbers?': 'array|null',
};
export const AgentNumberResponse: Shape = {
  id: 'string',
  phoneNumber: 'string',
  status: 'string',
  'type?': 'string',
};
export const PhoneNumberResponse: Shape = {
  id: 'string',
  phoneNumber: 'string',
  country: 'string',
  status: 'string',
  'type?': 'string',
  'agentId?': 'string|null',
  createdAt: 'string',
};
export const CallSummary: Shape = {
  id: 'string',
  agentId: 'string|null',
  phoneNumberId: 'string|null',
  phoneNumber: 'string|null',
  fromNumber: 'string',
  toNumber: 'string',
  status: 'string',
  startedAt: 'string',
  endedAt: 'string|null',
  durationSeconds: 'number|null',
  lastTranscriptSnippet: 'string|null',
};
export const ConversationSummary: Shape = {
  id: 'string',
  'agentId?': 'string|null',
  phoneNumberId: 'string',
  phoneNumber: 'string',
  participant: 'string',
  lastMessageAt: 'string',
  lastMessagePreview: 'string',
  messageCount: 'number',
  'metadata?': 'object|null',
  createdAt: 'string',
};
export const ConversationDetail: Shape = {
  id: 'string',
  'agentId?': 'string|null',
  phoneNumberId: 'string',
  phoneNumber: 'string',
  participant: 'string',
  lastMessageAt: 'string',
  messageCount: 'number',
  'metadata?': 'object|null',
  createdAt: 'string',
  messages: 'array',
};
export const MessageInConversation: Shape = {
  id: 'string',
  body: 'string',
  fromNumber: 'string',
  toNumber: 'string',
  direction: 'string',
  'channel?': 'string|null',
  'mediaUrl?': 'string|null',
  'mediaUrls?': 'array',
  receivedAt: 'string',
};
export const NumberMessage: Shape = {
  id: 'string',
  from_: 'string',
  to: 'string',
  body: 'string',
  direction: 'string',
  'channel?': 'string|null',
  receivedAt: 'string',
};
export const SendMessageResponse: Shape = {
  id: 'string',
  status: 'string',
  channel: 'string',
  from_number: 'string',
  to_number: 'string',
  'conversation_id?': 'string|null',
  'media_urls?': 'array',
  'reply_to_message_id?': 'string|null',
  'reply_parent_unresolved?': 'boolean|null',
};
export const WebhookResponse: Shape = {
  id: 'string',
  url: 'string',
  secret: 'string',
  status: 'string',
  contextLimit: 'number',
  timeout: 'number',
  createdAt: 'string',
};
export const WebhookDeliveryResponse: Shape = {
  id: 'string',
  messageId: 'string|null',
  eventType: 'string|null',
  channel: 'string|null',
  status: 'string',
  httpStatus: 'number|null',
  errorMessage: 'string|null',
  responseBody: 'string|null',
  attemptCount: 'number',
  lastAttemptAt: 'string|null',
  nextRetryAt: 'string|null',
  createdAt: 'string',
};
export const UsageResponse: Shape = {
  plan: 'object',
  numbers: 'object',
  stats: 'object',
  periodStart: 'string',
  periodEnd: 'string',
};
export const PlanLimits: Shape = {
  numbers: 'number',
  messagesPerMonth: 'number',
  voiceMinutesPerMonth: 'number',
  maxCallDurationMinutes: 'number',
  concurrentCalls: 'number',
};
export const UsageStats: Shape = {
  totalMessages: 'number',
  messagesLast24h: 'number',
  messagesLast7d: 'number',
  messagesLast30d: 'number',
  totalCalls: 'number',
  callsLast24h: 'number',
  callsLast7d: 'number',
  callsLast30d: 'number',
  totalWebhookDeliveries: 'number',
  successfulWebhookDeliveries: 'number',
  failedWebhookDeliveries: 'number',
};
export const NumberLimits: Shape = { used: 'number', limit: 'number', remaining: 'number' };
export const DailyUsagePoint: Shape = {
  date: 'string',
  messages: 'number',
  calls: 'number',
  webhooks: 'number',
};
export const MonthlyUsagePoint: Shape = {
  month: 'string',
  messages: 'number',
  calls: 'number',
  webhooks: 'number',
};
export const NumberUsageItem: Shape = {
  numberId: 'string',
  phoneNumber: 'string',
  country: 'string',
  status: 'string',
  'agentId?': 'string|null',
  'agentName?': 'string|null',
  messages: 'number',
  calls: 'number',
};
export const AgentUsageItem: Shape = {
  agentId: 'string|null',
  agentName: 'string',
  messages: 'number',
  calls: 'number',
  totalSeconds: 'number',
  'isOrphan?': 'boolean',
};
export const DeliveryStats: Shape = {
  total: 'number',
  success: 'number',
  failed: 'number',
  pending: 'number',
  successRate: 'number',
  byEventType: 'object',
  byHour: 'array',
};
export const AllTimeStats: Shape = {
  total: 'number',
  success: 'number',
  failed: 'number',
  successRate: 'number',
};
