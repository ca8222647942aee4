import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { onboardingWorkflow } from '../../../workflows';
import { onboardingCodeSentUpdate, workflowIds } from '../../../workflows/messages';
import { fakeActivities } from '../../helpers/fake-activities';
import { timeSkippingEnv, uniqueTaskQueue, withWorker } from '../../helpers/temporal';

let env: TestWorkflowEnvironment;
before(async () => {
  env = await timeSkippingEnv();
});
after(() => env?.teardown());

test('an onboarding nobody verifies ends as expired when the code lapses, 10 minutes on', async () => {
  const taskQueue = uniqueTaskQueue();
  const { activities } = fakeActivities({ client: env.client });
  await withWorker({ connection: env.nativeConnection, taskQueue, activities }, async () => {
    const handle = await env.client.workflow.start(onboardingWorkflow, {
      taskQueue,
      workflowId: workflowIds.onboarding(`k-${taskQueue}`),
      args: [{ email: 'owner@example.com' }],
    });
    const status = await handle.executeUpdate(onboardingCodeSentUpdate);
    assert.equal(status.state, 'waiting-for-code');
    const startedAt = await env.currentTimeMs();
    const result = await handle.result();
    assert.equal(result.state, 'expired');
    assert.match(result.message, /expired at .*ringflow signup --email/);
    assert.ok((await env.currentTimeMs()) - startedAt >= 9 * 60_000, 'it waited for the code to lapse');
  });
});

test('a shortened expiry input ends the flow early (for tests and demos)', async () => {
  const taskQueue = uniqueTaskQueue();
  const { activities } = fakeActivities({ client: env.client });
  await withWorker({ connection: env.nativeConnection, taskQueue, activities }, async () => {
    const handle = await env.client.workflow.start(onboardingWorkflow, {
      taskQueue,
      workflowId: workflowIds.onboarding(`k-${taskQueue}`),
      args: [{ email: 'owner@example.com', expiresAfterMs: 60_000 }],
    });
    const status = await handle.executeUpdate(onboardingCodeSentUpdate);
    const startedAt = await env.currentTimeMs();
    assert.ok(status.codeExpiresAt && Date.parse(status.codeExpiresAt) - startedAt <= 61_000);
    assert.equal((await handle.result()).state, 'expired');
  });
});
