// The workflow side of campaign schedules, on skipped time (the firing itself is Temporal Schedules',
// tested on the dev server in test/integration/campaign/schedules.test.ts).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { scheduledCampaignWorkflow } from '../../../workflows';
import { workflowIds } from '../../../workflows/messages';
import type { ScheduledCampaignInput } from '../../../workflows/campaign/scheduled';
import { campaignInput, middayZone, pagesOf, testContacts } from '../../helpers/campaign';
import { fakeActivities } from '../../helpers/fake-activities';
import { timeSkippingEnv, uniqueTaskQueue, withWorker } from '../../helpers/temporal';

let env: TestWorkflowEnvironment;
before(async () => {
  env = await timeSkippingEnv();
});
after(() => env?.teardown());

test('two runs of one schedule are two campaigns over the same stored pages, each deadline counted from its own start', async () => {
  const now = await env.currentTimeMs();
  const contacts = testContacts(5, () => [middayZone(now)]);
  const name = `weekly${Math.random().toString(36).slice(2, 8)}`;
  const storeId = workflowIds.campaignScheduleStore(name);
  const { definition, contacts: ref } = campaignInput(contacts, 2, now);
  const { campaignId: _unused, deadlineMs: _none, ...template } = definition;
  const input: ScheduledCampaignInput = {
    scheduleName: name,
    template,
    deadline: { afterStartMs: 8 * 3_600_000 },
    contacts: { ...ref, storeId },
  };
  // Only the schedule's store holds pages: a run reading under its own id would fail.
  const fake = fakeActivities({ client: env.client, contactPages: { [storeId]: pagesOf(contacts, 2) } });
  const taskQueue = uniqueTaskQueue();
  const results = await withWorker(
    { connection: env.nativeConnection, taskQueue, activities: fake.activities },
    () =>
      Promise.all(
        ['2026-12-07T09:00:00Z', '2026-12-14T09:00:00Z'].map(async (fireTime) => {
          const handle = await env.client.workflow.start(scheduledCampaignWorkflow, {
            taskQueue,
            // As Temporal Schedules name a fired run: the action's id and the fire time.
            workflowId: `${workflowIds.campaignScheduleRun(name)}-${fireTime}`,
            args: [input],
          });
          const startedAt = (await handle.describe()).startTime.getTime();
          return { ...(await handle.result()), startedAt };
        }),
      ),
  );
  assert.deepEqual(
    results.map((r) => r.campaignId),
    [`${name}-20261207T090000Z`, `${name}-20261214T090000Z`],
  );
  for (const r of results) {
    assert.deepEqual([r.status.campaignId, r.status.state, r.status.done], [r.campaignId, 'completed', 5]);
    const afterStart = r.status.deadlineMs - r.startedAt;
    assert.ok(afterStart >= 8 * 3_600_000 && afterStart < 8 * 3_600_000 + 5_000, `${afterStart} ms`);
  }
  // Every contact called once per run.
  assert.equal(fake.counts.placeCall, 10);
});
