import { developmentNumberKeyer } from '../../../common/process/number-key';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { WorkflowNotFoundError } from '@temporalio/client';
import { buildIngress, WEBHOOK_PATH } from '../../../client/ingress';
import { callEndedSignal, smsReceivedSignal, workflowIds } from '../../../workflows/messages';
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
    numberKey: developmentNumberKeyer,
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

async function workflowExists(workflowId: string): Promise<boolean> {
  try {
    await temporal.client.workflow.getHandle(workflowId).describe();
    return true;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}

const mailboxExists = (callId: string) => workflowExists(workflowIds.callEvents(callId));

/** The payloads of every `signalName` signal in a workflow's history, decoded from JSON. */
async function signalsReceived(workflowId: string, signalName: string): Promise<unknown[]> {
  const history = await temporal.client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? [])
    .map((e) => e.workflowExecutionSignaledEventAttributes)
    .filter((a) => a?.signalName === signalName)
    .map((a) => JSON.parse(Buffer.from(a!.input!.payloads![0]!.data!).toString('utf8')) as unknown);
}

const sha256 = (body: string) => createHash('sha256').update(body).digest('hex');

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

  test('a signed call_ended with nothing but its callId still reaches the call mailbox', async () => {
    const callId = `call_${randomUUID().slice(0, 8)}`;
    const body = JSON.stringify({ event: 'agent.call_ended', data: { callId, durationSeconds: '42' } });
    assert.deepEqual(await post(body, signed(body)), { status: 200, body: { status: 'accepted' } });
    const [notice] = (await signalsReceived(workflowIds.callEvents(callId), callEndedSignal.name)) as {
      call: { callId: string; durationSeconds: number | null; transcript: unknown[] };
    }[];
    assert.equal(notice?.call.callId, callId);
    assert.equal(notice?.call.durationSeconds, 42);
    assert.deepEqual(notice?.call.transcript, []);
  });

  test('a signed SMS lacking documented fields (sender as from_, no text, no times) reaches the inbox', async () => {
    const agentId = `agt_${randomUUID().slice(0, 8)}`;
    const from = '+14155550142';
    const body = JSON.stringify({
      event: 'agent.message',
      agentId,
      data: { messageId: `msg_${randomUUID().slice(0, 8)}`, from_: from, receivedAt: null },
    });
    assert.deepEqual(await post(body, signed(body)), { status: 200, body: { status: 'accepted' } });
    const [sms] = (await signalsReceived(
      workflowIds.smsInbox(agentId, developmentNumberKeyer(from)),
      smsReceivedSignal.name,
    )) as {
      from: string;
      body: string;
      receivedAt: string;
    }[];
    assert.equal(sms?.from, from);
    assert.equal(sms?.body, '');
    assert.ok(!Number.isNaN(Date.parse(sms?.receivedAt ?? '')));
  });

  test('a signed body that is not JSON is kept as a dead letter and answered 202, never 400', async () => {
    const id = `whd_${randomUUID()}`;
    const body = 'not json {';
    assert.deepEqual(await post(body, signed(body, { id })), {
      status: 202,
      body: { status: 'dead_lettered', id },
    });
    assert.equal(await workflowExists(`webhook-dead-letter:${id}`), true);
    // AgentPhone's retry of the same delivery is answered without a second dead letter.
    assert.deepEqual(await post(body, signed(body, { id })), { status: 200, body: { status: 'duplicate' } });
  });

  test('a signed SMS without its messageId is a dead letter keyed by the sha256 of the body without a delivery id', async () => {
    const body = JSON.stringify({
      event: 'agent.message',
      channel: 'sms',
      agentId: 'agt_1',
      data: { from: '+14155550142', message: `YES ${randomUUID()}` },
    });
    const headers: Record<string, string> = signed(body);
    delete headers['x-webhook-id'];
    assert.deepEqual(await post(body, headers), {
      status: 202,
      body: { status: 'dead_lettered', id: sha256(body) },
    });
    assert.equal(await workflowExists(`webhook-dead-letter:${sha256(body)}`), true);
  });

  test('an unsigned body that cannot be routed is refused with 401 and kept nowhere', async () => {
    const body = `not json ${randomUUID()}`;
    assert.deepEqual(await post(body, { 'content-type': 'application/json' }), {
      status: 401,
      body: { error: 'missing_header' },
    });
    assert.equal(await workflowExists(`webhook-dead-letter:${sha256(body)}`), false);
  });

  test('an oversized body is refused with 413 before anything is verified, and starts nothing', async () => {
    const callId = `call_${randomUUID().slice(0, 8)}`;
    const body = JSON.stringify({
      event: 'agent.call_ended',
      data: { callId },
      padding: 'x'.repeat(100 * 1024),
    });
    const headers = signed(body);
    const res = await fetch(url, { method: 'POST', headers, body });
    assert.equal(res.status, 413);
    assert.equal(await mailboxExists(callId), false);
    assert.equal(await workflowExists(`webhook-dead-letter:${headers['x-webhook-id']}`), false);
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
