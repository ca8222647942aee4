/**
 * The worker's and the ingress's /metrics, scraped over HTTP after real traffic through the in-process
 * stack (simulator → ingress → Temporal → worker): the documented counts move, and the Temporal SDK's own
 * metrics come in the same scrape.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { signWebhook } from '../../../agentphone';
import { silentLogger } from '../../../common/process/logger';
import { startInProcessStack, type InProcessStack } from '../../../stack/in-process';
import { installRuntimeLogger } from '../../../worker/runtime-logger';
import { buildWorkerMetricsServer, freeLoopbackAddress } from '../../../worker/metrics-server';
import { reservationWorkflow } from '../../../workflows';
import { workflowIds } from '../../../workflows/messages';
import { ANY_HOUR } from '../../../workflows/reservation/types';
import { daysFromNow } from '../../helpers/dates';
import { eventually } from '../../helpers/eventually';
import { sampleValue, scrape } from '../../helpers/prometheus';

const RESTAURANT = { name: 'Lovely Thai', phone: '+14155550123' };
const DATE = daysFromNow(30);

let stack: InProcessStack;
let workerMetrics: FastifyInstance;
let workerBase: string;
let ingressBase: string;

before(async () => {
  // The SDK's exporter is configured when the Runtime starts, before the stack's first connection.
  const sdkMetricsAddress = await freeLoopbackAddress();
  installRuntimeLogger(silentLogger, 'WARN', sdkMetricsAddress);
  const registries = { ingress: new Registry(), worker: new Registry() };
  stack = await startInProcessStack({
    temporalAddress: process.env.RINGFLOW_TEST_TEMPORAL_ADDRESS,
    metrics: registries,
  });
  workerMetrics = buildWorkerMetricsServer({
    registry: registries.worker,
    temporal: stack.temporal.client,
    sdkMetricsAddress,
  });
  workerBase = await workerMetrics.listen({ port: 0, host: '127.0.0.1' });
  ingressBase = new URL(stack.ingressUrl).origin;
  await stack.control('/_sim/callees', {
    phoneNumber: RESTAURANT.phone,
    persona: 'restaurant',
    options: { name: RESTAURANT.name, availability: { [DATE]: ['19:00'] } },
  });
});
after(async () => {
  await workerMetrics?.close();
  await stack?.stop();
});

describe('metrics after real traffic', () => {
  test('a booked reservation moves the worker and ingress counts', async () => {
    const requestId = randomUUID();
    const result = await stack.temporal.client.workflow.execute(reservationWorkflow, {
      taskQueue: stack.taskQueue,
      workflowId: workflowIds.reservation(requestId),
      args: [
        {
          requestId,
          restaurants: [RESTAURANT],
          partySize: 2,
          date: DATE,
          time: '19:00',
          flexMinutes: 60,
          name: 'Manav',
          notifyNumber: '+14155550199',
          policy: { callChecks: { firstCheckMs: 60_000 }, callingHours: ANY_HOUR },
        },
      ],
    });
    assert.equal(result.state, 'booked', result.message);

    const worker = await scrape(`${workerBase}/metrics`);
    assert.equal(sampleValue(worker, 'ringflow_calls_placed_total', { flow: 'reservation' }), 1);
    assert.equal(sampleValue(worker, 'ringflow_sms_sent_total', { flow: 'reservation' }), 1);
    assert.equal(
      sampleValue(worker, 'ringflow_call_outcomes_total', { flow: 'reservation', status: 'completed' }),
      1,
    );
    assert.equal(sampleValue(worker, 'ringflow_reconciliations_total'), 0);
    assert.equal(sampleValue(worker, 'ringflow_opt_outs_honoured_total'), 0);
    // The SDK's own metrics, appended to the same scrape.
    assert.ok(
      sampleValue(worker, 'temporal_workflow_completed_total') >= 2,
      'the reservation and its call workflow completed, as the SDK counts them',
    );

    // The call's end came by webhook: accepted, then signalled, with its latency observed.
    const ingress = await eventually(async () => {
      const text = await scrape(`${ingressBase}/metrics`);
      return sampleValue(text, 'ringflow_webhooks_received_total', { event: 'agent.call_ended' }) >= 1
        ? text
        : undefined;
    });
    assert.ok(
      sampleValue(ingress, 'ringflow_webhook_signal_latency_seconds_count', { route: 'call-ended' }) >= 1,
    );
    assert.equal(sampleValue(ingress, 'ringflow_ingress_temporal_errors_total'), 0);
  });

  test('a forged webhook counts as rejected with reason bad_signature, and a repeat as deduplicated', async () => {
    const payload = { event: 'agent.message', data: { messageId: 'msg_forged' } };
    const forged = signWebhook({ payload, secret: 'whsec_attacker', id: `whd_${randomUUID()}` });
    const res = await fetch(stack.ingressUrl, { method: 'POST', body: forged.body, headers: forged.headers });
    assert.equal(res.status, 401);
    const unsigned = await fetch(stack.ingressUrl, { method: 'POST', body: forged.body });
    assert.equal(unsigned.status, 401);

    const secret = stack.simulator.account.webhookSecret!;
    const id = `whd_${randomUUID()}`;
    const unroutable = signWebhook({ payload: { event: 'agent.call_ended', data: {} }, secret, id });
    for (let i = 0; i < 2; i++)
      await fetch(stack.ingressUrl, { method: 'POST', body: unroutable.body, headers: unroutable.headers });

    const text = await scrape(`${ingressBase}/metrics`);
    assert.equal(sampleValue(text, 'ringflow_webhooks_rejected_total', { reason: 'bad_signature' }), 1);
    assert.equal(sampleValue(text, 'ringflow_webhooks_rejected_total', { reason: 'missing_header' }), 1);
    assert.equal(sampleValue(text, 'ringflow_webhooks_dead_lettered_total'), 1);
    assert.equal(sampleValue(text, 'ringflow_webhooks_deduplicated_total'), 1);
  });

  test('/healthz and /readyz answer 200 on both while Temporal is reachable', async () => {
    for (const base of [workerBase, ingressBase]) {
      assert.equal((await fetch(`${base}/healthz`)).status, 200, `${base}/healthz`);
      const ready = await fetch(`${base}/readyz`);
      assert.equal(ready.status, 200, `${base}/readyz`);
      assert.equal(((await ready.json()) as { temporal: string }).temporal, 'reachable');
    }
  });
});
