import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { selfCheckWorkflow } from '../../../workflows';
import { timeSkippingEnv, uniqueTaskQueue, withWorker } from '../../helpers/temporal';

let env: TestWorkflowEnvironment;
before(async () => {
  env = await timeSkippingEnv();
});
after(() => env?.teardown());

test('a workflow with a three-day durable timer completes in seconds under time skipping', async () => {
  const taskQueue = uniqueTaskQueue();
  const threeDaysMs = 3 * 24 * 60 * 60 * 1000;
  const result = await withWorker(
    {
      connection: env.nativeConnection,
      taskQueue,
      activities: { ping: async (note: string) => ({ note, answeredBy: 'fake' }) },
    },
    () =>
      env.client.workflow.execute(selfCheckWorkflow, {
        taskQueue,
        workflowId: `self-check-${taskQueue}`,
        args: [{ delayMs: threeDaysMs, note: 'long wait' }],
      }),
  );
  const elapsedWorkflowMs = Date.parse(result.finishedAt) - Date.parse(result.startedAt);
  assert.ok(elapsedWorkflowMs >= threeDaysMs, `workflow time advanced only ${elapsedWorkflowMs} ms`);
  // That the three days passed at all before the runner's test timeout is the proof that time skipped;
  // no bound on real time is asserted here (benchmarks measure speed, tests behaviour).
  assert.deepEqual([result.note, result.answeredBy], ['long wait', 'fake']);
});
