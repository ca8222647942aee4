import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { AgentPhone } from '../../../agentphone';
import * as f from './helpers/fixtures';
import { ScriptedServer, type ScriptedResponse } from './helpers/scripted-server';
import { countByRoute } from '../../helpers/routes';

interface Case {
  name: string;
  call: (client: AgentPhone) => PromiseLike<unknown>;
  reply: ScriptedResponse;
  method: string;
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** Whether the API key must be sent (false: must not be). */
  auth?: boolean;
  /** Each case reads its own endpoint's fields; typing 45 result shapes here would add noise, not safety. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  check: (result: any) => void;
}

const AGENT = 'agt_0a1b2c3d4e5f6071';
const NUMBER = 'num_8f3a2b7c9d4e5f01';
const CALL = 'call_9d8c7b6a5f4e3d21';
const CONV = 'conv_2b3c4d5e6f708192';

const cases: Case[] = [
  // §2 sign-up and verify (snake_case, no auth)
  {
    name: 'account.signUp posts snake_case fields without an API key',
    call: (c) => c.account.signUp({ human_email: 'owner@example.com', agent_name: 'Booker' }),
    reply: {
      body: {
        verification_id: 'ver_3c1d9a7e5b2f4a60',
        human_email: 'owner@example.com',
        expires_at: f.T,
        message: 'check mail',
      },
    },
    method: 'POST',
    path: '/v0/agent/sign-up',
    body: { human_email: 'owner@example.com', agent_name: 'Booker' },
    auth: false,
    check: (r) => assert.equal(r.verification_id, 'ver_3c1d9a7e5b2f4a60'),
  },
  {
    name: 'account.verify posts the code and returns the new api_key',
    call: (c) => c.account.verify({ verification_id: 'ver_1', otp_code: '123456' }),
    reply: {
      body: {
        account_id: 'acct_1',
        agent_id: AGENT,
        number_id: NUMBER,
        phone_number: '+14155551234',
        api_key: 'sk_live_new',
      },
    },
    method: 'POST',
    path: '/v0/agent/verify',
    body: { verification_id: 'ver_1', otp_code: '123456' },
    auth: false,
    check: (r) => assert.equal(r.api_key, 'sk_live_new'),
  },
  // §3 usage
  {
    name: 'account.usage reads the usage summary',
    call: (c) => c.account.usage(),
    reply: { body: f.usage() },
    method: 'GET',
    path: '/v1/usage',
    check: (r) => assert.equal(r.numbers.remaining, 9),
  },
  {
    name: 'usage.daily passes days',
    call: (c) => c.usage.daily({ days: 7 }),
    reply: { body: { data: [{ date: '2026-04-19', messages: 1, calls: 2, webhooks: 3 }], days: 7 } },
    method: 'GET',
    path: '/v1/usage/daily',
    query: { days: '7' },
    check: (r) => assert.equal(r.data[0].calls, 2),
  },
  {
    name: 'usage.monthly passes months',
    call: (c) => c.usage.monthly({ months: 2 }),
    reply: { body: { data: [{ month: '2026-04', messages: 1, calls: 2, webhooks: 3 }], months: 2 } },
    method: 'GET',
    path: '/v1/usage/monthly',
    query: { months: '2' },
    check: (r) => assert.equal(r.data[0].month, '2026-04'),
  },
  {
    name: 'usage.byNumber reads per-number counts',
    call: (c) => c.usage.byNumber(),
    reply: {
      body: {
        data: [
          {
            numberId: NUMBER,
            phoneNumber: '+14155551234',
            country: 'US',
            status: 'active',
            messages: 4,
            calls: 5,
          },
        ],
      },
    },
    method: 'GET',
    path: '/v1/usage/by-number',
    check: (r) => assert.equal(r.data[0].calls, 5),
  },
  {
    name: 'usage.byAgent passes period and tz',
    call: (c) => c.usage.byAgent({ period: 'week', tz: 'America/Chicago' }),
    reply: {
      body: {
        data: [{ agentId: null, agentName: 'Unassigned', messages: 0, calls: 1, totalSeconds: 60 }],
        period: 'week',
        periodStart: f.T,
        periodEnd: f.T,
      },
    },
    method: 'GET',
    path: '/v1/usage/by-agent',
    query: { period: 'week', tz: 'America/Chicago' },
    check: (r) => assert.equal(r.data[0].agentId, null),
  },
  // §4 agents
  {
    name: 'agents.list passes limit and offset',
    call: (c) => c.agents.list({ limit: 5, offset: 10 }),
    reply: { body: { data: [f.agent()], total: 11 } },
    method: 'GET',
    path: '/v1/agents',
    query: { limit: '5', offset: '10' },
    check: (r) => {
      assert.equal(r.data[0].id, AGENT);
      assert.equal(r.hasMore, false);
      assert.equal(r.total, 11);
    },
  },
  {
    name: 'agents.create posts camelCase fields',
    call: (c) =>
      c.agents.create({
        name: 'Booker',
        voiceMode: 'hosted',
        systemPrompt: 'Book tables',
        maxSilenceMs: 20_000,
      }),
    reply: { body: f.agent() },
    method: 'POST',
    path: '/v1/agents',
    body: { name: 'Booker', voiceMode: 'hosted', systemPrompt: 'Book tables', maxSilenceMs: 20_000 },
    check: (r) => assert.equal(r.voiceMode, 'hosted'),
  },
  {
    name: 'agents.retrieve reads one agent with its numbers',
    call: (c) => c.agents.retrieve(AGENT),
    reply: { body: f.agent() },
    method: 'GET',
    path: `/v1/agents/${AGENT}`,
    check: (r) => assert.equal(r.numbers[0].phoneNumber, '+14155551234'),
  },
  {
    name: 'agents.update patches a subset',
    call: (c) => c.agents.update(AGENT, { voicemailMessage: 'Call us back' }),
    reply: { body: { ...f.agent(), voicemailMessage: 'Call us back' } },
    method: 'PATCH',
    path: `/v1/agents/${AGENT}`,
    body: { voicemailMessage: 'Call us back' },
    check: (r) => assert.equal(r.voicemailMessage, 'Call us back'),
  },
  {
    name: 'agents.delete deletes',
    call: (c) => c.agents.delete(AGENT),
    reply: { body: { success: true, id: AGENT, name: 'Booker' } },
    method: 'DELETE',
    path: `/v1/agents/${AGENT}`,
    check: (r) => assert.equal(r.name, 'Booker'),
  },
  {
    name: 'agents.attachNumber posts camel numberId',
    call: (c) => c.agents.attachNumber(AGENT, { numberId: NUMBER }),
    reply: {
      body: {
        agentId: AGENT,
        number: { id: NUMBER, phoneNumber: '+14155551234', status: 'active', type: 'sms' },
      },
    },
    method: 'POST',
    path: `/v1/agents/${AGENT}/numbers`,
    body: { numberId: NUMBER },
    check: (r) => assert.equal(r.number.id, NUMBER),
  },
  {
    name: 'agents.detachNumber treats an empty 204 as success',
    call: (c) => c.agents.detachNumber(AGENT, NUMBER),
    reply: { status: 204 },
    method: 'DELETE',
    path: `/v1/agents/${AGENT}/numbers/${NUMBER}`,
    check: (r) => assert.deepEqual(r, { success: true }),
  },
  {
    name: 'agents.calls lists the agent calls',
    call: (c) => c.agents.calls(AGENT, { limit: 50 }),
    reply: { body: { data: [f.callSummary()], hasMore: false, total: 1 } },
    method: 'GET',
    path: `/v1/agents/${AGENT}/calls`,
    query: { limit: '50' },
    check: (r) => assert.equal(r.data[0].durationSeconds, 89),
  },
  {
    name: 'agents.conversations lists the agent conversations',
    call: (c) => c.agents.conversations(AGENT),
    reply: { body: { data: [f.conversationSummary()], hasMore: false, total: 1 } },
    method: 'GET',
    path: `/v1/agents/${AGENT}/conversations`,
    check: (r) => assert.equal(r.data[0].participant, '+14155559999'),
  },
  {
    name: 'agents.voices reads snake_case voices',
    call: (c) => c.agents.voices(),
    reply: {
      body: {
        data: [
          {
            voice_id: 'v1',
            voice_name: 'Skylar',
            provider: 'x',
            gender: null,
            accent: null,
            preview_audio_url: null,
          },
        ],
      },
    },
    method: 'GET',
    path: '/v1/agents/voices',
    check: (r) => assert.equal(r.data[0].voice_name, 'Skylar'),
  },
  // §5 numbers and messages
  {
    name: 'numbers.list lists numbers',
    call: (c) => c.numbers.list({ limit: 2 }),
    reply: { body: { data: [f.phoneNumber()], hasMore: false, total: 1 } },
    method: 'GET',
    path: '/v1/numbers',
    query: { limit: '2' },
    check: (r) => assert.equal(r.data[0].country, 'US'),
  },
  {
    name: 'numbers.create buys with camel areaCode',
    call: (c) => c.numbers.create({ country: 'US', areaCode: '415', agentId: AGENT }),
    reply: { body: f.phoneNumber() },
    method: 'POST',
    path: '/v1/numbers',
    body: { country: 'US', areaCode: '415', agentId: AGENT },
    check: (r) => assert.equal(r.id, NUMBER),
  },
  {
    name: 'numbers.retrieve reads one number',
    call: (c) => c.numbers.retrieve(NUMBER),
    reply: { body: { ...f.phoneNumber(), status: 'released' } },
    method: 'GET',
    path: `/v1/numbers/${NUMBER}`,
    check: (r) => assert.equal(r.status, 'released'),
  },
  {
    name: 'numbers.release deletes',
    call: (c) => c.numbers.release(NUMBER),
    reply: { body: { success: true, phoneNumber: '+14155551234', status: 'released' } },
    method: 'DELETE',
    path: `/v1/numbers/${NUMBER}`,
    check: (r) => assert.equal(r.status, 'released'),
  },
  {
    name: 'numbers.messages passes the time cursor and exposes from_ as from',
    call: (c) => c.numbers.messages(NUMBER, { after: f.T, limit: 200 }),
    reply: { body: { data: [f.numberMessage('msg_1', '2026-04-19T17:25:02Z')], hasMore: false } },
    method: 'GET',
    path: `/v1/numbers/${NUMBER}/messages`,
    query: { after: f.T, limit: '200' },
    check: (r) => assert.equal(r.data[0].from, '+14155559999'),
  },
  {
    name: 'numbers.calls lists calls on a number',
    call: (c) => c.numbers.calls(NUMBER, { offset: 20 }),
    reply: { body: { data: [f.callSummary()], hasMore: false, total: 21 } },
    method: 'GET',
    path: `/v1/numbers/${NUMBER}/calls`,
    query: { offset: '20' },
    check: (r) => assert.equal(r.total, 21),
  },
  {
    name: 'messages.send posts snake_case with the recipient normalised to E.164',
    call: (c) => c.messages.send({ agent_id: AGENT, to_number: '(415) 555-9999', body: 'Booked!' }),
    reply: {
      body: {
        id: 'msg_5e6f708192a3b4c5',
        status: 'sent',
        channel: 'sms',
        from_number: '+14155551234',
        to_number: '+14155559999',
        conversation_id: CONV,
        media_urls: [],
        reply_to_message_id: null,
        reply_parent_unresolved: null,
      },
    },
    method: 'POST',
    path: '/v1/messages',
    body: { agent_id: AGENT, to_number: '+14155559999', body: 'Booked!' },
    check: (r) => assert.equal(r.conversation_id, CONV),
  },
  // §6 conversations
  {
    name: 'conversations.list lists conversations',
    call: (c) => c.conversations.list({ limit: 3 }),
    reply: { body: { data: [f.conversationSummary()], hasMore: false, total: 1 } },
    method: 'GET',
    path: '/v1/conversations',
    query: { limit: '3' },
    check: (r) => assert.equal(r.data[0].id, CONV),
  },
  {
    name: 'conversations.retrieve passes snake message_limit',
    call: (c) => c.conversations.retrieve(CONV, { message_limit: 10 }),
    reply: { body: { ...f.conversationSummary(), messages: [f.conversationMessage('msg_1', f.T)] } },
    method: 'GET',
    path: `/v1/conversations/${CONV}`,
    query: { message_limit: '10' },
    check: (r) => assert.equal(r.messages[0].fromNumber, '+14155559999'),
  },
  {
    name: 'conversations.update patches metadata and group_name',
    call: (c) => c.conversations.update(CONV, { metadata: { orderId: 'ORD-1' }, group_name: 'Team' }),
    reply: { body: { ...f.conversationSummary(), metadata: { orderId: 'ORD-1' }, messages: [] } },
    method: 'PATCH',
    path: `/v1/conversations/${CONV}`,
    body: { metadata: { orderId: 'ORD-1' }, group_name: 'Team' },
    check: (r) => assert.deepEqual(r.metadata, { orderId: 'ORD-1' }),
  },
  {
    name: 'conversations.messages passes the time cursor',
    call: (c) => c.conversations.messages(CONV, { before: f.T }),
    reply: { body: { data: [f.conversationMessage('msg_1', '2026-04-19T17:00:00Z')], hasMore: false } },
    method: 'GET',
    path: `/v1/conversations/${CONV}/messages`,
    query: { before: f.T },
    check: (r) => assert.equal(r.data[0].toNumber, '+14155551234'),
  },
  // §7 calls
  {
    name: 'calls.create posts camelCase fields',
    call: (c) =>
      c.calls.create({
        agentId: AGENT,
        toNumber: '+14155559999',
        systemPrompt: 'Book a table',
        variables: { name: 'Manav' },
      }),
    reply: {
      body: {
        id: CALL,
        agentId: AGENT,
        phoneNumberId: NUMBER,
        fromNumber: '+14155551234',
        toNumber: '+14155559999',
        direction: 'outbound',
        status: 'in-progress',
        startedAt: f.T,
      },
    },
    method: 'POST',
    path: '/v1/calls',
    body: {
      agentId: AGENT,
      toNumber: '+14155559999',
      systemPrompt: 'Book a table',
      variables: { name: 'Manav' },
    },
    check: (r) => assert.equal(r.status, 'in-progress'),
  },
  {
    name: 'calls.list passes filters',
    call: (c) =>
      c.calls.list({ status: 'completed', direction: 'outbound', type: 'pstn', search: '555', limit: 10 }),
    reply: { body: { data: [f.callSummary()], hasMore: false, total: 1 } },
    method: 'GET',
    path: '/v1/calls',
    query: { status: 'completed', direction: 'outbound', type: 'pstn', search: '555', limit: '10' },
    check: (r) => assert.equal(r.data[0].id, CALL),
  },
  {
    name: 'calls.retrieve parses paired transcripts',
    call: (c) => c.calls.retrieve(CALL),
    reply: {
      body: {
        ...f.callSummary(),
        transcripts: [
          {
            id: 'tr_1',
            transcript: 'Hello, Lovely Nails.',
            confidence: 0.94,
            response: 'Hi!',
            createdAt: f.T,
          },
        ],
      },
    },
    method: 'GET',
    path: `/v1/calls/${CALL}`,
    check: (r) => assert.equal(r.transcripts[0].response, 'Hi!'),
  },
  {
    name: 'calls.end posts without a body',
    call: (c) => c.calls.end(CALL),
    reply: { body: { id: CALL, status: 'ending' } },
    method: 'POST',
    path: `/v1/calls/${CALL}/end`,
    check: (r) => assert.equal(r.status, 'ending'),
  },
  {
    name: 'calls.transcript parses flat lines',
    call: (c) => c.calls.transcript(CALL),
    reply: {
      body: {
        callId: CALL,
        status: 'completed',
        transcript: [{ role: 'user', content: 'Saturday works', createdAt: f.T }],
      },
    },
    method: 'GET',
    path: `/v1/calls/${CALL}/transcript`,
    check: (r) => assert.equal(r.transcript[0].role, 'user'),
  },
  {
    name: 'calls.recording returns the bytes, content type and file name',
    call: (c) => c.calls.recording(CALL),
    reply: {
      body: new Uint8Array([82, 73, 70, 70, 0, 1, 2]),
      headers: {
        'content-type': 'audio/wav',
        'content-disposition': `attachment; filename="recording-${CALL}.wav"`,
      },
    },
    method: 'GET',
    path: `/v1/calls/${CALL}/recording`,
    check: (r) => {
      assert.deepEqual([...r.data], [82, 73, 70, 70, 0, 1, 2]);
      assert.equal(r.contentType, 'audio/wav');
      assert.equal(r.filename, `recording-${CALL}.wav`);
    },
  },
  // §8 webhooks
  {
    name: 'webhooks.get returns null when none is configured',
    call: (c) => c.webhooks.get(),
    reply: { body: 'null', headers: { 'content-type': 'application/json' } },
    method: 'GET',
    path: '/v1/webhooks',
    check: (r) => assert.equal(r, null),
  },
  {
    name: 'webhooks.set posts url, contextLimit and timeout',
    call: (c) =>
      c.webhooks.set({ url: 'https://hooks.example.com/agentphone', contextLimit: 5, timeout: 20 }),
    reply: { body: f.webhook() },
    method: 'POST',
    path: '/v1/webhooks',
    body: { url: 'https://hooks.example.com/agentphone', contextLimit: 5, timeout: 20 },
    check: (r) => assert.equal(r.secret, 'whsec_supersecretvalue123'),
  },
  {
    name: 'webhooks.delete deletes the account webhook',
    call: (c) => c.webhooks.delete(),
    reply: { body: { success: true } },
    method: 'DELETE',
    path: '/v1/webhooks',
    check: (r) => assert.equal(r.success, true),
  },
  {
    name: 'webhooks.test sends agentId in the query (camelCase)',
    call: (c) => c.webhooks.test({ agentId: AGENT }),
    reply: {
      body: {
        success: true,
        httpStatus: 200,
        statusCode: 200,
        errorMessage: null,
        error: null,
        responseMs: 12,
      },
    },
    method: 'POST',
    path: '/v1/webhooks/test',
    query: { agentId: AGENT },
    check: (r) => assert.equal(r.responseMs, 12),
  },
  {
    name: 'webhooks.deliveries passes limit, offset and hours',
    call: (c) => c.webhooks.deliveries({ limit: 10, offset: 0, hours: 24 }),
    reply: { body: { items: [f.delivery('whd_1')], total: 1, offset: 0, limit: 10 } },
    method: 'GET',
    path: '/v1/webhooks/deliveries',
    query: { limit: '10', offset: '0', hours: '24' },
    check: (r) => assert.equal(r.data[0].eventType, 'agent.call_ended'),
  },
  {
    name: 'webhooks.stats passes hours',
    call: (c) => c.webhooks.stats({ hours: 48 }),
    reply: {
      body: {
        total: 3,
        success: 2,
        failed: 1,
        pending: 0,
        successRate: 0.67,
        byEventType: { 'agent.message': { success: 2 } },
        byHour: [],
      },
    },
    method: 'GET',
    path: '/v1/webhooks/deliveries/stats',
    query: { hours: '48' },
    check: (r) => assert.equal(r.failed, 1),
  },
  {
    name: 'webhooks.allTimeStats reads all-time counts',
    call: (c) => c.webhooks.allTimeStats(),
    reply: { body: { total: 10, success: 9, failed: 1, successRate: 0.9 } },
    method: 'GET',
    path: '/v1/webhooks/deliveries/all-time',
    check: (r) => assert.equal(r.total, 10),
  },
  {
    name: 'webhooks.getForAgent reads the agent webhook',
    call: (c) => c.webhooks.getForAgent(AGENT),
    reply: { body: f.webhook() },
    method: 'GET',
    path: `/v1/agents/${AGENT}/webhook`,
    check: (r) => assert.equal(r.contextLimit, 10),
  },
  {
    name: 'webhooks.setForAgent posts to the agent webhook',
    call: (c) => c.webhooks.setForAgent(AGENT, { url: 'http://127.0.0.1:9999/hooks' }),
    reply: { body: { ...f.webhook(), url: 'http://127.0.0.1:9999/hooks' } },
    method: 'POST',
    path: `/v1/agents/${AGENT}/webhook`,
    body: { url: 'http://127.0.0.1:9999/hooks' },
    check: (r) => assert.equal(r.url, 'http://127.0.0.1:9999/hooks'),
  },
  {
    name: 'webhooks.deleteForAgent deletes the agent webhook',
    call: (c) => c.webhooks.deleteForAgent(AGENT),
    reply: { status: 204 },
    method: 'DELETE',
    path: `/v1/agents/${AGENT}/webhook`,
    check: (r) => assert.equal(r.success, true),
  },
  {
    name: 'webhooks.testForAgent posts a test delivery',
    call: (c) => c.webhooks.testForAgent(AGENT),
    reply: { body: { success: false, httpStatus: 500, errorMessage: 'boom' } },
    method: 'POST',
    path: `/v1/agents/${AGENT}/webhook/test`,
    check: (r) => assert.equal(r.errorMessage, 'boom'),
  },
  {
    name: 'webhooks.deliveriesForAgent reads a bare array',
    call: (c) => c.webhooks.deliveriesForAgent(AGENT, { limit: 20 }),
    reply: { body: [f.delivery('whd_1'), f.delivery('whd_2')] },
    method: 'GET',
    path: `/v1/agents/${AGENT}/webhook/deliveries`,
    query: { limit: '20' },
    check: (r) =>
      assert.deepEqual(
        r.data.map((d: { id: string }) => d.id),
        ['whd_1', 'whd_2'],
      ),
  },
];

describe('AgentPhone client requests', () => {
  const server = new ScriptedServer();
  let client: AgentPhone;

  before(async () => {
    await server.start();
    client = new AgentPhone({ apiKey: 'sk_live_testkey', baseUrl: server.url, maxRetries: 0 });
  });
  after(async () => {
    await client.close();
    await server.stop();
  });

  for (const c of cases) {
    test(c.name, async () => {
      server.reply(c.reply);
      const result = await c.call(client);
      const request = server.only();
      assert.equal(request.method, c.method);
      assert.equal(request.path, c.path);
      assert.deepEqual(Object.fromEntries(request.query), c.query ?? {});
      assert.deepEqual(request.json, c.body);
      if (c.auth === false) assert.equal(request.headers.authorization, undefined);
      else assert.equal(request.headers.authorization, 'Bearer sk_live_testkey');
      if (c.body !== undefined) assert.match(String(request.headers['content-type']), /application\/json/);
      c.check(result);
    });
  }

  test('every resource method is exercised by a request case', () => {
    const resources = [
      'account',
      'usage',
      'agents',
      'numbers',
      'messages',
      'conversations',
      'calls',
      'webhooks',
    ] as const;
    const source = cases.map((c) => c.call.toString()).join('\n');
    const missing: string[] = [];
    for (const resource of resources) {
      const methods = Object.getOwnPropertyNames(Object.getPrototypeOf(client[resource])).filter(
        (name) => name !== 'constructor',
      );
      for (const method of methods) {
        if (method === 'streamTranscript') continue; // covered by its own SSE tests
        if (!source.includes(`c.${resource}.${method}(`)) missing.push(`${resource}.${method}`);
      }
    }
    assert.deepEqual(missing, []);
  });

  test('reads apiKey and baseUrl from the environment when not given', async () => {
    server.reply({ body: f.usage() });
    const fromEnv = new AgentPhone({
      env: { AGENTPHONE_API_KEY: 'sk_live_fromenv', AGENTPHONE_BASE_URL: server.url },
    });
    try {
      await fromEnv.account.usage();
      assert.equal(server.only().headers.authorization, 'Bearer sk_live_fromenv');
    } finally {
      await fromEnv.close();
    }
  });

  test('defaults the base URL to the production API', () => {
    assert.equal(new AgentPhone({ env: {} }).baseUrl, 'https://api.agentphone.ai');
  });

  test('refuses a path parameter that would climb out of its path, before any I/O', async () => {
    server.reply({ body: f.agent() });
    await assert.rejects(client.agents.retrieve('..'), {
      name: 'AgentPhoneError',
      message: /unsafe path parameter/,
    });
    await assert.rejects(client.calls.retrieve('call_1/../../v1/agents'), { name: 'AgentPhoneError' });
    assert.deepEqual(countByRoute(server.requests), {});
  });

  test('percent-encodes ids inside a path segment', async () => {
    server.reply({ body: f.agent('agt a?b') });
    await client.agents.retrieve('agt a?b');
    assert.equal(server.only().path, '/v1/agents/agt%20a%3Fb');
  });
});
