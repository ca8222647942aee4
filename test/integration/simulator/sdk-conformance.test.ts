/**
 * The official `agentphone` SDK (v1.0.17) against the simulator over real HTTP: every method of spec
 * sections 3–8, each result checked against the fields the SDK's types promise, errors checked as the
 * SDK's error classes with the right status codes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { AgentPhone as SDK, AgentPhoneClient, AgentPhoneError } from 'agentphone';

import {
  startReceiver,
  startSimulator,
  untilEnded,
  type RunningSimulator,
  type WebhookReceiver,
} from './harness';
import * as S from './shapes';

describe('official SDK against the simulator', () => {
  let sim: RunningSimulator;
  let receiver: WebhookReceiver;
  let client: AgentPhoneClient;

  before(async () => {
    sim = await startSimulator();
    receiver = await startReceiver();
    client = new AgentPhoneClient({ baseUrl: sim.baseUrl, token: sim.sim.account.apiKey, maxRetries: 0 });
  });
  after(async () => {
    await sim.close();
    await receiver.close();
  });

  test('usage methods return every field of their SDK types', async () => {
    const usage = await client.usage.getUsage();
    S.assertShape(usage, S.UsageResponse, 'usage');
    S.assertShape(usage.plan.limits, S.PlanLimits, 'usage.plan.limits');
    S.assertShape(usage.stats, S.UsageStats, 'usage.stats');
    S.assertShape(usage.numbers, S.NumberLimits, 'usage.numbers');
    assert.equal(usage.numbers.used, 1);

    const daily = await client.usage.getDailyUsage({ days: 7 });
    assert.equal(daily.days, 7);
    assert.equal(daily.data.length, 7);
    daily.data.forEach((p, i) => S.assertShape(p, S.DailyUsagePoint, `daily[${i}]`));

    const monthly = await client.usage.getMonthlyUsage({ months: 3 });
    assert.equal(monthly.months, 3);
    monthly.data.forEach((p, i) => S.assertShape(p, S.MonthlyUsagePoint, `monthly[${i}]`));

    const byNumber = await client.usage.getUsageByNumber();
    assert.equal(byNumber.data.length, 1);
    S.assertShape(byNumber.data[0], S.NumberUsageItem, 'byNumber[0]');

    const byAgent = await client.usage.getUsageByAgent({ period: 'week' });
    assert.equal(byAgent.period, 'week');
    S.assertShape(byAgent.data[0], S.AgentUsageItem, 'byAgent[0]');
  });

  test('agent methods create, read, update, list, attach, detach and delete agents', async () => {
    const voices = (await client.agents.listVoices()) as { data: { voice_id: string; voice_name: string }[] };
    assert.ok(voices.data.some((v) => v.voice_id === 'custom_voice_ea22ba5fdfaa18f39c274851c1'));

    const created = await client.agents.createAgent({
      name: 'Conformance',
      voiceMode: 'hosted',
      systemPrompt: 'Be nice.',
    });
    S.assertShape(created, S.AgentResponse, 'createAgent');
    assert.equal(created.voiceMode, 'hosted');
    assert.equal(created.voice, 'custom_voice_ea22ba5fdfaa18f39c274851c1');

    const fetched = await client.agents.getAgent({ agent_id: created.id });
    S.assertShape(fetched, S.AgentResponse, 'getAgent');
    const updated = await client.agents.updateAgent({
      agent_id: created.id,
      name: 'Renamed',
      voicemailMessage: 'Call me back',
    });
    assert.equal(updated.name, 'Renamed');
    assert.equal(updated.voicemailMessage, 'Call me back');
    assert.equal(updated.systemPrompt, 'Be nice.', 'a partial update keeps other fields');

    const list = await client.agents.listAgents();
    assert.equal(list.total, 2);
    list.data.forEach((a, i) => S.assertShape(a, S.AgentResponse, `listAgents[${i}]`));

    const number = await client.numbers.createNumber({ country: 'US', areaCode: '212' });
    const attached = await client.agents.attachNumberToAgent({ agent_id: created.id, numberId: number.id });
    assert.equal(attached.agentId, created.id);
    S.assertShape(attached.number, S.AgentNumberResponse, 'attach.number');
    assert.deepEqual(
      (await client.agents.getAgent({ agent_id: created.id })).numbers?.map((n) => n.id),
      [number.id],
    );

    const detached = (await client.agents.detachNumberFromAgent({
      agent_id: created.id,
      number_id: number.id,
    })) as { success: boolean };
    assert.equal(detached.success, true);
    assert.equal((await client.numbers.getNumber({ number_id: number.id })).agentId, null);

    const calls = await client.agents.listAgentCalls({ agent_id: created.id });
    assert.deepEqual([calls.data.length, calls.total, calls.hasMore], [0, 0, false]);
    const conversations = await client.agents.listAgentConversations({ agent_id: created.id });
    assert.deepEqual(conversations.data, []);

    const deleted = await client.agents.deleteAgent({ agent_id: created.id });
    assert.deepEqual(deleted, { success: true, id: created.id, name: 'Renamed' });
    await assert.rejects(
      client.agents.getAgent({ agent_id: created.id }),
      (err: unknown) => err instanceof AgentPhoneError && err.statusCode === 404,
    );
  });

  test('number methods buy, read, list, and release numbers', async () => {
    const bought = await client.numbers.createNumber({ areaCode: '415' });
    S.assertShape(bought, S.PhoneNumberResponse, 'createNumber');
    assert.match(bought.phoneNumber, /^\+1415\d{7}$/);
    assert.equal(bought.country, 'US');

    const listed = await client.numbers.listNumbers();
    assert.ok(listed.data.some((n) => n.id === bought.id));
    assert.equal(listed.total, listed.data.length);
    listed.data.forEach((n, i) => S.assertShape(n, S.PhoneNumberResponse, `listNumbers[${i}]`));

    const released = (await client.numbers.deleteNumber({ number_id: bought.id })) as {
      success: boolean;
      status: string;
    };
    assert.deepEqual([released.success, released.status], [true, 'released']);
    assert.equal((await client.numbers.getNumber({ number_id: bought.id })).status, 'released');
    assert.ok(
      !(await client.numbers.listNumbers()).data.some((n) => n.id === bought.id),
      'released numbers leave the list',
    );
    await assert.rejects(
      client.numbers.deleteNumber({ number_id: bought.id }),
      (err: unknown) => err instanceof AgentPhoneError && err.statusCode === 400,
    );
  });

  test('messages and conversations thread texts in both directions', async () => {
    const { agentId, numberId, phoneNumber } = sim.sim.account;
    const sent = await client.messages.sendMessage({
      agent_id: agentId,
      to_number: '(415) 555-0142',
      body: 'Your table is confirmed.',
    });
    S.assertShape(sent, S.SendMessageResponse, 'sendMessage');
    assert.deepEqual(
      [sent.status, sent.channel, sent.to_number, sent.from_number],
      ['sent', 'sms', '+14155550142', phoneNumber],
    );

    await sim.call('POST', '/_sim/inbound/sms', { from: '+14155550142', to: phoneNumber, body: 'Thanks!' });

    const numberMessages = await client.numbers.getMessages({ number_id: numberId });
    assert.equal(numberMessages.data.length, 2);
    numberMessages.data.forEach((m, i) => S.assertShape(m, S.NumberMessage, `getMessages[${i}]`));
    assert.equal(numberMessages.hasMore, false);

    const conversations = await client.conversations.listConversations();
    assert.equal(conversations.total, 1);
    const summary = conversations.data[0];
    S.assertShape(summary, S.ConversationSummary, 'listConversations[0]');
    assert.deepEqual(
      [summary?.participant, summary?.messageCount, summary?.lastMessagePreview],
      ['+14155550142', 2, 'Thanks!'],
    );

    const detail = await client.conversations.getConversation({
      conversation_id: sent.conversation_id as string,
      message_limit: 10,
    });
    S.assertShape(detail, S.ConversationDetail, 'getConversation');
    detail.messages.forEach((m, i) => S.assertShape(m, S.MessageInConversation, `detail.messages[${i}]`));

    const patched = await client.conversations.updateConversation({
      conversation_id: detail.id,
      metadata: { orderId: 'ORD-1' },
    });
    assert.deepEqual(patched.metadata, { orderId: 'ORD-1' });

    const page = await client.conversations.getConversationMessages({ conversation_id: detail.id, limit: 1 });
    assert.equal(page.data.length, 1);
    assert.equal(page.hasMore, true);
    assert.equal(page.data[0]?.direction, 'inbound', 'newest first');
  });

  test('call methods place, read, list, end and transcribe calls', async () => {
    const { agentId, numberId } = sim.sim.account;
    const placed = (await client.calls.createOutboundCall({
      agentId,
      toNumber: '+14155550177',
      systemPrompt: 'Confirm the delivery for tomorrow.',
    })) as Record<string, unknown>;
    assert.equal(placed.status, 'in-progress');
    assert.equal(placed.direction, 'outbound');
    const callId = placed.id as string;

    // The SDK has no long-poll option: wait on the simulator's, then read the call through the SDK.
    await sim.api('GET', untilEnded(callId));
    const done = (await client.calls.getCall({ call_id: callId })) as Record<string, unknown>;
    assert.equal(done.status, 'completed');
    S.assertShape(done, S.CallSummary, 'getCall');
    assert.ok(Array.isArray(done.transcripts) && done.transcripts.length > 0);

    const transcript = (await client.calls.getCallTranscript({ call_id: callId })) as {
      callId: string;
      transcript: { role: string; content: string; createdAt: string }[];
    };
    assert.equal(transcript.callId, callId);
    assert.ok(
      transcript.transcript.every(
        (t) => ['agent', 'user'].includes(t.role) && typeof t.createdAt === 'string',
      ),
    );

    const listed = (await client.calls.listCalls({ status: 'completed' })) as {
      data: unknown[];
      total: number;
      hasMore: boolean;
    };
    assert.ok(listed.total >= 1);
    listed.data.forEach((c, i) => S.assertShape(c, S.CallSummary, `listCalls[${i}]`));
    const forNumber = (await client.calls.listCallsForNumber({ number_id: numberId })) as { data: unknown[] };
    assert.ok(forNumber.data.length >= 1);
    const forAgent = await client.agents.listAgentCalls({ agent_id: agentId });
    forAgent.data.forEach((c, i) => S.assertShape(c, S.CallSummary, `listAgentCalls[${i}]`));

    await assert.rejects(
      client.calls.endCall({ call_id: callId }),
      (err: unknown) => err instanceof AgentPhoneError && err.statusCode === 409,
    );
  });

  test('inbound callers the simulator plays (a missed call, a message left with the agent) read through the SDK', async () => {
    const { phoneNumber } = sim.sim.account;
    const caller = '+14155550188';
    await sim.call('POST', '/_sim/callees', {
      phoneNumber: caller,
      persona: 'person',
      options: { intent: 'message', name: 'Dana' },
    });
    const missed = (
      await sim.call('POST', '/_sim/inbound/call', { from: caller, to: phoneNumber, missed: true })
    ).body as { callId: string };
    const left = (await sim.call('POST', '/_sim/inbound/call', { from: caller, to: phoneNumber })).body as {
      callId: string;
    };
    for (const id of [missed.callId, left.callId]) await sim.api('GET', untilEnded(id));

    const missedCall = (await client.calls.getCall({ call_id: missed.callId })) as Record<string, unknown>;
    S.assertShape(missedCall, S.CallSummary, 'getCall (missed)');
    assert.deepEqual(
      [missedCall.direction, missedCall.status, missedCall.fromNumber],
      ['inbound', 'failed', caller],
    );
    const leftCall = (await client.calls.getCall({ call_id: left.callId })) as Record<string, unknown>;
    assert.deepEqual([leftCall.direction, leftCall.status], ['inbound', 'completed']);
    const transcript = (await client.calls.getCallTranscript({ call_id: left.callId })) as {
      transcript: { role: string; content: string }[];
    };
    assert.ok(transcript.transcript.some((t) => t.role === 'user' && /pass a message on/.test(t.content)));
  });

  test('the recording and the SSE stream are served with their real content types, which the SDK hands back as a non-JSON marker', async () => {
    const { agentId } = sim.sim.account;
    const placed = (await client.calls.createOutboundCall({
      agentId,
      toNumber: '+14155550178',
      systemPrompt: 'Say hello.',
    })) as { id: string };
    assert.equal((await sim.api('GET', untilEnded(placed.id))).body.status, 'completed');

    const wav = await fetch(`${sim.baseUrl}/v1/calls/${placed.id}/recording`);
    assert.equal(wav.headers.get('content-type'), 'audio/wav');
    assert.equal(
      Buffer.from(await wav.arrayBuffer())
        .subarray(0, 4)
        .toString(),
      'RIFF',
    );
    // SDK 1.0.17 does not throw here: it resolves with `{ok: false, error: {reason: 'non-json', rawBody}}`.
    const viaSdk = (await client.calls.getCallRecording({ call_id: placed.id })) as {
      ok: boolean;
      error: { reason: string; statusCode: number };
    };
    assert.deepEqual([viaSdk.ok, viaSdk.error.reason, viaSdk.error.statusCode], [false, 'non-json', 200]);

    const sse = await fetch(`${sim.baseUrl}/v1/calls/${placed.id}/transcript/stream`, {
      headers: { authorization: `Bearer ${sim.sim.account.apiKey}` },
    });
    assert.equal(sse.headers.get('content-type'), 'text/event-stream');
    const text = await sse.text();
    assert.match(text, /^event: turn\ndata: \{"role":"(user|agent)"/);
    assert.match(text, /event: ended\ndata: \{"callId":"call_[0-9a-f]{16}","status":"completed"\}\n\n$/);
    const streamViaSdk = (await client.calls.streamCallTranscript({ call_id: placed.id })) as {
      ok: boolean;
      error: { reason: string; rawBody: string };
    };
    assert.deepEqual([streamViaSdk.ok, streamViaSdk.error.reason], [false, 'non-json']);
    assert.match(streamViaSdk.error.rawBody, /event: ended/);
  });

  test('webhook methods configure account and agent webhooks and read the delivery log', async () => {
    const { agentId } = sim.sim.account;
    assert.equal(await client.webhooks.getWebhook(), null);
    const hook = await client.webhooks.createOrUpdateWebhook({
      body: { url: receiver.url, contextLimit: 5 },
    });
    S.assertShape(hook, S.WebhookResponse, 'createOrUpdateWebhook');
    assert.match(hook.secret, /^whsec_/);
    const again = await client.webhooks.createOrUpdateWebhook({ body: { url: receiver.url } });
    assert.notEqual(again.secret, hook.secret, 'every POST rotates the secret');
    S.assertShape(await client.webhooks.getWebhook(), S.WebhookResponse, 'getWebhook');

    const tested = (await client.webhooks.testWebhook({ agentId })) as Record<string, unknown>;
    assert.deepEqual([tested.success, tested.httpStatus, tested.statusCode], [true, 200, 200]);
    assert.equal(typeof tested.responseMs, 'number');

    const deliveries = await client.webhooks.listDeliveries({ limit: 10 });
    assert.ok(deliveries.total >= 1);
    assert.deepEqual([deliveries.offset, deliveries.limit], [0, 10]);
    deliveries.items.forEach((d, i) => S.assertShape(d, S.WebhookDeliveryResponse, `listDeliveries[${i}]`));
    S.assertShape(await client.webhooks.deliveryStats({ hours: 24 }), S.DeliveryStats, 'deliveryStats');
    S.assertShape(await client.webhooks.allTimeStats(), S.AllTimeStats, 'allTimeStats');

    assert.equal(await client.agentWebhooks.getAgentWebhook({ agent_id: agentId }), null);
    const agentHook = await client.agentWebhooks.createOrUpdateAgentWebhook({
      agent_id: agentId,
      body: { url: receiver.url, timeout: 10 },
    });
    S.assertShape(agentHook, S.WebhookResponse, 'createOrUpdateAgentWebhook');
    assert.equal(agentHook.timeout, 10);
    const agentTest = (await client.agentWebhooks.testAgentWebhook({ agent_id: agentId })) as {
      success: boolean;
    };
    assert.equal(agentTest.success, true);
    const agentDeliveries = await client.agentWebhooks.listAgentDeliveries({ agent_id: agentId, limit: 5 });
    assert.equal(agentDeliveries.length, 1);
    S.assertShape(agentDeliveries[0], S.WebhookDeliveryResponse, 'listAgentDeliveries[0]');
    assert.deepEqual(await client.agentWebhooks.deleteAgentWebhook({ agent_id: agentId }), { success: true });
    assert.deepEqual(await client.webhooks.deleteWebhook(), { success: true });
    assert.equal(await client.webhooks.getWebhook(), null);
  });

  test('errors surface as the SDK error classes with the right status codes', async () => {
    const bad = new AgentPhoneClient({ baseUrl: sim.baseUrl, token: 'sk_live_wrong', maxRetries: 0 });
    await assert.rejects(
      bad.agents.listAgents(),
      (err: unknown) => err instanceof AgentPhoneError && err.statusCode === 401,
    );

    await assert.rejects(
      client.calls.createOutboundCall({ agentId: sim.sim.account.agentId, toNumber: '4155550100' }),
      (err: unknown) => {
        assert.ok(err instanceof SDK.UnprocessableEntityError);
        assert.equal(err.statusCode, 422);
        const body = err.body as { detail: { loc: string[]; msg: string; type: string }[] };
        assert.deepEqual(body.detail[0]?.loc, ['body', 'toNumber']);
        return true;
      },
    );
    await assert.rejects(
      client.calls.createOutboundCall({ agentId: 'agt_0000000000000000', toNumber: '+14155550100' }),
      (err: unknown) => err instanceof AgentPhoneError && err.statusCode === 404,
    );
    await assert.rejects(
      client.calls.createOutboundCall({ agentId: sim.sim.account.agentId, toNumber: '+1911' }),
      (err: unknown) => err instanceof AgentPhoneError && err.statusCode === 403,
    );
    await assert.rejects(
      client.conversations.getConversation({ conversation_id: 'conv_missing' }),
      (err: unknown) => {
        assert.ok(err instanceof AgentPhoneError);
        assert.equal(err.statusCode, 404);
        assert.deepEqual(err.body, {
          detail: 'Conversation not found',
          error: {
            message: 'Conversation not found',
            code: 'NOT_FOUND',
            type: 'not_found_error',
            details: [],
          },
        });
        return true;
      },
    );
    await sim.call('POST', '/_sim/faults', { on: 'GET /v1/usage', status: 503, times: 1 });
    await assert.rejects(
      client.usage.getUsage(),
      (err: unknown) => err instanceof AgentPhoneError && err.statusCode === 503,
    );
  });
});

describe('official SDK reads texts from services', () => {
  let sim: RunningSimulator;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());

  test('a short code and an alphanumeric sender text our number; the SDK lists them with their sender', async () => {
    const { numberId, phoneNumber, apiKey } = sim.sim.account;
    const client = new AgentPhoneClient({ baseUrl: sim.baseUrl, token: apiKey, maxRetries: 0 });
    const code = 'G-723210 is your Google verification code.';
    for (const from of ['22000', 'Google'])
      assert.equal(
        (await sim.call('POST', '/_sim/inbound/sms', { from, to: phoneNumber, body: code })).status,
        200,
      );
    const bad = await sim.call('POST', '/_sim/inbound/sms', { from: '12', to: phoneNumber, body: code });
    assert.equal(bad.status, 422, 'a sender that is neither a number, a short code nor a name is refused');

    const listed = await client.numbers.getMessages({ number_id: numberId });
    listed.data.forEach((m, i) => S.assertShape(m, S.NumberMessage, `getMessages[${i}]`));
    assert.deepEqual(listed.data.map((m) => m.from_).sort(), ['22000', 'Google']);
  });
});
