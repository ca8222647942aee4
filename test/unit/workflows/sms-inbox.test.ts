import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { smsInboxWorkflow } from '../../../workflows';
import { smsReceivedSignal, workflowIds } from '../../../workflows/messages';
import type { InboundSms } from '../../../workflows/types';
import { fakeActivities } from '../../helpers/fake-activities';
import { timeSkippingEnv, uniqueTaskQueue, withWorker } from '../../helpers/temporal';

let env: TestWorkflowEnvironment;
before(async () => {
  env = await timeSkippingEnv();
});
after(() => env?.teardown());

const HUMAN = '+14155550199';
const help = (n: number): InboundSms => ({
  messageId: `msg_help_${n}`,
  agentId: 'agt_1',
  from: HUMAN,
  to: '+14155550100',
  body: 'HELP',
  receivedAt: '2026-12-01T18:00:00Z',
  reading: { kind: 'help' },
});

test(
  'messages queued when the inbox continues as new are carried over and each answered once',
  { timeout: 60_000 },
  async () => {
    const burst = 12;
    const fake = fakeActivities({ client: env.client });
    const answered: string[] = [];
    let allAnswered: () => void;
    const done = new Promise<void>((resolve) => (allAnswered = resolve));
    const sendSms: typeof fake.activities.sendSms = async (request) => {
      answered.push(request.intentKey);
      if (answered.length === burst) allAnswered();
      return {
        suppressed: false,
        messageId: `msg_out_${answered.length}`,
        toNumber: request.toNumber,
        body: request.body,
        reconciled: false,
      };
    };
    const taskQueue = uniqueTaskQueue();
    const workflowId = workflowIds.smsInbox('agt_1', `${HUMAN}-${taskQueue}`);
    await withWorker(
      { connection: env.nativeConnection, taskQueue, activities: { ...fake.activities, sendSms } },
      async () => {
        const first = await env.client.workflow.start(smsInboxWorkflow, {
          taskQueue,
          workflowId,
          // A low threshold, so the burst is still queued when the inbox continues as new.
          args: [{ agentId: 'agt_1', humanNumber: HUMAN, continueAsNewAfterEvents: 12 }],
        });
        // The burst arrives at once, as a webhook storm would.
        await Promise.all(
          Array.from({ length: burst }, (_, i) => first.signal(smsReceivedSignal, help(i + 1))),
        );
        await done;
        const latest = await env.client.workflow.getHandle(workflowId).describe();
        assert.notEqual(latest.runId, first.firstExecutionRunId, 'the inbox continued as new');
        const firstRun = await env.client.workflow
          .getHandle(workflowId, first.firstExecutionRunId)
          .fetchHistory();
        assert.equal(
          firstRun.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes ? 'continued' : 'other',
          'continued',
        );
      },
    );
    assert.deepEqual(
      [...answered].sort(),
      Array.from({ length: burst }, (_, i) => `${workflowId}:help:msg_help_${i + 1}`).sort(),
    );
  },
);

test('STOP and START are written to the opt-out list once per message, and HELP is still answered after STOP', async () => {
  const fake = fakeActivities({ client: env.client });
  const written: string[] = [];
  let allWritten: () => void;
  const done = new Promise<void>((resolve) => (allWritten = resolve));
  const recordSmsConsent: typeof fake.activities.recordSmsConsent = async ({ sms }) => {
    written.push(`${sms.reading.kind} ${sms.messageId}`);
    return { changed: true };
  };
  const answered: string[] = [];
  const sendSms: typeof fake.activities.sendSms = async (request) => {
    answered.push(request.intentKey);
    if (answered.length === 1) allWritten();
    return {
      suppressed: false,
      messageId: 'msg_out',
      toNumber: request.toNumber,
      body: request.body,
      reconciled: false,
    };
  };
  const text = (messageId: string, body: string, kind: 'stop' | 'start'): InboundSms => ({
    ...help(0),
    messageId,
    body,
    reading: { kind },
  });
  const taskQueue = uniqueTaskQueue();
  const workflowId = workflowIds.smsInbox('agt_1', `consent-${taskQueue}`);
  await withWorker(
    {
      connection: env.nativeConnection,
      taskQueue,
      activities: { ...fake.activities, sendSms, recordSmsConsent },
    },
    async () => {
      const inbox = await env.client.workflow.start(smsInboxWorkflow, {
        taskQueue,
        workflowId,
        args: [{ agentId: 'agt_1', humanNumber: HUMAN }],
      });
      await inbox.signal(smsReceivedSignal, text('msg_stop', 'STOP', 'stop'));
      await inbox.signal(smsReceivedSignal, text('msg_stop', 'STOP', 'stop')); // a duplicated webhook
      await inbox.signal(smsReceivedSignal, text('msg_start', 'START', 'start'));
      await inbox.signal(smsReceivedSignal, help(9));
      await done; // the inbox works through its queue in order: HELP comes after both writes
    },
  );
  assert.deepEqual(written, ['stop msg_stop', 'start msg_start']);
  assert.deepEqual(answered, [`${workflowId}:help:msg_help_9`]);
});
