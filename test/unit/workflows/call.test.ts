import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createMailboxActivities } from '../../../activities/mailbox';
import { createOptOutActivities, suppressionCheck } from '../../../activities/opt-out';
import { silentLogger } from '../../../common/process/logger';
import { developmentNumberKeyer } from '../../../common/process/number-key';
import { callEventsWorkflow, callWorkflow, type CallResult, type EndedCallResult } from '../../../workflows';
import { callEndedSignal, workflowIds } from '../../../workflows/messages';
import { callRecord, fakeActivities } from '../../helpers/fake-activities';
import { timeSkippingEnv, uniqueTaskQueue, untilWaitingOnTimer, withWorker } from '../../helpers/temporal';

let env: TestWorkflowEnvironment;
before(async () => {
  env = await timeSkippingEnv();
});
after(() => env?.teardown());

const callInput = {
  toNumber: '+14155550123',
  systemPrompt: 'Say hello.',
  checks: { firstCheckMs: 120_000, maxIntervalMs: 600_000, giveUpAfterMs: 3_600_000 },
};

/** A call that was placed and ended (a suppressed result fails the test). */
function asEnded(result: CallResult): EndedCallResult {
  assert.equal(result.suppressed, false, 'the call was placed');
  return result;
}

/** Runs one call workflow to its end with the given scripted activities. */
async function runCallAsIs(fake: ReturnType<typeof fakeActivities>): Promise<CallResult> {
  const taskQueue = uniqueTaskQueue();
  return withWorker({ connection: env.nativeConnection, taskQueue, activities: fake.activities }, () =>
    env.client.workflow.execute(callWorkflow, {
      taskQueue,
      workflowId: `call-${taskQueue}`,
      args: [callInput],
    }),
  );
}

const runCall = async (fake: ReturnType<typeof fakeActivities>) => asEnded(await runCallAsIs(fake));

describe('the call workflow and the opt-out list', () => {
  test('a suppressed number is not called: no mailbox, no checks, no transcript read', async () => {
    const fake = fakeActivities({ client: env.client, suppressedNumbers: [callInput.toNumber] });
    const result = await runCallAsIs(fake);
    assert.equal(result.suppressed, true);
    assert.equal(result.status, 'suppressed');
    assert.equal(result.toNumber, callInput.toNumber);
    assert.deepEqual(
      [fake.counts.placeCall, fake.counts.subscribe, fake.counts.fetchCall, fake.counts.recordSpokenOptOut],
      [1, 0, 0, 0],
    );
  });

  const endings: [string, Partial<Parameters<typeof fakeActivities>[0]>][] = [
    ['webhook', {}],
    ['check', { webhooks: ['lose'] }],
    ['gave-up', { webhooks: ['lose'], callEndedOnFetch: false }],
  ];
  for (const [how, options] of endings) {
    test(`a call that ended by ${how} has its transcript read for a spoken opt-out, once`, async () => {
      const fake = fakeActivities({ client: env.client, ...options, spokenOptOuts: ['+14155550123'] });
      const result = await runCall(fake);
      assert.equal(result.source, how);
      assert.equal(fake.counts.recordSpokenOptOut, 1);
    });
  }
});

describe('a transcript the ingress already read for a spoken opt-out', () => {
  test('no opt-out in it: the call ends without the transcript activity on the way to its result', async () => {
    const fake = fakeActivities({ client: env.client, ingressReadsTranscript: true });
    const result = await runCall(fake);
    assert.equal(result.source, 'webhook');
    assert.equal(fake.counts.recordSpokenOptOut, 0);
  });

  test('an opt-out in it: the activity records it, once', async () => {
    const fake = fakeActivities({
      client: env.client,
      ingressReadsTranscript: true,
      transcript: [
        { role: 'agent', content: 'Hi, this is the assistant.' },
        { role: 'user', content: 'Please stop calling me.' },
      ],
      spokenOptOuts: [callInput.toNumber],
    });
    const result = await runCall(fake);
    assert.equal(result.source, 'webhook');
    assert.equal(fake.counts.recordSpokenOptOut, 1);
  });

  test('a safety-net check finds the call ended: the activity reads the transcript (nobody else did)', async () => {
    const fake = fakeActivities({ client: env.client, ingressReadsTranscript: true, webhooks: ['lose'] });
    const result = await runCall(fake);
    assert.equal(result.source, 'check');
    assert.equal(fake.counts.recordSpokenOptOut, 1);
  });
});

describe('a spoken opt-out, on real shard workflows', () => {
  test('a callee who says "stop calling me" is listed by the call, and the next call to them is not placed', async () => {
    const taskQueue = uniqueTaskQueue();
    const fake = fakeActivities({
      client: env.client,
      transcript: [
        { role: 'agent', content: 'Hi, this is the assistant.' },
        { role: 'user', content: 'Stop calling me, please.' },
      ],
    });
    const list = { temporal: env.client, taskQueue, numberKey: developmentNumberKeyer };
    const check = suppressionCheck(list, 'all');
    const activities = {
      ...fake.activities,
      // The real reader and the real list; placing asks the real list first, as placeCall does.
      ...createOptOutActivities({ ...list, logger: silentLogger }),
      placeCall: async (req: Parameters<typeof fake.activities.placeCall>[0]) => {
        const suppression = await check(req.toNumber, 'call');
        if (suppression)
          return { suppressed: true as const, agentId: 'agt_default', toNumber: req.toNumber, suppression };
        return fake.activities.placeCall(req);
      },
    };
    await withWorker({ connection: env.nativeConnection, taskQueue, activities }, async () => {
      const call = (n: number) =>
        env.client.workflow.execute(callWorkflow, {
          taskQueue,
          workflowId: `call-${taskQueue}-${n}`,
          args: [callInput],
        });
      const first = asEnded(await call(1));
      assert.equal(first.source, 'webhook');
      const second = await call(2);
      assert.equal(second.status, 'suppressed');
      assert.equal(second.suppressed && second.suppression.channel, 'voice');
      assert.equal(second.suppressed && second.suppression.source, first.callId);
    });
    assert.equal(fake.counts.placeCall, 1, 'only the first call was placed');
  });
});

describe('the call workflow', () => {
  test('when the webhook comes, the call is never polled', async () => {
    const fake = fakeActivities({ client: env.client });
    const result = await runCall(fake);
    assert.equal(result.source, 'webhook');
    assert.equal(result.checks, 0);
    assert.equal(fake.counts.fetchCall, 0);
    assert.equal(fake.counts.placeCall, 1);
  });

  test('a lost webhook is made up for by the safety net', async () => {
    const fake = fakeActivities({ client: env.client, webhooks: ['lose'] });
    const result = await runCall(fake);
    assert.equal(result.source, 'check');
    assert.equal(result.checks, 1);
    assert.equal(result.status, 'completed');
    assert.equal(fake.counts.placeCall, 1);
  });

  test('a duplicated webhook changes nothing: the first delivery wins', async () => {
    const fake = fakeActivities({ client: env.client, webhooks: ['duplicate'] });
    const result = await runCall(fake);
    assert.equal(result.status, 'completed');
    assert.equal(fake.counts.placeCall, 1);
  });

  test('a call still live when the safety net gives up is ended, not left running', async () => {
    const fake = fakeActivities({ client: env.client, webhooks: ['lose'], callEndedOnFetch: false });
    const result = await runCall(fake);
    assert.equal(result.source, 'gave-up');
    assert.equal(fake.counts.endCall, 1);
    // 2 + 4 + 8 + 10 + 10 + 10 + 10 minutes of checks fit in the hour, then the final read.
    assert.ok(result.checks >= 5, `only ${result.checks} checks`);
  });

  test('cancelling the workflow ends the live call', async () => {
    const taskQueue = uniqueTaskQueue();
    const fake = fakeActivities({ client: env.client, webhooks: ['lose'], callEndedOnFetch: false });
    await withWorker(
      { connection: env.nativeConnection, taskQueue, activities: fake.activities },
      async () => {
        const handle = await env.client.workflow.start(callWorkflow, {
          taskQueue,
          workflowId: `call-${taskQueue}`,
          args: [callInput],
        });
        await untilWaitingOnTimer(env.client, handle.workflowId);
        await handle.cancel();
        await assert.rejects(handle.result());
      },
    );
    assert.deepEqual([...fake.ended], ['call_0001']);
  });
});

/** Delivers a call_ended to the mailbox the way the ingress does (signalWithStart). */
function deliverLikeIngress(
  taskQueue: string,
  status = 'completed',
  options: { workflowIdReusePolicy?: 'REJECT_DUPLICATE' } = {},
) {
  return env.client.workflow.signalWithStart(callEventsWorkflow, {
    taskQueue,
    workflowId: workflowIds.callEvents('call_0001'),
    args: [{ callId: 'call_0001' }],
    signal: callEndedSignal,
    signalArgs: [{ call: callRecord('call_0001', { status }), webhookId: 'whd_1' }],
    ...options,
  });
}

describe('the call mailbox', () => {
  test('a webhook that comes after the safety net found the result is not delivered and cannot reopen the mailbox', async () => {
    const taskQueue = uniqueTaskQueue();
    const fake = fakeActivities({ client: env.client });
    // The real mailbox subscription, but no webhook ever reaches it before the first check.
    const activities = {
      ...fake.activities,
      ...createMailboxActivities({ numberKey: developmentNumberKeyer, temporal: env.client, taskQueue }),
    };
    await withWorker({ connection: env.nativeConnection, taskQueue, activities }, async () => {
      const result = asEnded(
        await env.client.workflow.execute(callWorkflow, {
          taskQueue,
          workflowId: `call-${taskQueue}`,
          args: [callInput],
        }),
      );
      assert.equal(result.source, 'check');
      const mailboxId = workflowIds.callEvents('call_0001');
      assert.deepEqual(await env.client.workflow.getHandle(mailboxId).result(), {
        callId: 'call_0001',
        delivered: [],
        outcome: 'unsubscribed',
      });
      await assert.rejects(
        deliverLikeIngress(taskQueue, 'completed', { workflowIdReusePolicy: 'REJECT_DUPLICATE' }),
        WorkflowExecutionAlreadyStartedError,
      );
    });
  });

  test('a webhook that arrives before the subscription is handed over once the caller subscribes', async () => {
    const taskQueue = uniqueTaskQueue();
    const fake = fakeActivities({ client: env.client });
    const mailboxId = workflowIds.callEvents('call_0001');
    const activities = {
      ...fake.activities,
      ...createMailboxActivities({ numberKey: developmentNumberKeyer, temporal: env.client, taskQueue }),
    };
    await withWorker({ connection: env.nativeConnection, taskQueue, activities }, async () => {
      // The ingress gets the webhook first (twice: a duplicate delivery), before the call is even placed.
      for (const status of ['completed', 'failed']) {
        await deliverLikeIngress(taskQueue, status);
      }
      const callWorkflowId = `call-${taskQueue}`;
      const result = asEnded(
        await env.client.workflow.execute(callWorkflow, {
          taskQueue,
          workflowId: callWorkflowId,
          args: [callInput],
        }),
      );
      assert.equal(result.source, 'webhook');
      assert.equal(result.status, 'completed');
      const mailbox = await env.client.workflow.getHandle(mailboxId).result();
      assert.deepEqual(mailbox, { callId: 'call_0001', delivered: [callWorkflowId], outcome: 'delivered' });
      // A late duplicate cannot reopen the mailbox that already delivered.
      await assert.rejects(
        deliverLikeIngress(taskQueue, 'completed', { workflowIdReusePolicy: 'REJECT_DUPLICATE' }),
        WorkflowExecutionAlreadyStartedError,
      );
    });
  });
});
