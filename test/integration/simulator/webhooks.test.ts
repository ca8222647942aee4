/**
 * Webhook delivery: signatures checked by an HMAC written here from spec §10 (not the simulator's own
 * code), retries that keep the id and body and refresh the timestamp and signature, routing, the
 * retry schedule under clock speed, and every webhook fault.
 */
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterEach, describe, test } from 'node:test';

import {
  startReceiver,
  startSimulator,
  untilEnded,
  type ReceivedWebhook,
  type RunningSimulator,
  type WebhookReceiver,
} from './harness';

/** Spec §10 receiver steps 2–5, written independently of simulator/webhooks/sign.ts. */
function verifiesWith(secret: string, webhook: ReceivedWebhook): boolean {
  const signature = webhook.headers['x-webhook-signature'];
  const timestamp = webhook.headers['x-webhook-timestamp'];
  if (typeof signature !== 'string' || typeof timestamp !== 'string' || !/^\d+$/.test(timestamp))
    return false;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const expected =
    'sha256=' +
    createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${timestamp}.${webhook.rawBody}`).digest('hex');
  return (
    expected.length === signature.length && timingSafeEqual(Buffer.from(expected), Buffer.from(signature))
  );
}

/** The delivery log once every attempt already on the wire has its answer (`?settle=1`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read JSON bodies loosely and assert on them
const settledDeliveries = async (sim: RunningSimulator): Promise<any[]> =>
  (await sim.call('GET', '/_sim/deliveries?settle=1')).body.data;

describe('webhook delivery', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()?.();
  });
  async function setup(
    options: Parameters<typeof startSimulator>[0] = {},
  ): Promise<{ sim: RunningSimulator; receiver: WebhookReceiver; secret: string }> {
    const receiver = await startReceiver();
    const sim = await startSimulator({ webhookUrl: receiver.url, ...options });
    cleanups.push(
      () => receiver.close(),
      () => sim.close(),
    );
    return { sim, receiver, secret: sim.sim.account.webhookSecret as string };
  }
  const placeCall = (sim: RunningSimulator, toNumber = '+14155550100') =>
    sim.api('POST', '/v1/calls', {
      agentId: sim.sim.account.agentId,
      toNumber,
      systemPrompt: 'Remind them about the meeting.',
    });

  test('agent.call_ended arrives signed as spec §10 describes, with the full envelope and transcript', async () => {
    const { sim, receiver, secret } = await setup();
    const placed = await placeCall(sim);
    const [webhook] = await receiver.untilReceived(1);
    assert.ok(webhook);
    assert.ok(verifiesWith(secret, webhook), 'the signature verifies with the account secret');
    assert.ok(!verifiesWith(`${secret}x`, webhook), 'and not with another secret');
    assert.match(String(webhook.headers['x-webhook-id']), /^whd_[0-9a-f]{16}$/);
    assert.equal(webhook.headers['x-webhook-event'], 'agent.call_ended');
    assert.equal(webhook.headers['content-type'], 'application/json');
    const { body } = webhook;
    assert.deepEqual(Object.keys(body).sort(), [
      'agentId',
      'channel',
      'conversationState',
      'data',
      'event',
      'recentHistory',
      'timestamp',
    ]);
    assert.deepEqual(
      [body.event, body.channel, body.agentId, body.conversationState, body.recentHistory],
      ['agent.call_ended', 'voice', sim.sim.account.agentId, null, []],
    );
    assert.equal(body.data.callId, placed.body.id);
    assert.deepEqual(
      [body.data.from, body.data.to, body.data.direction, body.data.status],
      [sim.sim.account.phoneNumber, '+14155550100', 'outbound', 'completed'],
    );
    assert.ok(
      body.data.transcript.length >= 4 &&
        body.data.transcript.every(
          (t: { role: string; content: string }) => Object.keys(t).join() === 'role,content',
        ),
    );
    assert.equal(typeof body.data.durationSeconds, 'number');
    assert.match(body.timestamp, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  test('retries keep the X-Webhook-ID and body bytes and refresh the timestamp and signature', async () => {
    const { sim, receiver, secret } = await setup({ speed: 'realtime', webhookRetryDelaysMs: [1100, 1100] });
    receiver.respondWith(500, 503);
    await sim.call('POST', '/_sim/inbound/sms', {
      from: '+14155550123',
      to: sim.sim.account.phoneNumber,
      body: 'YES',
    });
    const attempts = await receiver.untilReceived(3);
    assert.equal(new Set(attempts.map((a) => a.headers['x-webhook-id'])).size, 1, 'one id across attempts');
    assert.equal(new Set(attempts.map((a) => a.rawBody)).size, 1, 'identical body bytes');
    assert.equal(
      new Set(attempts.map((a) => a.headers['x-webhook-timestamp'])).size,
      3,
      'a fresh timestamp per attempt',
    );
    assert.equal(
      new Set(attempts.map((a) => a.headers['x-webhook-signature'])).size,
      3,
      'a fresh signature per attempt',
    );
    assert.ok(attempts.every((a) => verifiesWith(secret, a)));
    const log = await sim.call('GET', '/_sim/deliveries?settle=1');
    assert.deepEqual(
      [log.body.data[0].status, log.body.data[0].attemptCount, log.body.data[0].httpStatus],
      ['success', 3, 200],
    );
  });

  test('permanent 4xx answers are not retried, 429 is', async () => {
    const { sim, receiver } = await setup();
    receiver.respondWith(400);
    await sim.call('POST', '/_sim/inbound/sms', {
      from: '+14155550123',
      to: sim.sim.account.phoneNumber,
      body: 'one',
    });
    await receiver.untilReceived(1);
    const [failed] = await settledDeliveries(sim);
    assert.deepEqual([failed.status, failed.attemptCount, failed.httpStatus], ['failed', 1, 400]);

    receiver.respondWith(429);
    await sim.call('POST', '/_sim/inbound/sms', {
      from: '+14155550123',
      to: sim.sim.account.phoneNumber,
      body: 'two',
    });
    await receiver.untilReceived(1 + 2);
    const retried = (await settledDeliveries(sim))[1];
    assert.deepEqual([retried.status, retried.attemptCount], ['success', 2]);
  });

  test('the default schedule (1 min … 18 h, six attempts) runs on the simulated clock and then gives up', async () => {
    const { sim, receiver } = await setup({ speed: 1_000_000 });
    receiver.respondWith(500, 500, 500, 500, 500, 500, 500);
    const before = (await sim.call('GET', '/_sim/clock')).body.nowMs;
    await sim.call('POST', '/_sim/inbound/sms', {
      from: '+14155550123',
      to: sim.sim.account.phoneNumber,
      body: 'hello',
    });
    await receiver.untilReceived(6);
    const [delivery] = await settledDeliveries(sim);
    assert.deepEqual([delivery.status, delivery.attemptCount], ['failed', 6]);
    assert.equal(receiver.received.length, 6);
    const after = (await sim.call('GET', '/_sim/clock')).body.nowMs;
    assert.ok(after - before >= (60 + 300 + 1800 + 7200 + 64800) * 1000, 'about 20.6 simulated hours passed');
  });

  test('an agent webhook takes its agent events and the account webhook gets none; removing it falls back', async () => {
    const { sim, receiver } = await setup();
    const agentReceiver = await startReceiver();
    cleanups.push(() => agentReceiver.close());
    const { agentId, phoneNumber } = sim.sim.account;
    const hook = await sim.api('POST', `/v1/agents/${agentId}/webhook`, { url: agentReceiver.url });
    await sim.call('POST', '/_sim/inbound/sms', {
      from: '+14155550123',
      to: phoneNumber,
      body: 'to the agent hook',
    });
    const [received] = await agentReceiver.untilReceived(1);
    assert.ok(received && verifiesWith(hook.body.secret, received));
    assert.equal(receiver.received.length, 0);

    await sim.api('DELETE', `/v1/agents/${agentId}/webhook`);
    await sim.call('POST', '/_sim/inbound/sms', {
      from: '+14155550123',
      to: phoneNumber,
      body: 'back to the account',
    });
    await receiver.untilReceived(1);
    assert.equal(receiver.received[0]?.body.data.message, 'back to the account');
  });

  test('inbound SMS carries conversationState from metadata and recentHistory oldest first', async () => {
    const { sim, receiver } = await setup();
    const { agentId, phoneNumber } = sim.sim.account;
    const sent = await sim.api('POST', '/v1/messages', {
      agent_id: agentId,
      to_number: '+14155550123',
      body: 'Table for 2 at 7?',
    });
    await sim.api('PATCH', `/v1/conversations/${sent.body.conversation_id}`, {
      metadata: { reservationId: 'r-1' },
    });
    await sim.call('POST', '/_sim/inbound/sms', { from: '+14155550123', to: phoneNumber, body: 'YES' });
    const [event] = await receiver.untilReceived(1);
    assert.deepEqual(event?.body.conversationState, { reservationId: 'r-1' });
    assert.deepEqual(
      event?.body.recentHistory.map((h: { content: string; direction: string }) => [h.content, h.direction]),
      [['Table for 2 at 7?', 'outbound']],
    );
    assert.deepEqual(
      [event?.body.event, event?.body.channel, event?.body.data.message, event?.body.data.from],
      ['agent.message', 'sms', 'YES', '+14155550123'],
    );
  });

  test('a dropped webhook never arrives and is logged as failed', async () => {
    const { sim, receiver } = await setup();
    await sim.call('POST', '/_sim/faults', { webhook: { event: 'agent.call_ended', drop: true, times: 1 } });
    const placed = await placeCall(sim);
    // The call_ended delivery is recorded before the call's end is announced to long-polls.
    await sim.api('GET', untilEnded(placed.body.id));
    const [delivery] = await settledDeliveries(sim);
    assert.equal(delivery.status, 'failed');
    await placeCall(sim, '+14155550101');
    await receiver.untilReceived(1);
    assert.equal(receiver.received.length, 1, 'only the second call_ended arrived');
    assert.equal(receiver.received[0]?.body.data.to, '+14155550101');
  });

  test('a duplicated webhook arrives twice with the same id', async () => {
    const { sim, receiver, secret } = await setup();
    await sim.call('POST', '/_sim/faults', { webhook: { duplicate: true, times: 1 } });
    await sim.call('POST', '/_sim/inbound/sms', {
      from: '+14155550123',
      to: sim.sim.account.phoneNumber,
      body: 'dup',
    });
    const both = await receiver.untilReceived(2);
    assert.equal(both[0]?.headers['x-webhook-id'], both[1]?.headers['x-webhook-id']);
    assert.equal(both[0]?.rawBody, both[1]?.rawBody);
    assert.ok(both.every((w) => verifiesWith(secret, w)));
  });

  test('a delayed webhook arrives after the delay, a reordered one after the next event', async () => {
    const { sim, receiver } = await setup();
    const { phoneNumber } = sim.sim.account;
    await sim.call('POST', '/_sim/faults', { webhook: { delayMs: 300, times: 1 } });
    const sentAt = Date.now();
    await sim.call('POST', '/_sim/inbound/sms', { from: '+14155550123', to: phoneNumber, body: 'late' });
    const [late] = await receiver.untilReceived(1);
    assert.ok((late?.receivedAt ?? 0) - sentAt >= 290);

    await sim.call('POST', '/_sim/faults', { webhook: { reorder: true, times: 1 } });
    await sim.call('POST', '/_sim/inbound/sms', { from: '+14155550123', to: phoneNumber, body: 'first' });
    await sim.call('POST', '/_sim/inbound/sms', { from: '+14155550123', to: phoneNumber, body: 'second' });
    await receiver.untilReceived(3);
    assert.deepEqual(
      receiver.received.slice(1).map((w) => w.body.data.message),
      ['second', 'first'],
    );
  });

  test('a bad signature fails verification and the receiver rejection is not retried', async () => {
    const { sim, receiver, secret } = await setup();
    await sim.call('POST', '/_sim/faults', { webhook: { badSignature: true, times: 1 } });
    receiver.respondWith(401);
    await sim.call('POST', '/_sim/inbound/sms', {
      from: '+14155550123',
      to: sim.sim.account.phoneNumber,
      body: 'forged?',
    });
    const [forged] = await receiver.untilReceived(1);
    assert.ok(forged && !verifiesWith(secret, forged));
    const [delivery] = await settledDeliveries(sim);
    assert.deepEqual([delivery.status, delivery.attemptCount], ['failed', 1]);
  });

  test('the test endpoint sends a signed synthetic inbound SMS and reports the result', async () => {
    const { sim, receiver, secret } = await setup();
    const result = await sim.api('POST', '/v1/webhooks/test', {});
    assert.deepEqual(
      [result.body.success, result.body.httpStatus, result.body.errorMessage],
      [true, 200, null],
    );
    const [sent] = receiver.received;
    assert.ok(sent && verifiesWith(secret, sent));
    assert.deepEqual(
      [sent.body.event, sent.body.channel, sent.body.data.direction],
      ['agent.message', 'sms', 'inbound'],
    );
  });
});
