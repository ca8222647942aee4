import { developmentNumberKeyer } from '../../../common/process/number-key';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Worker } from '@temporalio/worker';
import { buildIngress, WEBHOOK_PATH } from '../../../client/ingress';
import { keepDeadLetter } from '../../../client/dead-letters';
import { PROJECT_ROOT } from '../../../stack/temporal-server';
import { webhookDeadLetterWorkflow, type WebhookDeadLetterResult } from '../../../workflows';
import { workflowIds } from '../../../workflows/messages';
import { eventually } from '../../helpers/stack';
import {
  integrationTemporal,
  uniqueTaskQueue,
  workflowBundle,
  type IntegrationTemporal,
} from '../../helpers/temporal';

const SECRET = 'whsec_dead_letters';

let temporal: IntegrationTemporal;
let ingress: FastifyInstance;
let worker: Worker;
let running: Promise<void>;
let url: string;
const taskQueue = uniqueTaskQueue('dead-letters');

before(async () => {
  temporal = await integrationTemporal();
  ingress = await buildIngress({
    temporal: temporal.client,
    taskQueue,
    numberKey: developmentNumberKeyer,
    secrets: () => [SECRET],
  });
  url = `${await ingress.listen({ port: 0, host: '127.0.0.1' })}${WEBHOOK_PATH}`;
  // The mailboxes and dead letters need no activities; a worker runs them so replays can close them.
  worker = await Worker.create({
    connection: temporal.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: {},
  });
  running = worker.run();
});
after(async () => {
  worker?.shutdown();
  await running;
  await ingress?.close();
  await temporal?.teardown();
});

async function postSigned(body: string, id: string) {
  const ts = String(Math.floor(Date.now() / 1000));
  const mac = createHmac('sha256', SECRET).update(`${ts}.${body}`).digest('hex');
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-webhook-signature': `sha256=${mac}`,
      'x-webhook-timestamp': ts,
      'x-webhook-id': id,
      'x-webhook-event': 'agent.message',
    },
    body,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Runs `node bin/ringflow.mjs <args>` against the test's Temporal server, as an operator would. */
function ringflow(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(PROJECT_ROOT, 'bin', 'ringflow.mjs'), ...args],
      {
        cwd: PROJECT_ROOT,
        env: { ...process.env, TEMPORAL_ADDRESS: temporal.address, RINGFLOW_TASK_QUEUE: taskQueue },
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function listed(): Promise<{ id: string; reason: string; event: string | null }[]> {
  const { code, stdout, stderr } = await ringflow(['webhooks', 'dead-letters', '--json']);
  assert.equal(code, 0, stderr);
  return JSON.parse(stdout) as { id: string; reason: string; event: string | null }[];
}

describe('ringflow webhooks dead-letters', () => {
  const unroutableId = `whd_${randomUUID()}`;

  test('a signed SMS the ingress cannot route is listed with its reason and event', async () => {
    const body = JSON.stringify({
      event: 'agent.message',
      channel: 'sms',
      agentId: 'agt_1',
      data: { from: '+14155550142', message: 'YES' },
    });
    assert.deepEqual(await postSigned(body, unroutableId), {
      status: 202,
      body: { status: 'dead_lettered', id: unroutableId },
    });
    const letter = await eventually(
      async () => (await listed()).find((l) => l.id === unroutableId),
      30_000,
      'the dead letter in the list',
    );
    assert.match(letter.reason, /data\.messageId/);
    assert.equal(letter.event, 'agent.message');
    const human = await ringflow(['webhooks', 'dead-letters']);
    assert.match(human.stdout, new RegExp(`${unroutableId} .* agent\\.message .*messageId`));
  });

  test('--replay of a still unroutable dead letter says why, exits 1 and leaves it listed', async () => {
    const { code, stderr } = await ringflow(['webhooks', 'dead-letters', '--replay', unroutableId]);
    assert.equal(code, 1);
    assert.match(stderr, /still unroutable \(agent\.message without data\.messageId\)/);
    const { status } = await temporal.client.workflow
      .getHandle(workflowIds.webhookDeadLetter(unroutableId))
      .describe();
    assert.equal(status.name, 'RUNNING');
  });

  test('--replay routes a dead letter with the current code, signals its target once and closes it', async () => {
    // A dead letter an older ringflow kept: its body is routable by today's parser.
    const callId = `call_${randomUUID().slice(0, 8)}`;
    const id = `whd_${randomUUID()}`;
    await keepDeadLetter(temporal.client, taskQueue, {
      rawBody: JSON.stringify({ event: 'agent.call_ended', data: { callId, status: 'completed' } }),
      reason: 'kept by a version that could not read it',
      event: 'agent.call_ended',
      webhookId: id,
      webhookTimestamp: null,
      receivedAt: new Date().toISOString(),
    });
    const { code, stdout, stderr } = await ringflow(['webhooks', 'dead-letters', '--replay', id]);
    assert.equal(code, 0, stderr);
    assert.match(stdout, new RegExp(`replayed to call-events:${callId}`));

    const mailbox = await temporal.client.workflow.getHandle(workflowIds.callEvents(callId)).fetchHistory();
    const signals = (mailbox.events ?? []).filter(
      (e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'call-ended',
    );
    assert.equal(signals.length, 1);
    const result = (await temporal.client.workflow
      .getHandle(workflowIds.webhookDeadLetter(id))
      .result()) as WebhookDeadLetterResult;
    assert.deepEqual(result, { outcome: 'replayed', target: workflowIds.callEvents(callId) });
    await eventually(
      async () => ((await listed()).some((l) => l.id === id) ? undefined : true),
      30_000,
      'the replayed dead letter to leave the list',
    );
    const again = await ringflow(['webhooks', 'dead-letters', '--replay', id]);
    assert.equal(again.code, 2, 'a closed id is bad input');
    assert.match(again.stderr, /already closed/);
  });

  test('--discard closes a dead letter without delivering it; an unknown id is refused by name', async () => {
    const { code, stderr } = await ringflow(['webhooks', 'dead-letters', '--discard', unroutableId]);
    assert.equal(code, 0, stderr);
    const result = (await temporal.client.workflow
      .getHandle(workflowIds.webhookDeadLetter(unroutableId))
      .result()) as WebhookDeadLetterResult;
    assert.equal(result.outcome, 'discarded');
    const unknown = await ringflow(['webhooks', 'dead-letters', '--replay', 'whd_nobody']);
    assert.equal(unknown.code, 2, 'an unknown id is bad input');
    assert.match(unknown.stderr, /No dead letter with id whd_nobody/);
  });

  test('a dead letter nobody resolves ends as expired once its keeping time has passed', async () => {
    const result = await temporal.client.workflow.execute(webhookDeadLetterWorkflow, {
      workflowId: workflowIds.webhookDeadLetter(`whd_${randomUUID()}`),
      taskQueue,
      args: [
        {
          rawBody: '{}',
          reason: 'test',
          event: null,
          webhookId: null,
          webhookTimestamp: null,
          receivedAt: new Date().toISOString(),
          keepForMs: 300,
        },
      ],
    });
    assert.deepEqual(result, { outcome: 'expired' });
  });
});
