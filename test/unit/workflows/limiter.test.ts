import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { attemptShardOf, createLimiterActivities, recipientDay } from '../../../activities/limiter';
import type { CallLimits } from '../../../common/process/config/call-limits';
import { developmentNumberKeyer } from '../../../common/process/number-key';
import { callWorkflow } from '../../../workflows';
import { getCallSlotsQuery, workflowIds } from '../../../workflows/messages';
import type { CallSlotsSnapshot } from '../../../workflows/limiter/types';
import { eventually } from '../../helpers/eventually';
import { fakeActivities, oneNumberAgents } from '../../helpers/fake-activities';
import { timeSkippingEnv, uniqueTaskQueue, untilWaitingOnTimer, withWorker } from '../../helpers/temporal';

let env: TestWorkflowEnvironment;
before(async () => {
  env = await timeSkippingEnv();
});
after(() => env?.teardown());

const LIMITS: CallLimits = { liveCallsPerAccount: 3, liveCallsPerNumber: 3, attemptsPerRecipientPerDay: 3 };

/**
 * The limiter's long waits on the time-skipping test server: a lease that runs out hours later, and a
 * day's attempts. (Many holders at once are tested on the dev server, test/integration/limiter/: the
 * time-skipping server stalls when many workflows and the limiter signal each other.)
 *
 * Scripted call activities with the real limiter activities (and so the real limiter workflows) on a
 * task queue of its own.
 */
function limitedActivities(taskQueue: string, calls: number, limits: CallLimits = LIMITS) {
  // Webhooks lost: each call lasts until its safety-net check (a durable timer) finds it ended.
  const fake = fakeActivities({ client: env.client, webhooks: Array(calls).fill('lose') });
  const activities = {
    ...fake.activities,
    ...createLimiterActivities({
      temporal: env.client,
      taskQueue,
      numberKey: developmentNumberKeyer,
      defaultAgentId: 'agt_default',
      callLimits: limits,
      agentphone: oneNumberAgents,
    }),
  };
  return { fake, activities };
}

const checks = { firstCheckMs: 120_000, maxIntervalMs: 600_000, giveUpAfterMs: 3_600_000 };

function startCall(taskQueue: string, id: string, toNumber: string) {
  return env.client.workflow.start(callWorkflow, {
    taskQueue,
    workflowId: `call:${taskQueue}:${id}`,
    args: [{ toNumber, systemPrompt: 'Say hello.', checks }],
  });
}

/** A distinct recipient per call, so the daily cap stays out of the way. */
const recipient = (n: number) => `+1415555${String(1000 + n)}`;

/**
 * Terminates the limiter workflows a test leaves running: with their worker gone, a timer of theirs
 * firing in a later test's skipped time would leave a workflow task nobody takes, which stops the
 * test server from skipping time at all.
 */
async function stopLimiterWorkflows(taskQueue: string, recipients: string[]): Promise<void> {
  const nowMs = Date.now();
  const ids = [
    workflowIds.callSlots(taskQueue),
    ...recipients.flatMap((r) =>
      [nowMs, nowMs + 25 * 60 * 60_000].map((at) =>
        workflowIds.callAttempts(
          taskQueue,
          recipientDay(r, at).day,
          attemptShardOf(developmentNumberKeyer(r)),
        ),
      ),
    ),
  ];
  for (const id of ids)
    await env.client.workflow
      .getHandle(id)
      .terminate('test over')
      .catch(() => undefined);
}

function limiterSnapshot(taskQueue: string): Promise<CallSlotsSnapshot> {
  return env.client.workflow.getHandle(workflowIds.callSlots(taskQueue)).query(getCallSlotsQuery);
}

describe('the live-call limiter, over hours', () => {
  test('with nobody waiting, a vanished holder’s slot is taken back when its lease runs out', async () => {
    const taskQueue = uniqueTaskQueue();
    const { activities } = limitedActivities(taskQueue, 1, { ...LIMITS, liveCallsPerAccount: 1 });
    await withWorker({ connection: env.nativeConnection, taskQueue, activities }, async () => {
      const holder = await startCall(taskQueue, 'holder', recipient(1));
      await eventually(async () => {
        const snap = await limiterSnapshot(taskQueue).catch(() => undefined);
        return snap?.leases.length === 1 ? true : undefined;
      });
      // Terminated at a quiet point (waiting on its safety-net timer): terminating it while an activity
      // is in flight has hung the time-skipping test server's next sleep now and then.
      await untilWaitingOnTimer(env.client, holder.workflowId);
      await holder.terminate('a holder that vanished');
      assert.equal((await limiterSnapshot(taskQueue)).leases.length, 1, 'nobody waits: nothing checked yet');
      await env.sleep(checks.giveUpAfterMs + 30 * 60_000); // past the lease
      await eventually(async () =>
        (await limiterSnapshot(taskQueue)).leases.length === 0 ? true : undefined,
      );
      assert.equal((await limiterSnapshot(taskQueue)).counters.reclaimed, 1);
      await stopLimiterWorkflows(taskQueue, [recipient(1)]);
    });
  });
});

describe('attempts per recipient per day, over days', () => {
  const restaurant = '+14155550123';

  test('the day after reaching the cap, the recipient may be called again', async () => {
    const taskQueue = uniqueTaskQueue();
    const { fake, activities } = limitedActivities(taskQueue, 0, {
      ...LIMITS,
      attemptsPerRecipientPerDay: 1,
    });
    const call = (id: string) =>
      env.client.workflow.execute(callWorkflow, {
        taskQueue,
        workflowId: `call:${taskQueue}:${id}`,
        args: [{ toNumber: restaurant, systemPrompt: 'Say hello.', checks }],
      });
    await withWorker({ connection: env.nativeConnection, taskQueue, activities }, async () => {
      const today = await call('today');
      assert.ok(!today.suppressed);
      assert.equal(today.source, 'webhook');
      await env.sleep(25 * 60 * 60_000);
      const tomorrow = await call('tomorrow');
      assert.ok(!tomorrow.suppressed);
      assert.equal(tomorrow.source, 'webhook');
      await stopLimiterWorkflows(taskQueue, [restaurant]);
    });
    assert.equal(fake.counts.placeCall, 2);
  });
});

describe('the limiter round trip', () => {
  test('a call below the caps counts its attempt and takes its slot in one activity, and no limiter signals it', async () => {
    const taskQueue = uniqueTaskQueue();
    const { activities } = limitedActivities(taskQueue, 0);
    await withWorker({ connection: env.nativeConnection, taskQueue, activities }, async () => {
      const call = await env.client.workflow.start(callWorkflow, {
        taskQueue,
        workflowId: `call:${taskQueue}:one-hop`,
        args: [{ toNumber: recipient(7), systemPrompt: 'Say hello.', checks }],
      });
      const result = await call.result();
      assert.ok(!result.suppressed);
      const { events } = await call.fetchHistory();
      const startedAtMs = Number(events?.[0]?.eventTime?.seconds ?? 0) * 1000;
      const activityTypes = (events ?? []).flatMap((e) =>
        e.activityTaskScheduledEventAttributes?.activityType?.name
          ? [e.activityTaskScheduledEventAttributes.activityType.name]
          : [],
      );
      assert.equal(activityTypes.filter((t) => t === 'takeCallSlot').length, 1, activityTypes.join(', '));
      const signals = (events ?? []).flatMap((e) =>
        e.workflowExecutionSignaledEventAttributes?.signalName
          ? [e.workflowExecutionSignaledEventAttributes.signalName]
          : [],
      );
      assert.deepEqual(
        signals.filter((s) => s !== 'call-ended'),
        [],
        'only the call-ended event reaches the call by signal',
      );
      const counter = env.client.workflow.getHandle(
        workflowIds.callAttempts(
          taskQueue,
          // The call's own day (the test server's clock skips ahead once nothing runs).
          recipientDay(recipient(7), startedAtMs).day,
          attemptShardOf(developmentNumberKeyer(recipient(7))),
        ),
      );
      const counterEvents = (await counter.fetchHistory()).events ?? [];
      assert.ok(counterEvents.some((e) => e.workflowExecutionUpdateCompletedEventAttributes));
      assert.ok(!counterEvents.some((e) => e.signalExternalWorkflowExecutionInitiatedEventAttributes));
      assert.equal((await limiterSnapshot(taskQueue)).counters.granted, 1);
      await stopLimiterWorkflows(taskQueue, [recipient(7)]);
    });
  });
});

describe('a call cancelled while it takes its slot', () => {
  test('gives back the slot it was granted meanwhile, and dials nobody', async () => {
    const taskQueue = uniqueTaskQueue();
    const { fake, activities } = limitedActivities(taskQueue, 0);
    let cancelSent!: () => void;
    const cancelled = new Promise<void>((resolve) => (cancelSent = resolve));
    const takeCallSlot: typeof activities.takeCallSlot = async (request) => {
      // The slot is granted while the cancel is on its way to the workflow.
      const taken = await activities.takeCallSlot(request);
      await cancelled;
      return taken;
    };
    await withWorker(
      { connection: env.nativeConnection, taskQueue, activities: { ...activities, takeCallSlot } },
      async () => {
        const call = await startCall(taskQueue, 'cancelled-while-taking', recipient(8));
        await eventually(async () => {
          const snap = await limiterSnapshot(taskQueue).catch(() => undefined);
          return snap?.leases.length === 1 ? true : undefined;
        });
        await call.cancel();
        cancelSent();
        await assert.rejects(call.result());
        await eventually(async () => {
          const snap = await limiterSnapshot(taskQueue);
          return snap.leases.length === 0 && snap.counters.released === 1 ? true : undefined;
        });
        await stopLimiterWorkflows(taskQueue, [recipient(8)]);
      },
    );
    assert.equal(fake.counts.placeCall, 0);
  });
});
