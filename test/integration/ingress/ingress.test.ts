import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { WorkflowNotFoundError } from '@temporalio/client';
import { buildIngress, WEBHOOK_PATH } from '../../../client/ingress';
import { workflowIds } from '../../../workflows/messages';
import { integrationTemporal, uniqueTaskQueue, type IntegrationTemporal } from '../../helpers/temporal';

const SECRET = 'whsec_test_current';
const OLD_SECRET = 'whsec_test_previous';

let temporal: IntegrationTemporal;
let ingress: FastifyInstance;
let url: string;
before(async () => {
  temporal = await integrationTemporal();
  ingress = await buildIngress({
    temporal: temporal.client,
    taskQueue: uniqueTaskQueue('ingress'),
    secrets: () => [SECRET, OLD_SECRET],
    maxBodyBytes: 64 * 1024,
  });
  url = `${await ingress.listen({ port: 0, host: '127.0.0.1' })}${WEBHOOK_PATH}`;
});
after(async () => {
  await ingress?.close();
  await temporal?.teardown();
});

function callEnded(callId: string) {
  return JSON.stringify({
    event: 'agent.call_ended',
    channel: 'voice',
    timestamp: '2026-12-01T18:00:42Z',
    agentId: 'agt_0a1b2c3d4e5f6071',
    data: {
      callId,
      numberId: 'num_8f3a2b7c9d4e5f01',
      from: '+14155551234',
      to: '+14155550123',
      direction: 'outbound',
      status: 'completed',
      startedAt: '2026-12-01T18:00:00Z',
      endedAt: '2026-12-01T18:00:42Z',
      durationSeconds: 42,
      disconnectionReason: 'user_hangup',
      transcript: [{ role: 'agent', content: 'Hi' }],
    },
    conversationState: null,
    recentHistory: [],
  });
}

/** Signs as the spec says, written here independently of the code under test. */
function signed(body: string, options: { secret?: string; timestamp?: number; id?: string } = {}) {
  const ts = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const mac = createHmac('sha256', options.secret ?? SECRET)
    .update(`${ts}.${body}`)
    .digest('hex');
  return {
    'content-type': 'application/json',
    'x-webhook-signature': `sha256=${mac}`,
    'x-webhook-timestamp': ts,
    'x-webhook-id': options.id ?? `whd_${randomUUID()}`,
    'x-webhook-event': 'agent.call_ended',
  };
}

async function post(body: string, headers: Record<string, string>) {
  const res = await fetch(url, { method: 'POST', headers, body });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function mailboxExists(callId: string): Promise<boolean> {
  try {
    await temporal.client.workflow.getHandle(workflowIds.callEvents(callId)).describe();
    return true;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}

describe('the webhook ingress', () => {
  test('a correctly signed call_ended reaches the call mailbox, and a repeat delivery is answered without a second signal', async () => {
    const callId = `call_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const body = callEnded(callId);
    const headers = signed(body, { id: 'whd_same' + callId });
    assert.deepEqual(await post(body, headers), { status: 200, body: { status: 'accepted' } });
    assert.equal(await mailboxExists(callId), true);
    assert.deepEqual(await post(body, signed(body, { id: 'whd_same' + callId })), {
      status: 200,
      body: { status: 'duplicate' },
    });
  });

  test('a webhook signed with the previous secret is still accepted during rotation', async () => {
    const callId = `call_${randomUUID().slice(0, 8)}`;
    const body = callEnded(callId);
    assert.equal((await post(body, signed(body, { secret: OLD_SECRET }))).status, 200);
  });

  const rejections: [string, (body: string) => Record<string, string>, number, string][] = [
    ['a forged signature', (b) => signed(b, { secret: 'whsec_attacker' }), 401, 'bad_signature'],
    [
      'a stale timestamp (10 minutes old)',
      (b) => signed(b, { timestamp: Math.floor(Date.now() / 1000) - 600 }),
      401,
      'stale',
    ],
    [
      'a timestamp from the future',
      (b) => signed(b, { timestamp: Math.floor(Date.now() / 1000) + 600 }),
      401,
      'stale',
    ],
    ['missing signature headers', () => ({ 'content-type': 'application/json' }), 401, 'missing_header'],
  ];
  for (const [what, headersFor, status, reason] of rejections) {
    test(`${what} is rejected with ${status} and starts nothing`, async () => {
      const callId = `call_${randomUUID().slice(0, 8)}`;
      const body = callEnded(callId);
      assert.deepEqual(await post(body, headersFor(body)), { status, body: { error: reason } });
      assert.equal(await mailboxExists(callId), false);
    });
  }

  test('a tampered body is rejected: the signature covers the exact bytes', async () => {
    const callId = `call_${randomUUID().slice(0, 8)}`;
    const body = callEnded(callId);
    const headers = signed(body);
    const tampered = body.replace('"completed"', '"failed"');
    assert.equal((await post(tampered, headers)).status, 401);
    assert.equal(await mailboxExists(callId), false);
  });

  test('a signed body that is not JSON is a 400', async () => {
    const body = 'not json {';
    assert.deepEqual(await post(body, signed(body)), { status: 400, body: { error: 'bad_json' } });
  });

  test('an oversized body is refused with 413 before anything is verified', async () => {
    const body = JSON.stringify({ event: 'agent.message', padding: 'x'.repeat(100 * 1024) });
    const res = await fetch(url, { method: 'POST', headers: signed(body), body });
    assert.equal(res.status, 413);
  });

  test('an event ringflow does not route is acknowledged so AgentPhone stops retrying', async () => {
    const body = JSON.stringify({
      event: 'agent.contact_shared',
      timestamp: '2026-12-01T18:00:00Z',
      agentId: null,
      data: {},
    });
    assert.deepEqual(await post(body, signed(body)), { status: 200, body: { status: 'ignored' } });
  });

  test('health check answers', async () => {
    const res = await fetch(url.replace(WEBHOOK_PATH, '/healthz'));
    assert.equal(res.status, 200);
  });
});
