import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { inboundSmsFromEvent } from '../../../common/process/from-wire';
import { smsInboxWorkflow } from '../../../workflows';
import { smsReceivedSignal, workflowIds } from '../../../workflows/messages';
import type { InboundSms } from '../../../workflows/types';
import { eventually } from '../../helpers/eventually';
import { fakeActivities, type FakeOptions } from '../../helpers/fake-activities';
import { timeSkippingEnv, uniqueTaskQueue, withWorker } from '../../helpers/temporal';

let env: TestWorkflowEnvironment;
before(async () => {
  env = await timeSkippingEnv();
});
after(() => env?.teardown());

const OUR_NUMBER = '+14155550100';

/** An inbound SMS as the ingress reads it: the code and the kind of sender are read there. */
function inbound(messageId: string, from: string, message: string): InboundSms {
  return inboundSmsFromEvent(
    { messageId, from, to: OUR_NUMBER, message, direction: 'inbound', receivedAt: undefined },
    { agentId: 'agt_1', receivedAt: '2026-12-01T18:00:00Z' },
  );
}

/**
 * Runs an inbox for `sender`, signals `messages` in order, then a HELP from a person's inbox as the
 * last word: the inbox handles its queue in order, so once that HELP is answered, everything before it
 * was handled. Returns what the fake activities saw.
 */
async function runInbox(
  sender: string,
  messages: InboundSms[],
  options: Omit<FakeOptions, 'client'> & {
    continueAsNewAfterEvents?: number;
    /** Signalled only once the inbox has continued as new. */
    afterContinueAsNew?: InboundSms[];
  } = {},
) {
  const fake = fakeActivities({ client: env.client, ...options });
  const taskQueue = uniqueTaskQueue();
  const workflowId = workflowIds.smsInbox('agt_1', `key-${taskQueue}`);
  let helpAnswered: () => void;
  const done = new Promise<void>((resolve) => (helpAnswered = resolve));
  const sendSms: typeof fake.activities.sendSms = async (request) => {
    const sent = await fake.activities.sendSms(request);
    if (request.intentKey.endsWith(':help:msg_last')) helpAnswered();
    return sent;
  };
  let firstRunId = '';
  await withWorker(
    { connection: env.nativeConnection, taskQueue, activities: { ...fake.activities, sendSms } },
    async () => {
      const handle = await env.client.workflow.start(smsInboxWorkflow, {
        taskQueue,
        workflowId,
        args: [
          {
            agentId: 'agt_1',
            humanNumber: sender,
            ...(options.continueAsNewAfterEvents
              ? { continueAsNewAfterEvents: options.continueAsNewAfterEvents }
              : {}),
          },
        ],
      });
      firstRunId = handle.firstExecutionRunId;
      for (const sms of messages)
        await env.client.workflow.getHandle(workflowId).signal(smsReceivedSignal, sms);
      if (options.afterContinueAsNew) {
        await eventually(
          async () =>
            (await env.client.workflow.getHandle(workflowId).describe()).runId !== firstRunId || undefined,
          { what: 'the inbox to continue as new' },
        );
        for (const sms of options.afterContinueAsNew)
          await env.client.workflow.getHandle(workflowId).signal(smsReceivedSignal, sms);
      }
      // The last word comes from a person, so the inbox answers it even when `sender` is a short code.
      await env.client.workflow
        .getHandle(workflowId)
        .signal(smsReceivedSignal, { ...inbound('msg_last', '+14155550199', 'HELP') });
      await done;
    },
  );
  const latest = await env.client.workflow.getHandle(workflowId).describe();
  return { fake, workflowId, continuedAsNew: latest.runId !== firstRunId };
}

const GOOGLE = '22000';
const code = (id: string) => inbound(id, GOOGLE, 'G-723210 is your Google verification code.');

test(
  'a one-time code is relayed once though its signal arrives twice, across a continue-as-new too',
  { timeout: 60_000 },
  async () => {
    const fillers = Array.from({ length: 6 }, (_, i) =>
      inbound(`msg_filler_${i}`, GOOGLE, `Your balance alert ${i}`),
    );
    const { fake, workflowId, continuedAsNew } = await runInbox(
      GOOGLE,
      // The duplicate comes once right away and once after the inbox has continued as new.
      [code('msg_code'), code('msg_code'), ...fillers],
      { continueAsNewAfterEvents: 20, afterContinueAsNew: [code('msg_code')] },
    );
    assert.ok(continuedAsNew, 'the inbox continued as new between the deliveries');
    assert.deepEqual(
      fake.relays.filter((r) => r.kind === 'code'),
      [{ kind: 'code', messageId: 'msg_code', inboxWorkflowId: workflowId, relayed: true }],
    );
  },
);

test(
  'a HELP from a short code is never answered: nothing is texted back to a service',
  { timeout: 60_000 },
  async () => {
    const { fake } = await runInbox(GOOGLE, [inbound('msg_help', GOOGLE, 'HELP')]);
    assert.deepEqual(
      fake.sms.map((s) => s.intentKey.split(':').at(-1)),
      ['msg_last'],
      'only the person’s HELP was answered',
    );
  },
);

test('with --relay-sms off, a text nobody waits for is not relayed', { timeout: 60_000 }, async () => {
  const FRIEND = '+14155550123';
  const { fake } = await runInbox(FRIEND, [inbound('msg_hi', FRIEND, 'Are you open on Sunday?')], {
    smsRelay: { codes: true, relaySms: false },
  });
  assert.deepEqual(
    fake.relays.map((r) => [r.kind, r.messageId, r.relayed]),
    [['message', 'msg_hi', false]],
  );
});

test(
  'with --relay-sms on, a text nobody waits for is relayed once; STOP, START and HELP are not',
  { timeout: 60_000 },
  async () => {
    const FRIEND = '+14155550123';
    const hi = inbound('msg_hi', FRIEND, 'Are you open on Sunday?');
    const { fake } = await runInbox(
      FRIEND,
      [
        hi,
        hi,
        inbound('msg_stop', FRIEND, 'STOP'),
        inbound('msg_start', FRIEND, 'START'),
        inbound('msg_help', FRIEND, 'help'),
      ],
      { smsRelay: { codes: true, relaySms: true } },
    );
    assert.deepEqual(
      fake.relays.map((r) => [r.kind, r.messageId, r.relayed]),
      [['message', 'msg_hi', true]],
    );
  },
);
