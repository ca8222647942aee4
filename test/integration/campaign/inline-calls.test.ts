/**
 * A campaign contact's inline calls against the REAL cross-flow limiter (its activities and workflows,
 * on the dev server) with scripted call activities: each attempt is its own request to the daily
 * attempt counter and the live-call limiter, with the contact workflow as the holder, and a cancelled
 * contact gives its slot back.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createLimiterActivities } from '../../../activities/limiter';
import { liveCallCount } from '../../../client/status';
import type { CallLimits } from '../../../common/process/config/call-limits';
import { developmentNumberKeyer } from '../../../common/process/number-key';
import { callSlotsWorkflow, campaignWorkflow } from '../../../workflows';
import type { CampaignInput } from '../../../workflows/campaign/workflow';
import type { ContactResult } from '../../../workflows/campaign/types';
import { cancelCampaignUpdate, getCallSlotsQuery, workflowIds } from '../../../workflows/messages';
import type { CallSlotsSnapshot } from '../../../workflows/limiter/types';
import { campaignInput, dialEnds, middayZone, pagesOf, testContacts } from '../../helpers/campaign';
import { eventually } from '../../helpers/eventually';
import { fakeActivities, type FakeOptions, oneNumberAgents } from '../../helpers/fake-activities';
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

/** Short real-time safety net: a live call is checked every few hundred ms. */
const checks = { firstCheckMs: 300, maxIntervalMs: 600, giveUpAfterMs: 60_000 };

/** A campaign of `count` contacts run with scripted calls and the real limiter under `limits`. */
async function runWithRealLimiter(
  input: CampaignInput,
  contacts: ReturnType<typeof testContacts>,
  limits: CallLimits,
  options: Omit<FakeOptions, 'client' | 'contactPages'>,
  steer: (run: { taskQueue: string; limiter: string; fake: Fake }) => Promise<void> = async () => {},
  after: (run: { taskQueue: string }) => Promise<void> = async () => {},
) {
  const taskQueue = uniqueTaskQueue();
  const fake = fakeActivities({
    client: temporal.client,
    contactPages: { [input.definition.campaignId]: pagesOf(contacts, input.contacts.pageSize) },
    ...options,
  });
  const activities = withRealLimiter(fake, taskQueue, limits);
  const limiter = workflowIds.callSlots(taskQueue);
  const { status, slots } = await withWorker(
    { connection: temporal.nativeConnection, taskQueue, activities },
    async () => {
      const handle = await temporal.client.workflow.start(campaignWorkflow, {
        taskQueue,
        workflowId: workflowIds.campaign(input.definition.campaignId),
        args: [{ ...input, checks }],
      });
      await steer({ taskQueue, limiter, fake });
      const status = await handle.result();
      // Queries need the worker: read the limiter before it stops.
      const slots = await temporal.client.workflow.getHandle(limiter).query(getCallSlotsQuery);
      await after({ taskQueue });
      return { status, slots };
    },
  );
  const contact = (row: number) =>
    temporal.client.workflow
      .getHandle<() => Promise<ContactResult>>(workflowIds.campaignContact(input.definition.campaignId, row))
      .result();
  return { fake, status, slots, contact };
}

type Fake = ReturnType<typeof fakeActivities>;

/** The scripted activities with the real limiter's in place of the fake's. */
function withRealLimiter(fake: Fake, taskQueue: string, limits: CallLimits) {
  return {
    ...fake.activities,
    ...createLimiterActivities({
      temporal: temporal.client,
      taskQueue,
      numberKey: developmentNumberKeyer,
      defaultAgentId: 'agt_default',
      callLimits: limits,
      agentphone: oneNumberAgents,
    }),
  };
}

test("the recipient's daily cap counts each inline attempt: a cap of 2 lets a contact retried 3 times be dialled twice", async () => {
  const now = Date.now();
  const contacts = testContacts(1, () => [middayZone(now)]);
  const input = campaignInput(contacts, 5, now, {
    concurrency: 1,
    retry: {
      no_answer: { maxAttempts: 3, spacingMs: 500 },
      busy: { maxAttempts: 1, spacingMs: 500 },
      voicemail: { maxAttempts: 1, spacingMs: 500 },
      failed: { maxAttempts: 1, spacingMs: 500 },
    },
    // The capped third attempt would be tried again 5 minutes on: past the deadline, so the contact ends.
    deadlineMs: now + 60_000,
  });
  const limits: CallLimits = { liveCallsPerAccount: 2, liveCallsPerNumber: 2, attemptsPerRecipientPerDay: 2 };
  const { fake, status, slots, contact } = await runWithRealLimiter(input, contacts, limits, {
    callEnd: () => dialEnds.noAnswer,
  });

  // Were attempt 2 taken for attempt 1 (one request id for the workflow), the counter would answer it
  // with attempt 1's verdict and never count it: the third call would be dialled.
  assert.equal(fake.calls.length, 2, 'two calls, then the cap');
  const result = await contact(1);
  assert.deepEqual([result.state, result.attempts], ['no_answer', 2]);
  assert.deepEqual(status.byState, { no_answer: 1 });
  // Each dialled attempt held and gave back a slot of its own; the capped one took none.
  assert.deepEqual(
    [slots.counters.granted, slots.counters.released, slots.leases.length, slots.queue.length],
    [2, 2, 0, 0],
  );
});

test('cancelling a campaign with end-live-calls during an inline call ends the call and frees its slot in the real limiter', async () => {
  const now = Date.now();
  const contacts = testContacts(1, () => [middayZone(now)]);
  const input = campaignInput(contacts, 5, now, { concurrency: 1 });
  const limits: CallLimits = { liveCallsPerAccount: 1, liveCallsPerNumber: 1, attemptsPerRecipientPerDay: 3 };
  const contactId = workflowIds.campaignContact(input.definition.campaignId, 1);
  let held: CallSlotsSnapshot | undefined;
  const live: number[] = [];
  const { fake, status, slots, contact } = await runWithRealLimiter(
    input,
    contacts,
    limits,
    // The call stays live: its webhook is lost and every check finds it still going.
    { webhooks: ['lose'], callEndedOnFetch: false },
    async ({ limiter, taskQueue, fake }) => {
      held = await eventually(
        async () => {
          const s = await temporal.client.workflow
            .getHandle(limiter)
            .query(getCallSlotsQuery)
            .catch(() => undefined);
          return s && s.leases.length === 1 && fake.counts.fetchCall > 0 ? s : undefined;
        },
        { what: 'the contact holds a slot while its call is live' },
      );
      // `ringflow status` counts it as a live call, though no callWorkflow stands for it.
      live.push(await liveCallCount(temporal.client, taskQueue));
      await temporal.client.workflow
        .getHandle(workflowIds.campaign(input.definition.campaignId))
        .executeUpdate(cancelCampaignUpdate, { args: [{ endLiveCalls: true }] });
    },
    async ({ taskQueue }) => {
      live.push(await liveCallCount(temporal.client, taskQueue));
      live.push(await liveCallCount(temporal.client, uniqueTaskQueue()));
    },
  );

  assert.equal(held?.leases[0]?.holderWorkflowId, contactId, 'the contact workflow held the slot');
  assert.deepEqual([...fake.ended], ['call_0001'], 'the live call was ended');
  assert.equal((await contact(1)).state, 'cancelled');
  assert.deepEqual(status.byState, { cancelled: 1 });
  assert.deepEqual(
    [slots.counters.granted, slots.counters.released, slots.counters.reclaimed, slots.leases.length],
    [1, 1, 0, 0],
    'given back by the contact itself, not reclaimed',
  );
  assert.deepEqual(
    live,
    [1, 0, 0],
    'status: one live call while held, none after, none where no limiter runs',
  );
});

test('the slot of a contact terminated mid-call is reclaimed by the limiter (the holder is the contact), and the next contact calls', async () => {
  const now = Date.now();
  const contacts = testContacts(2, () => [middayZone(now)]);
  const input = campaignInput(contacts, 5, now, { concurrency: 2 });
  const taskQueue = uniqueTaskQueue();
  // Contact 1's call stays live (webhook lost, never found ended); contact 2's ends by its webhook.
  const fake = fakeActivities({
    client: temporal.client,
    contactPages: { [input.definition.campaignId]: pagesOf(contacts, input.contacts.pageSize) },
    webhooks: ['lose', 'deliver'],
    callEndedOnFetch: false,
  });
  const limits: CallLimits = { liveCallsPerAccount: 1, liveCallsPerNumber: 1, attemptsPerRecipientPerDay: 3 };
  const limiter = temporal.client.workflow.getHandle(workflowIds.callSlots(taskQueue));
  const contactId = (row: number) => workflowIds.campaignContact(input.definition.campaignId, row);
  await withWorker(
    {
      connection: temporal.nativeConnection,
      taskQueue,
      activities: withRealLimiter(fake, taskQueue, limits),
    },
    async () => {
      // Started before any request, to check its holders every 500 ms while someone waits.
      await temporal.client.workflow.start(callSlotsWorkflow, {
        taskQueue,
        workflowId: workflowIds.callSlots(taskQueue),
        args: [{ deployment: taskQueue, blockedCheckMs: 500 }],
      });
      const campaign = await temporal.client.workflow.start(campaignWorkflow, {
        taskQueue,
        workflowId: workflowIds.campaign(input.definition.campaignId),
        args: [{ ...input, checks }],
      });
      const held = await eventually(
        async () => {
          const s = await limiter.query(getCallSlotsQuery);
          return s.leases.length === 1 && s.queue.length === 1 ? s : undefined;
        },
        { what: 'one contact holding the only slot, the other waiting' },
      );
      const holder = held.leases[0]!.holderWorkflowId;
      assert.ok([contactId(1), contactId(2)].includes(holder), `${holder} is a contact`);
      // Whichever contact got the slot is terminated mid-call: it never gives the slot back itself.
      await temporal.client.workflow.getHandle(holder).terminate('test: a holder that dies holding a slot');
      const other = holder === contactId(1) ? contactId(2) : contactId(1);
      const result = await temporal.client.workflow.getHandle<() => Promise<ContactResult>>(other).result();
      assert.equal(result.attempts, 1, 'the waiting contact got the slot and called');
      const after = await limiter.query(getCallSlotsQuery);
      assert.deepEqual(
        [after.counters.reclaimed, after.counters.granted, after.leases.length, after.queue.length],
        [1, 2, 0, 0],
        'the dead contact’s slot was reclaimed; the other was granted and released',
      );
      await campaign.terminate('test over: one contact never reports');
    },
  );
});
