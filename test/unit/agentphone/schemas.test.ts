import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  AgentDeliveriesQuerySchema,
  CallDetailSchema,
  ConversationDetailQuerySchema,
  CreateAgentRequestSchema,
  CreateCallRequestSchema,
  CreateNumberRequestSchema,
  CursorPageQuerySchema,
  DeliveriesQuerySchema,
  ListCallsQuerySchema,
  NumberMessageSchema,
  OffsetPageQuerySchema,
  SendMessageRequestSchema,
  SignUpRequestSchema,
  TimestampSchema,
  UsageDailyQuerySchema,
  WebhookCreateRequestSchema,
  WebhookEventSchema,
} from '../../../agentphone';

describe('request schemas', () => {
  test('CreateCallRequest requires an E.164 toNumber', () => {
    assert.equal(
      CreateCallRequestSchema.safeParse({ agentId: 'agt_1', toNumber: '+14155559999' }).success,
      true,
    );
    assert.equal(
      CreateCallRequestSchema.safeParse({ agentId: 'agt_1', toNumber: '415-555-9999' }).success,
      false,
    );
    assert.equal(CreateCallRequestSchema.safeParse({ toNumber: '+14155559999' }).success, false);
  });

  test('WebhookCreateRequest allows http only on loopback hosts and bounds its numbers', () => {
    const ok = (url: string) => WebhookCreateRequestSchema.safeParse({ url }).success;
    assert.equal(ok('https://hooks.example.com/x'), true);
    assert.equal(ok('http://127.0.0.1:8080/webhooks'), true);
    assert.equal(ok('http://localhost:3000/webhooks'), true);
    assert.equal(ok('http://[::1]:3000/webhooks'), true);
    assert.equal(ok('http://hooks.example.com/x'), false);
    assert.equal(ok('/relative/path'), false);
    assert.equal(ok('ftp://127.0.0.1/x'), false);
    assert.equal(
      WebhookCreateRequestSchema.safeParse({ url: 'https://a.example.com', contextLimit: 51 }).success,
      false,
    );
    assert.equal(
      WebhookCreateRequestSchema.safeParse({ url: 'https://a.example.com', timeout: 4 }).success,
      false,
    );
  });

  test('CreateAgentRequest needs a systemPrompt for a hosted agent and bounds its fields', () => {
    assert.equal(CreateAgentRequestSchema.safeParse({ name: 'a', voiceMode: 'hosted' }).success, false);
    assert.equal(
      CreateAgentRequestSchema.safeParse({ name: 'a', voiceMode: 'hosted', systemPrompt: 'p' }).success,
      true,
    );
    assert.equal(CreateAgentRequestSchema.safeParse({ name: 'a', maxSilenceMs: 5_000 }).success, false);
    assert.equal(CreateAgentRequestSchema.safeParse({ name: 'a', voiceSpeed: 2.5 }).success, false);
    assert.equal(
      CreateAgentRequestSchema.safeParse({ name: 'a', transferNumber: '+442079460958' }).success,
      false,
    );
  });

  test('SendMessageRequest needs a recipient and a body or media', () => {
    assert.equal(
      SendMessageRequestSchema.safeParse({ agent_id: 'agt_1', to_number: '4155559999', body: 'hi' }).success,
      true,
    );
    assert.equal(SendMessageRequestSchema.safeParse({ agent_id: 'agt_1', body: 'hi' }).success, false);
    assert.equal(SendMessageRequestSchema.safeParse({ to_number: '+14155559999', body: '' }).success, false);
    assert.equal(
      SendMessageRequestSchema.safeParse({
        to_number: '+14155559999',
        body: '',
        media_urls: ['https://x.example.com/a.png'],
      }).success,
      true,
    );
  });

  test('SignUpRequest and CreateNumberRequest validate their fields', () => {
    assert.equal(SignUpRequestSchema.safeParse({ human_email: 'owner@example.com' }).success, true);
    assert.equal(SignUpRequestSchema.safeParse({ human_email: 'nope' }).success, false);
    assert.equal(CreateNumberRequestSchema.safeParse({ areaCode: '415', country: 'CA' }).success, true);
    assert.equal(CreateNumberRequestSchema.safeParse({ areaCode: '41' }).success, false);
    assert.equal(CreateNumberRequestSchema.safeParse({ country: 'GB' }).success, false);
  });

  test('query schemas read strings, fill defaults and enforce limit ranges', () => {
    assert.deepEqual(OffsetPageQuerySchema.parse({}), { limit: 20, offset: 0 });
    assert.deepEqual(OffsetPageQuerySchema.parse({ limit: '100', offset: '40' }), { limit: 100, offset: 40 });
    assert.equal(OffsetPageQuerySchema.safeParse({ limit: '101' }).success, false);
    assert.equal(OffsetPageQuerySchema.safeParse({ limit: '0' }).success, false);
    assert.equal(OffsetPageQuerySchema.safeParse({ limit: 'ten' }).success, false);
    assert.deepEqual(CursorPageQuerySchema.parse({ limit: '200' }), { limit: 200 });
    assert.equal(CursorPageQuerySchema.safeParse({ limit: '201' }).success, false);
    assert.equal(CursorPageQuerySchema.safeParse({ before: 'yesterday' }).success, false);
    assert.deepEqual(DeliveriesQuerySchema.parse({ hours: '168' }), { limit: 50, offset: 0, hours: 168 });
    assert.equal(DeliveriesQuerySchema.safeParse({ hours: '169' }).success, false);
    assert.deepEqual(AgentDeliveriesQuerySchema.parse({}), { limit: 50 });
    assert.deepEqual(UsageDailyQuerySchema.parse({}), { days: 30 });
    assert.equal(ListCallsQuerySchema.safeParse({ direction: 'sideways' }).success, false);
    assert.deepEqual(ConversationDetailQuerySchema.parse({ messageLimit: '7' }), { message_limit: 7 });
    assert.deepEqual(ConversationDetailQuerySchema.parse({}), { message_limit: 50 });
  });
});

describe('response schemas', () => {
  test('timestamps are parsed generously', () => {
    for (const value of [
      '2026-04-19T17:20:11Z',
      '2026-04-19T17:20:11.000Z',
      '2026-04-19T17:20:11.123456+00:00',
      '2026-04-19T17:20:11',
    ]) {
      assert.equal(TimestampSchema.safeParse(value).success, true, value);
    }
    for (const value of ['yesterday', '2026-13-45T99:99:99Z', '1745083211']) {
      assert.equal(TimestampSchema.safeParse(value).success, false, value);
    }
  });

  test('number messages accept from or from_ and always expose from', () => {
    const base = {
      id: 'msg_1',
      to: '+14155551234',
      body: 'hi',
      direction: 'inbound',
      receivedAt: '2026-04-19T17:20:11Z',
    };
    assert.equal(NumberMessageSchema.parse({ ...base, from_: '+14155559999' }).from, '+14155559999');
    assert.equal(NumberMessageSchema.parse({ ...base, from: '+14155558888' }).from, '+14155558888');
    assert.equal(NumberMessageSchema.safeParse(base).success, false);
  });

  test('call detail defaults transcripts to an empty list and keeps unknown fields', () => {
    const detail = CallDetailSchema.parse({
      id: 'call_1',
      fromNumber: '+1',
      toNumber: '+2',
      status: 'in-progress',
      startedAt: '2026-04-19T17:20:11Z',
      retellCallId: 'r_1',
    });
    assert.deepEqual(detail.transcripts, []);
    assert.equal(detail.retellCallId, 'r_1');
  });

  test('webhook events: unknown names parse, known names must match their shape', () => {
    const envelope = { timestamp: '2026-04-19T17:20:11Z', agentId: null };
    assert.equal(
      WebhookEventSchema.safeParse({ ...envelope, event: 'agent.contact_shared', data: {} }).success,
      true,
    );
    assert.equal(
      WebhookEventSchema.safeParse({ ...envelope, event: 'agent.call_ended', data: {} }).success,
      false,
    );
    const voice = WebhookEventSchema.parse({
      ...envelope,
      event: 'agent.message',
      channel: 'voice',
      data: {
        callId: 'call_1',
        from: '+1',
        to: '+2',
        status: 'in-progress',
        transcript: 'hello',
        confidence: 0.9,
        direction: 'inbound',
      },
    });
    assert.equal(voice.channel, 'voice');
  });
});
