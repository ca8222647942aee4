/** /healthz and /readyz tell "up" from "able to reach Temporal", on the worker and on the ingress. */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { Registry } from 'prom-client';
import { buildIngress } from '../../../client/ingress';
import { developmentNumberKeyer } from '../../../common/process/number-key';
import { buildWorkerMetricsServer } from '../../../worker/metrics-server';

/** A loopback port nothing listens on (bound, read, released). */
async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('health endpoints when Temporal is not reachable', async () => {
  const connection = Connection.lazy({ address: `127.0.0.1:${await closedPort()}`, connectTimeout: 500 });
  const temporal = new Client({ connection });
  after(() => connection.close());

  const apps = {
    worker: buildWorkerMetricsServer({ registry: new Registry(), temporal }),
    ingress: await buildIngress({
      temporal,
      taskQueue: 'q',
      numberKey: developmentNumberKeyer,
      secrets: () => [],
    }),
  };
  for (const [name, app] of Object.entries(apps)) {
    test(`${name}: /healthz is 200 (the process is up) and /readyz is 503 naming Temporal`, async () => {
      assert.equal((await app.inject({ url: '/healthz' })).statusCode, 200);
      const started = Date.now();
      const ready = await app.inject({ url: '/readyz' });
      assert.equal(ready.statusCode, 503);
      assert.equal(ready.json<{ temporal: string }>().temporal, 'unreachable');
      assert.ok(Date.now() - started < 5_000, 'the probe answers within its short deadline');
    });
  }

  test('the worker serves ringflow metrics, and the SDK part degrades to a comment when unreachable', async () => {
    const registry = new Registry();
    const app = buildWorkerMetricsServer({
      registry,
      temporal,
      sdkMetricsAddress: `127.0.0.1:${await closedPort()}`,
    });
    const res = await app.inject({ url: '/metrics' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /# Temporal SDK metrics unavailable/);
  });
});
