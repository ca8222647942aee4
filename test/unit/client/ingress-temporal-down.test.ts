import { developmentNumberKeyer } from '../../../common/process/number-key';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { buildIngress, WEBHOOK_PATH } from '../../../client/ingress';

const SECRET = 'whsec_unit';

function signedDelivery(id: string, rawBody?: string) {
  const body =
    rawBody ??
    JSON.stringify({
      event: 'agent.call_ended',
      timestamp: '2026-12-01T18:00:42Z',
      agentId: 'agt_1',
      data: {
        callId: 'call_1',
        numberId: 'num_1',
        from: '+14155551234',
        to: '+14155550123',
        direction: 'outbound',
        status: 'completed',
        startedAt: '2026-12-01T18:00:00Z',
        endedAt: '2026-12-01T18:00:42Z',
        durationSeconds: 42,
        disconnectionReason: 'user_hangup',
        transcript: [],
      },
    });
  const ts = String(Math.floor(Date.now() / 1000));
  const mac = createHmac('sha256', SECRET).update(`${ts}.${body}`).digest('hex');
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-webhook-signature': `sha256=${mac}`,
      'x-webhook-timestamp': ts,
      'x-webhook-id': id,
    },
  };
}

/**
 * The ingress over a stand-in for the Temporal client (this is a unit test of the ingress alone) whose
 * `method` refuses like an unreachable server until `bringUp()`; `reached` lists the workflow ids it
 * was then called for.
 */
async function ingressOverFlakyTemporal(method: 'signalWithStart' | 'start') {
  let up = false;
  const reached: string[] = [];
  const temporal = {
    workflow: {
      async [method](_type: unknown, options: { workflowId: string }) {
        if (!up) throw new Error('14 UNAVAILABLE: connection refused');
        reached.push(options.workflowId);
      },
    },
  } as unknown as Client;
  const app = await buildIngress({
    temporal,
    taskQueue: 'q',
    numberKey: developmentNumberKeyer,
    secrets: () => [SECRET],
  });
  return { app, reached, bringUp: () => (up = true) };
}

test('the ingress answers 503 while Temporal refuses signals, so AgentPhone retries, and accepts the retry later', async () => {
  const { app, reached: signals, bringUp } = await ingressOverFlakyTemporal('signalWithStart');
  try {
    const first = signedDelivery('whd_retry');
    const down = await app.inject({
      method: 'POST',
      url: WEBHOOK_PATH,
      headers: first.headers,
      payload: first.body,
    });
    assert.equal(down.statusCode, 503);
    assert.deepEqual(signals, []);

    bringUp();
    const retry = signedDelivery('whd_retry'); // same delivery id, fresh signature: AgentPhone's retry
    const up = await app.inject({
      method: 'POST',
      url: WEBHOOK_PATH,
      headers: retry.headers,
      payload: retry.body,
    });
    assert.equal(up.statusCode, 200);
    assert.deepEqual(signals, ['call-events:call_1']);
  } finally {
    await app.close();
  }
});

test('a signed but unroutable delivery is answered 503 while Temporal refuses to keep its dead letter, and 202 on the retry', async () => {
  const { app, reached: started, bringUp } = await ingressOverFlakyTemporal('start');
  try {
    const deliver = () => {
      const { body, headers } = signedDelivery('whd_unroutable', 'not json {');
      return app.inject({ method: 'POST', url: WEBHOOK_PATH, headers, payload: body });
    };
    assert.equal((await deliver()).statusCode, 503);
    assert.deepEqual(started, []);

    bringUp();
    const retry = await deliver();
    assert.equal(retry.statusCode, 202);
    assert.deepEqual(retry.json(), { status: 'dead_lettered', id: 'whd_unroutable' });
    assert.deepEqual(started, ['webhook-dead-letter:whd_unroutable']);
  } finally {
    await app.close();
  }
});
