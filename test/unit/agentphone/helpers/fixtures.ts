/** Wire-shaped sample bodies, built like the spec's examples. */
export const T = '2026-04-19T17:20:11Z';

export const agent = (id = 'agt_0a1b2c3d4e5f6071') => ({
  id,
  name: 'Booker',
  description: null,
  voiceMode: 'hosted',
  voice: 'custom_voice_ea22ba5fdfaa18f39c274851c1',
  createdAt: T,
  numbers: [{ id: 'num_8f3a2b7c9d4e5f01', phoneNumber: '+14155551234', status: 'active', type: 'sms' }],
});

export const phoneNumber = (id = 'num_8f3a2b7c9d4e5f01') => ({
  id,
  phoneNumber: '+14155551234',
  country: 'US',
  status: 'active',
  agentId: null,
  createdAt: T,
});

export const callSummary = (id = 'call_9d8c7b6a5f4e3d21') => ({
  id,
  agentId: 'agt_0a1b2c3d4e5f6071',
  phoneNumberId: 'num_8f3a2b7c9d4e5f01',
  phoneNumber: '+14155551234',
  fromNumber: '+14155551234',
  toNumber: '+14155559999',
  direction: 'outbound',
  type: 'pstn',
  status: 'completed',
  startedAt: T,
  endedAt: '2026-04-19T17:21:40Z',
  durationSeconds: 89,
  lastTranscriptSnippet: 'Great, see you Saturday.',
});

export const conversationSummary = (id = 'conv_2b3c4d5e6f708192') => ({
  id,
  agentId: 'agt_0a1b2c3d4e5f6071',
  phoneNumberId: 'num_8f3a2b7c9d4e5f01',
  phoneNumber: '+14155551234',
  participant: '+14155559999',
  lastMessageAt: T,
  lastMessagePreview: 'See you then',
  messageCount: 2,
  metadata: null,
  createdAt: T,
});

export const conversationMessage = (id: string, receivedAt: string) => ({
  id,
  body: 'hello',
  fromNumber: '+14155559999',
  toNumber: '+14155551234',
  direction: 'inbound',
  receivedAt,
});

export const numberMessage = (id: string, receivedAt: string) => ({
  id,
  from_: '+14155559999',
  to: '+14155551234',
  body: 'hello',
  direction: 'inbound',
  receivedAt,
});

export const webhook = () => ({
  id: 'wh_1a2b3c4d5e6f7081',
  url: 'https://hooks.example.com/agentphone',
  secret: 'whsec_supersecretvalue123',
  status: 'active',
  contextLimit: 10,
  timeout: 30,
  createdAt: T,
});

export const delivery = (id: string) => ({
  id,
  messageId: null,
  eventType: 'agent.call_ended',
  channel: 'voice',
  status: 'success',
  httpStatus: 200,
  errorMessage: null,
  responseBody: null,
  attemptCount: 1,
  lastAttemptAt: T,
  nextRetryAt: null,
  createdAt: T,
});

export const usage = () => ({
  plan: {
    name: 'payg',
    limits: {
      numbers: 10,
      messagesPerMonth: 0,
      voiceMinutesPerMonth: 0,
      maxCallDurationMinutes: 30,
      concurrentCalls: 5,
    },
  },
  numbers: { used: 1, limit: 10, remaining: 9 },
  stats: {
    totalMessages: 0,
    messagesLast24h: 0,
    messagesLast7d: 0,
    messagesLast30d: 0,
    smsSegmentsLast30d: 0,
    totalCalls: 3,
    callsLast24h: 1,
    callsLast7d: 2,
    callsLast30d: 3,
    totalWebhookDeliveries: 0,
    successfulWebhookDeliveries: 0,
    failedWebhookDeliveries: 0,
  },
  periodStart: '2026-04-01T00:00:00Z',
  periodEnd: '2026-05-01T00:00:00Z',
});
