import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import protos from '@temporalio/proto';
import { callEventsWorkflow } from '../../../workflows';
import { callEndedSignal, subscribeSignal, workflowIds } from '../../../workflows/messages';
import { callRecord } from '../../helpers/fake-activities';
import { timeSkippingEnv, uniqueTaskQueue, withWorker } from '../../helpers/temporal';

const { EventType } = protos.temporal.api.enums.v1;

let env: TestWorkflowEnvironment;
before(async () => {
  env = await timeSkippingEnv();
});
after(() => env?.teardown());

async function historyOf(workflowId: string) {
  return (await env.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
}

describe('the call mailbox’s handover', () => {
  test('hands the event to its subscriber and ends in that same workflow task, without waiting to hear back', async () => {
    const taskQueue = uniqueTaskQueue();
    const mailboxId = workflowIds.callEvents(`call-${taskQueue}`);
    // The subscriber: any running workflow that takes call-ended (another mailbox will do).
    const subscriberId = workflowIds.callEvents(`subscriber-${taskQueue}`);
    await withWorker({ connection: env.nativeConnection, taskQueue, activities: {} }, async () => {
      const subscriber = await env.client.workflow.start(callEventsWorkflow, {
        taskQueue,
        workflowId: subscriberId,
        args: [{ callId: 'subscriber' }],
      });
      const mailbox = await env.client.workflow.signalWithStart(callEventsWorkflow, {
        taskQueue,
        workflowId: mailboxId,
        args: [{ callId: 'call_0001' }],
        signal: callEndedSignal,
        signalArgs: [{ call: callRecord('call_0001'), webhookId: 'whd_1' }],
      });
      await mailbox.signal(subscribeSignal, { workflowId: subscriberId });
      assert.deepEqual(await mailbox.result(), {
        callId: 'call_0001',
        delivered: [subscriberId],
        outcome: 'delivered',
      });
      const events = await historyOf(mailboxId);
      const subscribedAt = events.findIndex(
        (e) => e.workflowExecutionSignaledEventAttributes?.signalName === subscribeSignal.name,
      );
      assert.ok(subscribedAt > 0, 'no subscription in the history');
      const after = events.slice(subscribedAt).map((e) => e.eventType);
      assert.equal(
        after.filter((t) => t === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED).length,
        1,
        'the handover took more than one workflow task',
      );
      assert.ok(after.includes(EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED));
      assert.equal(after.at(-1), EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
      // And the subscriber got it.
      const received = (await historyOf(subscriberId)).filter(
        (e) => e.workflowExecutionSignaledEventAttributes?.signalName === callEndedSignal.name,
      );
      assert.equal(received.length, 1);
      await subscriber.terminate('test over');
    });
  });
});
