/**
 * Records the histories the replay tests check: runs each scenario on a dev server with the real
 * workflow code and saves its history. Re-run after an intended workflow change:
 *   node --import tsx test/replay/record.ts
 * Altered copies (names starting with "altered-") are written by hand to prove the check can fail.
 */
import { integrationTemporal, uniqueTaskQueue, withWorker } from '../helpers/temporal';
import { saveHistory } from '../helpers/replay';
import { selfCheckWorkflow } from '../../workflows';

const temporal = await integrationTemporal();
try {
  const taskQueue = uniqueTaskQueue('record');
  await withWorker(
    {
      connection: temporal.nativeConnection,
      taskQueue,
      activities: { ping: async (note: string) => ({ note, answeredBy: 'recorder' }) },
    },
    async () => {
      const workflowId = `self-check-${taskQueue}`;
      await temporal.client.workflow.execute(selfCheckWorkflow, {
        taskQueue,
        workflowId,
        args: [{ delayMs: 100, note: 'recorded' }],
      });
      console.log(await saveHistory(temporal.client, workflowId, 'self-check'));
    },
  );
} finally {
  await temporal.teardown();
}
