/**
 * The standalone processes serve their probes as an operator runs them: `ringflow worker` with
 * RINGFLOW_WORKER_METRICS_PORT (ringflow's and the SDK's metrics in one scrape) and `ringflow ingress`
 * (metrics and probes on the webhook port).
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, runCli, type CliProcess } from '../../helpers/processes';
import { eventually } from '../../helpers/eventually';

// The harness's server (scripts/test.ts sets it for every integration file).
const TEMPORAL = process.env.RINGFLOW_TEST_TEMPORAL_ADDRESS!;
const running: CliProcess[] = [];
after(async () => {
  await Promise.all(running.map((p) => p.stop()));
});

const baseEnv = () => ({
  PATH: process.env.PATH,
  TEMPORAL_ADDRESS: TEMPORAL,
  RINGFLOW_TASK_QUEUE: `proc-${randomUUID()}`,
  RINGFLOW_NUMBER_KEY: 'a-test-number-key-of-at-least-32-characters',
  LOG_LEVEL: 'info',
});

/** GETs until the process answers (it is still starting), then returns status and body. */
async function probe(url: string): Promise<{ status: number; body: string }> {
  return eventually(
    async () => {
      try {
        const res = await fetch(url);
        return { status: res.status, body: await res.text() };
      } catch {
        return undefined; // not listening yet
      }
    },
    { timeoutMs: 60_000, what: url },
  );
}

describe('probes of the standalone processes', () => {
  test('ringflow worker serves /metrics (ringflow and Temporal SDK), /healthz and /readyz', async () => {
    const port = await freePort();
    const worker = runCli(['worker'], {
      ...baseEnv(),
      AGENTPHONE_API_KEY: 'sk_test_unused',
      AGENTPHONE_BASE_URL: 'http://127.0.0.1:9',
      RINGFLOW_WORKER_METRICS_PORT: String(port),
    });
    running.push(worker);
    await worker.waitFor(/worker running/);
    const metrics = await probe(`http://127.0.0.1:${port}/metrics`);
    assert.equal(metrics.status, 200);
    assert.match(metrics.body, /^# HELP ringflow_calls_placed_total /m);
    assert.match(metrics.body, /^process_cpu_seconds_total /m);
    assert.match(metrics.body, /^temporal_\w+/m, 'the SDK runtime metrics are in the same scrape');
    assert.equal((await probe(`http://127.0.0.1:${port}/healthz`)).status, 200);
    assert.equal((await probe(`http://127.0.0.1:${port}/readyz`)).status, 200);
  });

  test('ringflow ingress serves /metrics, /healthz and /readyz on its webhook port', async () => {
    const port = await freePort();
    const ingress = runCli(['ingress', '--port', String(port)], {
      ...baseEnv(),
      AGENTPHONE_WEBHOOK_SECRETS: 'whsec_process_test',
    });
    running.push(ingress);
    await ingress.waitFor(/ringflow ingress: POST/);
    const metrics = await probe(`http://127.0.0.1:${port}/metrics`);
    assert.equal(metrics.status, 200);
    assert.match(metrics.body, /^# HELP ringflow_webhooks_rejected_total /m);
    assert.equal((await probe(`http://127.0.0.1:${port}/readyz`)).status, 200);
  });

  test('npm start with RINGFLOW_WORKER_METRICS_PORT serves the worker metrics, and the ingress its own', async () => {
    const stack = runCli(['start'], {
      ...process.env,
      ...baseEnv(),
      TEMPORAL_CLI_PATH: '/nonexistent/temporal',
      RINGFLOW_STATE_DIR: mkdtempSync(join(tmpdir(), 'ringflow-metrics-')),
      RINGFLOW_INGRESS_PORT: '0',
      RINGFLOW_SIMULATOR_PORT: '0',
      RINGFLOW_DEMO: 'false',
      RINGFLOW_WORKER_METRICS_PORT: '0',
    });
    running.push(stack);
    await stack.waitFor(/ringflow is running/);
    const workerUrl = /Worker metrics: (\S+)/.exec(stack.output())![1]!;
    const ingressUrl = /Webhook ingress: POST (\S+)\/webhooks\/agentphone/.exec(stack.output())![1]!;
    const worker = await probe(workerUrl);
    assert.match(worker.body, /^# HELP ringflow_calls_placed_total /m);
    assert.match(worker.body, /^temporal_\w+/m);
    const ingress = await probe(`${ingressUrl}/metrics`);
    assert.match(ingress.body, /^# HELP ringflow_webhooks_received_total /m);
    assert.equal((await probe(`${ingressUrl}/readyz`)).status, 200);
  });
});
