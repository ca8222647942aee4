import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createActivities } from '../../../activities';
import { silentLogger } from '../../../common/process/logger';
import { loadConfig } from '../../../worker/config';
import { buildActivityDeps } from '../../../worker/deps';
import { selfCheckWorkflow } from '../../../workflows';
import {
  integrationTemporal,
  uniqueTaskQueue,
  withWorker,
  type IntegrationTemporal,
} from '../../helpers/temporal';

let temporal: IntegrationTemporal;
before(async () => {
  temporal = await integrationTemporal();
});
after(() => temporal?.teardown());

test('the real worker runs a workflow with a timer and an activity on the dev server', async () => {
  const taskQueue = uniqueTaskQueue();
  // The self-check touches no AgentPhone endpoint; the client is built but never used.
  const built = await buildActivityDeps(
    loadConfig({}),
    temporal.address,
    { apiKey: 'sk_unused', baseUrl: 'http://127.0.0.1:9', defaultAgentId: undefined },
    silentLogger,
  );
  after(() => built.close());
  const result = await withWorker(
    { connection: temporal.nativeConnection, taskQueue, activities: createActivities(built.deps) },
    () =>
      temporal.client.workflow.execute(selfCheckWorkflow, {
        taskQueue,
        workflowId: `self-check-${taskQueue}`,
        args: [{ delayMs: 200, note: 'integration' }],
      }),
  );
  assert.equal(result.note, 'integration');
  assert.match(result.answeredBy, new RegExp(`worker pid ${process.pid} on task queue ${taskQueue}`));
  assert.ok(Date.parse(result.finishedAt) - Date.parse(result.startedAt) >= 200);
});
