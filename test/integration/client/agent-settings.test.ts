import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readAgentSettings, writeAgentSettingsSection } from '../../../client/agent-settings';
import { integrationTemporal, uniqueTaskQueue, withWorker } from '../../helpers/temporal';

test('an agent settings section is stored durably, read back, and removed with null', async () => {
  const temporal = await integrationTemporal();
  try {
    const taskQueue = uniqueTaskQueue();
    const agentId = `agt_${taskQueue}`;
    await withWorker({ connection: temporal.nativeConnection, taskQueue, activities: {} }, async () => {
      assert.deepEqual(await readAgentSettings(temporal.client, agentId), {});
      await writeAgentSettingsSection(temporal.client, taskQueue, agentId, 'missedCalls', {
        delayMinutes: 5,
      });
      const after = await writeAgentSettingsSection(temporal.client, taskQueue, agentId, 'smsRelay', {
        on: true,
      });
      assert.deepEqual(Object.keys(after).sort(), ['missedCalls', 'smsRelay']);
      assert.deepEqual((await readAgentSettings(temporal.client, agentId)).missedCalls?.value, {
        delayMinutes: 5,
      });
      await writeAgentSettingsSection(temporal.client, taskQueue, agentId, 'smsRelay', null);
      assert.deepEqual(Object.keys(await readAgentSettings(temporal.client, agentId)), ['missedCalls']);
    });
  } finally {
    await temporal.teardown();
  }
});
