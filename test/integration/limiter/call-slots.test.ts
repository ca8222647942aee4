/**
 * The live-call limiter with many holders at once, on the dev server with scripted call activities and
 * the real limiter activities and workflows. (On the time-skipping test server, many workflows
 * signalling the limiter while it signals them back stalls the server itself; the long waits of the
 * limiter — lease expiry, a day's attempts — are tested there, in test/unit/workflows/limiter.test.ts.)
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import { createLimiterActivities } from '../../../activities/limiter';
import { activityConnectionInterceptors } from '../../../worker/update-retry';
import type { CallLimits } from '../../../common/process/config/call-limits';
import { developmentNumberKeyer } from '../../../common/process/number-key';
import { callSlotsWorkflow, callWorkflow, reservationWorkflow } from '../../../workflows';
import { getCallSlotPhaseQuery, getCallSlotsQuery, workflowIds } from '../../../workflows/messages';
import type { CallSlotsSnapshot } from '../../../workflows/limiter/types';
import { ANY_HOUR } from '../../../workflows/reservation/types';
import { daysFromNow } from '../../helpers/dates';
import { eventually } from '../../helpers/eventually';
import { fakeActivities, outcomes, type WebhookPlan, oneNumberAgents } from '../../helpers/fake-activities';
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

const LIMITS: CallLimits = { liveCallsPerAccount: 3, liveCallsPerNumber: 3, attemptsPerRecipientPerDay: 3 };

/** Short real-time checks: each call lasts until its first safety-net check finds it ended. */
const checks = { firstCheckMs: 300, maxIntervalMs: 600, giveUpAfterMs: 60_000 };

/**
 * Scripted call activities with the real limiter activities. `live` counts calls between being placed
 * and being found ended, apart from the limiter's own bookkeeping; `maxLive` is the most at once.
 */
function limitedActivities(
  taskQueue: string,
  limits: CallLimits,
  webhooks: WebhookPlan[],
  callEndedOnFetch = true,
) {
  const fake = fakeActivities({ client: temporal.client, webhooks, callEndedOnFetch });
  const tally = { live: 0, maxLive: 0 };
  const activities = {
    ...fake.activities,
    ...createLimiterActivities({
      temporal: temporal.client,
      taskQueue,
      numberKey: developmentNumberKeyer,
      defaultAgentId: 'agt_default',
      callLimits: limits,
      agentphone: oneNumberAgents,
    }),
    placeCall: async (req: Parameters<typeof fake.activities.placeCall>[0]) => {
      tally.live += 1;
      tally.maxLive = Math.max(tally.maxLive, tally.live);
      return fake.activities.placeCall(req);
    },
    fetchCall: async (req: Parameters<typeof fake.activities.fetchCall>[0]) => {
      const found = await fake.activities.fetchCall(req);
      if (found.ended) tally.live -= 1;
      return found;
    },
  };
  return { fake, tally, activities };
}

function startCall(taskQueue: string, id: string, toNumber: string) {
  return temporal.client.workflow.start(callWorkflow, {
    taskQueue,
    workflowId: `call:${taskQueue}:${id}`,
    args: [{ toNumber, systemPrompt: 'Say hello.', checks }],
  });
}

/** A distinct recipient per call, so the daily cap stays out of the way. */
const recipient = (n: number) => `+1415555${String(1000 + n)}`;

function limiterSnapshot(taskQueue: string): Promise<CallSlotsSnapshot> {
  return temporal.client.workflow.getHandle(workflowIds.callSlots(taskQueue)).query(getCallSlotsQuery);
}

/** Starts the limiter before any request, with test-sized timing. */
function startLimiter(taskQueue: string, options: { continueAsNewAfterEvents?: number } = {}) {
  return temporal.client.workflow.start(callSlotsWorkflow, {
    taskQueue,
    workflowId: workflowIds.callSlots(taskQueue),
    args: [{ deployment: taskQueue, blockedCheckMs: 500, ...options }],
  });
}

async function runCalls(taskQueue: string, count: number) {
  const handles = await Promise.all(
    Array.from({ length: count }, (_, i) => startCall(taskQueue, String(i), recipient(i))),
  );
  return Promise.all(handles.map((h) => h.result()));
}

describe('the live-call limiter, many flows at once', () => {
  test('20 calls at once against a cap of 3 never have more than 3 live, and all 20 finish', async () => {
    const taskQueue = uniqueTaskQueue();
    const { fake, tally, activities } = limitedActivities(taskQueue, LIMITS, Array(20).fill('lose'));
    await withWorker({ connection: temporal.nativeConnection, taskQueue, activities }, async () => {
      const results = await runCalls(taskQueue, 20);
      assert.ok(results.every((r) => r.status === 'completed'));
      const limiter = await limiterSnapshot(taskQueue);
      assert.deepEqual(
        [limiter.counters.granted, limiter.counters.released, limiter.leases.length, limiter.queue.length],
        [20, 20, 0, 0],
      );
      assert.ok(limiter.counters.maxHeld <= 3, `the limiter held ${limiter.counters.maxHeld} at once`);
    });
    assert.equal(fake.counts.placeCall, 20);
    assert.ok(tally.maxLive <= 3, `${tally.maxLive} calls were live at once`);
    assert.ok(tally.maxLive >= 2, `the calls never overlapped (${tally.maxLive}): the test proves nothing`);
  });

  test('a per-number cap of 1 puts the calls from one number one after another', async () => {
    const taskQueue = uniqueTaskQueue();
    const limits = { ...LIMITS, liveCallsPerNumber: 1 };
    const { tally, activities } = limitedActivities(taskQueue, limits, Array(5).fill('lose'));
    await withWorker({ connection: temporal.nativeConnection, taskQueue, activities }, () =>
      runCalls(taskQueue, 5),
    );
    assert.equal(tally.maxLive, 1);
  });

  test('continuing as new every few events keeps the queue, the leases and the counters', async () => {
    const taskQueue = uniqueTaskQueue();
    const { fake, tally, activities } = limitedActivities(taskQueue, LIMITS, Array(20).fill('lose'));
    await withWorker({ connection: temporal.nativeConnection, taskQueue, activities }, async () => {
      const first = await startLimiter(taskQueue, { continueAsNewAfterEvents: 30 });
      await runCalls(taskQueue, 20);
      const limiter = await limiterSnapshot(taskQueue);
      assert.equal(limiter.counters.granted, 20, 'grants counted across runs');
      assert.equal(limiter.counters.released, 20);
      const current = await temporal.client.workflow.getHandle(workflowIds.callSlots(taskQueue)).describe();
      assert.notEqual(current.runId, first.firstExecutionRunId, 'the limiter never continued as new');
    });
    assert.equal(fake.counts.placeCall, 20);
    assert.ok(tally.maxLive <= 3, `${tally.maxLive} calls were live at once`);
  });

  test('the slot of a holder terminated while holding it is reclaimed, and the next waiter proceeds', async () => {
    const taskQueue = uniqueTaskQueue();
    // The first call never ends on its own (no webhook, still live when checked); the second's webhook comes.
    const limits = { ...LIMITS, liveCallsPerAccount: 1 };
    const holderRun = limitedActivities(taskQueue, limits, ['lose', 'deliver'], false);
    await withWorker(
      { connection: temporal.nativeConnection, taskQueue, activities: holderRun.activities },
      async () => {
        await startLimiter(taskQueue);
        const holder = await startCall(taskQueue, 'holder', recipient(1));
        await eventually(async () =>
          (await limiterSnapshot(taskQueue)).leases.length === 1 ? true : undefined,
        );
        const waiter = await startCall(taskQueue, 'waiter', recipient(2));
        await eventually(async () =>
          (await limiterSnapshot(taskQueue)).queue.length === 1 ? true : undefined,
        );
        assert.equal(await waiter.query(getCallSlotPhaseQuery), 'waiting_for_slot');
        assert.equal(await holder.query(getCallSlotPhaseQuery), 'holding_slot');
        await holder.terminate('a holder that vanished');
        const result = await waiter.result();
        assert.ok(!result.suppressed);
        assert.equal(result.source, 'webhook');
        const limiter = await limiterSnapshot(taskQueue);
        assert.equal(limiter.counters.reclaimed, 1);
        assert.deepEqual(limiter.leases, []);
      },
    );
    assert.equal(holderRun.fake.counts.placeCall, 2);
  });

  test('a call cancelled while it waits for a slot withdraws its request and dials nobody', async () => {
    const taskQueue = uniqueTaskQueue();
    const limits = { ...LIMITS, liveCallsPerAccount: 1 };
    const { fake, activities } = limitedActivities(taskQueue, limits, ['lose', 'deliver'], false);
    await withWorker({ connection: temporal.nativeConnection, taskQueue, activities }, async () => {
      await startLimiter(taskQueue);
      const holder = await startCall(taskQueue, 'holder', recipient(1));
      await eventually(async () =>
        (await limiterSnapshot(taskQueue)).leases.length === 1 ? true : undefined,
      );
      const waiter = await startCall(taskQueue, 'waiter', recipient(2));
      await eventually(async () =>
        (await limiterSnapshot(taskQueue)).queue.length === 1 ? true : undefined,
      );
      await waiter.cancel();
      await assert.rejects(waiter.result());
      await eventually(async () =>
        (await limiterSnapshot(taskQueue)).queue.length === 0 ? true : undefined,
      );
      await holder.cancel();
      await assert.rejects(holder.result());
      await eventually(async () =>
        (await limiterSnapshot(taskQueue)).leases.length === 0 ? true : undefined,
      );
      assert.equal((await limiterSnapshot(taskQueue)).counters.released, 1, 'the holder released its slot');
    });
    assert.equal(fake.counts.placeCall, 1);
  });
});

describe('attempts per recipient per day, across flows', () => {
  const restaurant = '+14155550123';

  test('of four calls wanted to one person on one day by two flows, three are placed and one is capped', async () => {
    const taskQueue = uniqueTaskQueue();
    const { fake, activities } = limitedActivities(taskQueue, LIMITS, []);
    const reservationFake = fakeActivities({
      client: temporal.client,
      outcomes: [outcomes.noAnswer(), outcomes.noAnswer(), outcomes.noAnswer()],
    });
    // Every call, from either flow, dialled and followed by the same scripted activities.
    const scripted = reservationFake.activities;
    const all: typeof activities = {
      ...activities,
      placeCall: (req) => scripted.placeCall(req),
      subscribeToCallEvents: (req) => scripted.subscribeToCallEvents(req),
      extractReservationOutcome: (req) => scripted.extractReservationOutcome(req),
    };
    await withWorker({ connection: temporal.nativeConnection, taskQueue, activities: all }, async () => {
      // A reservation that calls the restaurant three times (no answer, retried at once) and a plain
      // call (`ringflow call`) to the same number, side by side.
      const reservation = temporal.client.workflow.execute(reservationWorkflow, {
        taskQueue,
        workflowId: workflowIds.reservation(taskQueue),
        args: [
          {
            requestId: taskQueue,
            restaurants: [{ name: 'Lovely Thai', phone: restaurant }],
            partySize: 2,
            date: daysFromNow(30),
            time: '19:00',
            flexMinutes: 60,
            name: 'Manav',
            notifyNumber: '+14155550199',
            policy: { callingHours: ANY_HOUR, retryBackoffMs: 0 },
          },
        ],
      });
      const plain = temporal.client.workflow.execute(callWorkflow, {
        taskQueue,
        workflowId: `call:${taskQueue}:plain`,
        args: [{ toNumber: restaurant, systemPrompt: 'Say hello.', checks }],
      });
      const [booked, plainResult] = await Promise.all([reservation, plain]);
      // The reservation's calls are made inline: its status lists each with what it came to.
      const outcomes = [
        plainResult.suppressed ? 'suppressed' : plainResult.source,
        ...booked.calls.map((c) => c.outcome),
      ];
      assert.equal(outcomes.length, 4, `calls: ${outcomes.join(', ')}`);
      assert.equal(outcomes.filter((o) => o === 'capped').length, 1, `calls: ${outcomes.join(', ')}`);
      assert.equal(reservationFake.counts.placeCall, 3, 'a fourth call was dialled');
      // A capped call holds no slot and leaves nothing queued.
      const limiter = await limiterSnapshot(taskQueue);
      assert.deepEqual([limiter.leases.length, limiter.queue.length, limiter.counters.granted], [0, 0, 3]);
    });
    assert.equal(fake.counts.placeCall, 0);
  });
});

/**
 * A client to the test server whose gRPC retry layer notes the status code of every refused RPC
 * attempt (it is asked, per refusal, whether to resend).
 */
async function refusalCountingClient() {
  const defaults = defaultGrpcRetryOptions();
  const refusals: number[] = [];
  const connection = await Connection.connect({
    address: temporal.address,
    interceptors: [
      makeGrpcRetryInterceptor({
        delayFunction: defaults.delayFunction,
        retryableDecider: (attempt, status) => {
          refusals.push(status.code);
          return defaults.retryableDecider(attempt, status);
        },
      }),
    ],
  });
  return { client: new Client({ connection, namespace: temporal.namespace }), refusals, connection };
}

describe('the limiter under a burst of calls from one worker', () => {
  test('25 calls at once to one recipient: every attempt counted and every slot granted, no update refused for overload, one takeCallSlot attempt each', async () => {
    const taskQueue = uniqueTaskQueue();
    const limits: CallLimits = {
      liveCallsPerAccount: 10,
      liveCallsPerNumber: 10,
      attemptsPerRecipientPerDay: 25,
    };
    const counting = await refusalCountingClient();
    const fake = fakeActivities({
      client: temporal.client,
      webhooks: Array(25).fill('lose'),
      callEndedOnFetch: true,
    });
    const limiter = createLimiterActivities({
      temporal: counting.client,
      taskQueue,
      numberKey: developmentNumberKeyer,
      defaultAgentId: 'agt_default',
      callLimits: limits,
      agentphone: oneNumberAgents,
    });
    const answers: string[] = [];
    const activities = {
      ...fake.activities,
      ...limiter,
      takeCallSlot: async (req: Parameters<typeof limiter.takeCallSlot>[0]) => {
        const taken = await limiter.takeCallSlot(req);
        answers.push(taken.kind);
        return taken;
      },
    };
    try {
      await withWorker({ connection: temporal.nativeConnection, taskQueue, activities }, async () => {
        const handles = await Promise.all(
          Array.from({ length: 25 }, (_, i) => startCall(taskQueue, String(i), '+14155550123')),
        );
        const results = await Promise.all(handles.map((h) => h.result()));
        assert.deepEqual(
          results.map((r) => r.status),
          Array(25).fill('completed'),
        );
        const snapshot = await limiterSnapshot(taskQueue);
        assert.deepEqual(
          [
            snapshot.counters.granted,
            snapshot.counters.released,
            snapshot.leases.length,
            snapshot.queue.length,
          ],
          [25, 25, 0, 0],
        );
        assert.ok(snapshot.counters.maxHeld <= 10, `the limiter held ${snapshot.counters.maxHeld} at once`);
      });
    } finally {
      await counting.connection.close();
    }
    assert.equal(answers.length, 25, `takeCallSlot ran ${answers.length} times for 25 calls`);
    assert.equal(answers.filter((a) => a === 'capped').length, 0);
    assert.ok(answers.filter((a) => a === 'queued').length >= 1, 'no call waited: the cap was never reached');
    assert.deepEqual(
      counting.refusals.filter((code) => code === 8),
      [],
      'the server refused limiter updates with RESOURCE_EXHAUSTED',
    );
    assert.equal(fake.counts.placeCall, 25);
  });
});

describe('the limiter under bursts from many worker processes', () => {
  test('with more processes than the server allows updates in flight, a refused batch is resent shortly inside the attempt and every request is answered', async () => {
    const taskQueue = uniqueTaskQueue();
    // What a worker's activities connect with, under a layer that only notes each refusal that reaches
    // the batcher (it resends nothing itself).
    const refusals: number[] = [];
    const connection = await Connection.connect({
      address: temporal.address,
      interceptors: [
        makeGrpcRetryInterceptor({
          delayFunction: () => 0,
          retryableDecider: (_attempt, status) => {
            refusals.push(status.code);
            return false;
          },
        }),
        ...activityConnectionInterceptors(),
      ],
    });
    const client = new Client({ connection, namespace: temporal.namespace });
    // Sixteen "processes" (each its own activities, so its own batcher), three calls each at once.
    const processes = Array.from({ length: 16 }, () =>
      createLimiterActivities({
        temporal: client,
        taskQueue,
        numberKey: developmentNumberKeyer,
        defaultAgentId: 'agt_default',
        callLimits: { liveCallsPerAccount: 100, liveCallsPerNumber: 100, attemptsPerRecipientPerDay: 100 },
        agentphone: oneNumberAgents,
      }),
    );
    try {
      await withWorker({ connection: temporal.nativeConnection, taskQueue, activities: {} }, async () => {
        const started = performance.now();
        const answers = await Promise.all(
          processes.flatMap((limiter, p) =>
            [0, 1, 2].map((n) =>
              limiter.takeCallSlot({
                holderWorkflowId: `holder-${p}-${n}`,
                holderRunId: 'run',
                requestId: `holder-${p}-${n}/run`,
                toNumber: '+14155550123',
                leaseMs: 60_000,
                nowMs: Date.now(),
              }),
            ),
          ),
        );
        const tookMs = performance.now() - started;
        assert.deepEqual(
          answers.map((a) => a.kind),
          Array(48).fill('granted'),
        );
        const snapshot = await limiterSnapshot(taskQueue);
        assert.equal(snapshot.counters.granted, 48);
        assert.ok(
          refusals.includes(8),
          `the server never refused an update as overloaded (${refusals.join(', ') || 'no refusals'}): the test proves nothing`,
        );
        assert.ok(tookMs < 30_000, `took ${Math.round(tookMs)} ms`);
      });
    } finally {
      await connection.close();
    }
  });
});
