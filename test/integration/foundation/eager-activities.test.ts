import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { startDevServer } from '../../../stack/temporal-server';
import { selfCheckWorkflow } from '../../../workflows';
import { uniqueTaskQueue, withWorker } from '../../helpers/temporal';

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('a dev server ringflow starts hands a workflow task’s activities straight back to its worker (eager execution)', async () => {
  const metricsPort = await freePort();
  const server = await startDevServer({ namespace: 'default', metricsPort, env: { PATH: process.env.PATH } });
  const connection = await Connection.connect({ address: server.address });
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  try {
    const taskQueue = uniqueTaskQueue('eager');
    await withWorker(
      {
        connection: nativeConnection,
        taskQueue,
        activities: { ping: async (note: string) => ({ note, answeredBy: 'test' }) },
      },
      () =>
        new Client({ connection }).workflow.execute(selfCheckWorkflow, {
          taskQueue,
          workflowId: `eager-${taskQueue}`,
          args: [{ delayMs: 0, note: 'eager' }],
        }),
    );
    // The history service counts a scheduled activity it may start eagerly only when the server's
    // system.enableActivityEagerExecution is on: without it, there is no such series for the queue.
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    const series = metrics
      .split('\n')
      .filter((line) => line.startsWith('activity_eager_execution{'))
      .filter((line) => line.includes(`taskqueue="${taskQueue.replace(/-/g, '_')}"`));
    assert.equal(series.length, 1, `no activity_eager_execution series for ${taskQueue}`);
  } finally {
    await connection.close();
    await nativeConnection.close();
    await server.stop();
  }
});
