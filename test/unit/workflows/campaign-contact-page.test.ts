// Its own file and time-skipping server: workflows a campaign test leaves behind on a stopped worker
// keep that server from skipping time (seen here: the page's timer then waited in real time).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { campaignContactPageWorkflow } from '../../../workflows';
import { keepContactPageUntilSignal, workflowIds } from '../../../workflows/messages';
import { timeSkippingEnv, uniqueTaskQueue, untilWaitingOnTimer, withWorker } from '../../helpers/temporal';

let env: TestWorkflowEnvironment;
before(async () => {
  env = await timeSkippingEnv();
});
after(() => env?.teardown());

test('a stored page ends when the keep-until signal moves its end, not at its first end', async () => {
  const now = await env.currentTimeMs();
  const taskQueue = uniqueTaskQueue();
  const workflowId = workflowIds.campaignContactPage(`schedule:${Math.random().toString(36).slice(2)}`, 0);
  await withWorker({ connection: env.nativeConnection, taskQueue, activities: {} }, async () => {
    const handle = await env.client.workflow.start(campaignContactPageWorkflow, {
      taskQueue,
      workflowId,
      args: [{ campaignId: 'schedule:x', page: 0, contacts: [], keepUntilMs: now + 3_650 * 86_400_000 }],
    });
    await untilWaitingOnTimer(env.client, workflowId);
    await handle.signal(keepContactPageUntilSignal, now + 31 * 86_400_000);
    await handle.result();
    const ended = (await handle.describe()).closeTime!.getTime();
    // Ended at the moved end (time skipped), nowhere near ten years on.
    assert.ok(Math.abs(ended - (now + 31 * 86_400_000)) < 60_000, `ended ${ended - now} ms after start`);
  });
});
