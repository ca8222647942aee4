/**
 * What an activity reads from Temporal never waits on a workflow worker that may be going away, and a
 * Temporal call an activity makes ends when the activity is cancelled (a worker shutting down cancels
 * its activities). A CI run's teardown hung here: a contact's local activity queried its campaign's
 * settings while the only worker was stopping; the query waited 30 s, was retried, waited again, and the
 * worker never stopped (the SDK does not cancel local activities at shutdown).
 *
 * The stored workflows run on a task queue nobody polls, so only the server can answer for them.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import { endTemporalCallsOnCancel } from '../../../activities/cancellable-temporal-calls';
import { campaignContactWorkflow, campaignSettingsWorkflow } from '../../../workflows';
import { DEFAULT_OUTCOMES, DEFAULT_RETRY } from '../../../workflows/campaign/input';
import { getCampaignSettingsQuery, workflowIds } from '../../../workflows/messages';
import { EVERY_DAY, middayZone, testContacts } from '../../helpers/campaign';
import { startTestStack, type TestStack } from '../../helpers/stack';

/** gRPC's CANCELLED status code: the client cancelled the call. */
const GRPC_CANCELLED = 1;

let stack: TestStack;
before(async () => {
  stack = await startTestStack();
});
after(() => stack?.stop());

/** Starts `campaign-settings:<id>` where no worker will ever run it. */
async function unservedSettings(campaignId: string) {
  return stack.temporal.client.workflow.start(campaignSettingsWorkflow, {
    taskQueue: `nobody-${randomUUID()}`,
    workflowId: workflowIds.campaignSettings(campaignId),
    args: [
      {
        campaignId,
        settings: { prompt: 'Remind {{name}}.', outcomes: DEFAULT_OUTCOMES, retry: DEFAULT_RETRY },
        keepUntilMs: Date.now() + 86_400_000,
      },
    ],
  });
}

test('a contact reads its settings while no worker serves the settings workflow, and calls', async () => {
  const { client } = stack.temporal;
  const campaignId = `unserved-${randomUUID().slice(0, 8)}`;
  const settings = await unservedSettings(campaignId);
  const [contact] = testContacts(1, () => [middayZone(Date.now())]);
  const child = await client.workflow.start(campaignContactWorkflow, {
    taskQueue: stack.taskQueue,
    workflowId: workflowIds.campaignContact(campaignId, contact!.row),
    args: [
      {
        campaignId,
        parentWorkflowId: workflowIds.campaign(campaignId),
        contact: contact!,
        window: { start: '00:00', end: '23:59', days: EVERY_DAY },
        deadlineMs: Date.now() + 86_400_000,
      },
    ],
  });
  // A query here waited for a worker of the settings' task queue that never comes: the contact never
  // dialled and this waited for the file's timeout.
  const result = await child.result();
  assert.equal(result.attempts, 1, JSON.stringify(result));
  assert.equal(result.callIds.length, 1);
  const calls = await stack.list<{ id: string }>('/_sim/calls');
  assert.ok(
    calls.some((c) => c.id === result.callIds[0]),
    'the call reached the simulator',
  );
  await settings.terminate('test over');
});

test("a query made by an activity ends when the activity is cancelled, not at the query's deadline", async () => {
  const { client } = stack.temporal;
  const campaignId = `cancelled-${randomUUID().slice(0, 8)}`;
  const settings = await unservedSettings(campaignId);
  const activities = endTemporalCallsOnCancel(
    {
      askForSettings: async () => {
        Context.current().heartbeat();
        return client.workflow.getHandle(settings.workflowId).query(getCampaignSettingsQuery);
      },
    },
    client,
  );
  const env = new MockActivityEnvironment();
  // Cancelled once the query is on its way (the heartbeat comes first, from inside the activity).
  env.once('heartbeat', () => setImmediate(() => env.cancel('WORKER_SHUTDOWN')));
  await assert.rejects(env.run(activities.askForSettings), (err: unknown) => {
    // Aborted by the activity's cancellation: the client reports the abort, not a query timeout.
    assert.equal((err as { cause?: { code?: number } }).cause?.code, GRPC_CANCELLED, String(err));
    return true;
  });
  await settings.terminate('test over');
});
