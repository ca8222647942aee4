import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../../client/commands/sms-relay';
import { readSmsRelaySettings } from '../../../client/sms-relay-settings';
import { integrationTemporal, uniqueTaskQueue, withWorker } from '../../helpers/temporal';

test('ringflow sms-relay enable stores the settings durably, status shows them, disable removes them', async () => {
  const temporal = await integrationTemporal();
  try {
    const taskQueue = uniqueTaskQueue();
    const agentId = `agt_${taskQueue}`;
    const env = { TEMPORAL_ADDRESS: temporal.address, RINGFLOW_TASK_QUEUE: taskQueue };
    const run = async (argv: string[]) => {
      let out = '';
      await main(argv, env, (text) => (out += text));
      return out;
    };
    await withWorker({ connection: temporal.nativeConnection, taskQueue, activities: {} }, async () => {
      assert.match(await run(['status', '--agent', agentId]), /SMS relay off\./);

      const enabled = await run(['enable', '--agent', agentId, '--notify', '(415) 555-0142']);
      assert.match(enabled, /relaying to \+14155550142: one-time codes on, other texts nobody waits for off/);
      // The default of enable: codes on, other texts off; the number in E.164.
      assert.deepEqual(await readSmsRelaySettings(temporal.client, agentId), {
        notify: '+14155550142',
        codes: true,
        relaySms: false,
      });

      await run(['enable', '--agent', agentId, '--notify', '+14155550142', '--relay-sms']);
      const status = JSON.parse(await run(['status', '--agent', agentId, '--json'])) as Record<
        string,
        unknown
      >;
      assert.equal(status.enabled, true);
      assert.deepEqual(status.settings, { notify: '+14155550142', codes: true, relaySms: true });
      assert.equal(typeof status.updatedAt, 'string');

      const all = JSON.parse(await run(['status', '--json'])) as { agentId: string }[];
      assert.ok(
        all.some((s) => s.agentId === agentId),
        'status without --agent lists every agent with the relay on',
      );

      assert.match(await run(['disable', '--agent', agentId]), /SMS relay off\./);
      assert.equal(await readSmsRelaySettings(temporal.client, agentId), null);
    });
  } finally {
    await temporal.teardown();
  }
});
