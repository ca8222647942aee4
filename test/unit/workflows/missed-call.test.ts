import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { QueryNotRegisteredError, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { defaultPayloadConverter } from '@temporalio/common';
import type { InboundCallResult } from '../../../workflows/inbound-call';
import { inboundCallWorkflow, missedCallWorkflow } from '../../../workflows';
import {
  callEndedSignal,
  cancelMissedCallUpdate,
  getMissedCallStatusQuery,
  missedCallSignal,
  smsReceivedSignal,
  snoozeMissedCallUpdate,
  workflowIds,
} from '../../../workflows/messages';
import type { MissedCallSettings, MissedCallState } from '../../../workflows/missed-call/types';
import type { CallRecord } from '../../../workflows/types';
import { developmentNumberKeyer } from '../../../common/process/number-key';
import { wallClockAt, zonedEpochMs } from '../../../common/zoned-time';
import { readReply } from '../../../outcome/human-reply';
import { eventually } from '../../helpers/eventually';
import { callRecord, fakeActivities } from '../../helpers/fake-activities';
import { timeSkippingEnv, uniqueTaskQueue, withWorker } from '../../helpers/temporal';

let env: TestWorkflowEnvironment;
before(async () => {
  env = await timeSkippingEnv();
});
after(() => env?.teardown());

const AGENT = 'agt_owner';
const OWNER = '+14155550199';
let callers = 0;
/** A fresh caller per test, so workflow ids never collide. */
const newCaller = () => `+1415555${String(2000 + ++callers).padStart(4, '0')}`;

const ANY_TIME: Pick<MissedCallSettings, 'hours' | 'days'> = {
  hours: { start: '00:00', end: '24:00' },
  days: [0, 1, 2, 3, 4, 5, 6],
};

function settings(overrides: Partial<MissedCallSettings> = {}): MissedCallSettings {
  return {
    delayMinutes: 5,
    ...ANY_TIME,
    timeZone: 'America/New_York',
    notifyNumber: OWNER,
    businessName: 'Lovely Thai',
    prompt: null,
    maxAttempts: 2,
    triage: 'messages',
    retryAfterMinutes: 60,
    relayRepliesForHours: 2,
    ...overrides,
  };
}

const REACHED: Partial<CallRecord> = {
  status: 'completed',
  disconnectionReason: 'agent_hangup',
  transcript: [
    { role: 'user', content: 'Hello?' },
    { role: 'agent', content: 'Hi, this is Lovely Thai returning your call.' },
    { role: 'user', content: 'Oh thanks! This is Sam. I was calling about a catering order for Friday.' },
    { role: 'agent', content: 'How urgent is it, and when is best to reach you?' },
    { role: 'user', content: "It's fairly urgent, I need to know by tomorrow. After 3pm works best." },
  ],
};
const NO_ANSWER: Partial<CallRecord> = {
  status: 'failed',
  disconnectionReason: 'dial_no_answer',
  durationSeconds: 0,
  transcript: [],
};

function inboundCall(callId: string, from: string, overrides: Partial<CallRecord> = {}): CallRecord {
  return callRecord(callId, {
    direction: 'inbound',
    from,
    to: '+14155550100',
    status: 'failed',
    disconnectionReason: 'user_hangup',
    transcript: [],
    endedAt: new Date().toISOString(),
    ...overrides,
  });
}

type Handle = WorkflowHandle<typeof missedCallWorkflow>;

async function untilState(handle: Handle, states: MissedCallState[]) {
  return eventually(
    async () => {
      const status = await handle.query(getMissedCallStatusQuery).catch((err: unknown) => {
        if (err instanceof QueryNotRegisteredError) return undefined;
        if ((err as Error).name === 'WorkflowNotFoundError') return undefined;
        throw err;
      });
      return status && states.includes(status.state) ? status : undefined;
    },
    { timeoutMs: 30_000, what: `state ${states.join('|')}` },
  );
}

/** Waits for a workflow to close by polling (a `result()` would let the server skip time meanwhile). */
async function untilClosed(handle: WorkflowHandle) {
  await eventually(async () => ((await handle.describe()).status.name === 'RUNNING' ? undefined : true), {
    timeoutMs: 30_000,
    what: `${handle.workflowId} to close`,
  });
}

/** The ingress's part: an ended inbound call reaches its triage workflow. */
async function callEnds(taskQueue: string, call: CallRecord) {
  const handle = await env.client.workflow.signalWithStart(inboundCallWorkflow, {
    taskQueue,
    workflowId: workflowIds.inboundCall(call.callId),
    args: [{ callId: call.callId, agentId: AGENT }],
    signal: callEndedSignal,
    signalArgs: [{ call, webhookId: `whd_${call.callId}` }],
  });
  await untilClosed(handle);
  // Read from history: a `result()` call would let the test server skip time for the other workflows.
  const history = await handle.fetchHistory();
  const completed = history.events?.find((e) => e.workflowExecutionCompletedEventAttributes);
  const payload = completed?.workflowExecutionCompletedEventAttributes?.result?.payloads?.[0];
  assert.ok(payload, `${handle.workflowId} did not complete`);
  return defaultPayloadConverter.fromPayload<InboundCallResult>(payload);
}

const missedCallHandle = (caller: string): Handle =>
  env.client.workflow.getHandle(workflowIds.missedCall(AGENT, developmentNumberKeyer(caller)));

async function startSeries(taskQueue: string, caller: string, s: MissedCallSettings) {
  const miss = {
    callId: `call_in_${caller.slice(-4)}`,
    at: new Date(await env.currentTimeMs()).toISOString(),
    reason: 'missed' as const,
  };
  await env.client.workflow.signalWithStart(missedCallWorkflow, {
    taskQueue,
    workflowId: workflowIds.missedCall(AGENT, developmentNumberKeyer(caller)),
    args: [
      {
        agentId: AGENT,
        callerNumber: caller,
        callerKey: developmentNumberKeyer(caller),
        settings: s,
        misses: [miss],
      },
    ],
    signal: missedCallSignal,
    signalArgs: [miss],
  });
  return missedCallHandle(caller);
}

describe('missed-call callbacks', () => {
  test('three missed calls in ten minutes make one callback and one summary SMS to the owner', async () => {
    const taskQueue = uniqueTaskQueue();
    const caller = newCaller();
    const fake = fakeActivities({
      client: env.client,
      taskQueue,
      missedCallSettings: settings(),
      callRecords: [REACHED],
    });
    await withWorker(
      { connection: env.nativeConnection, taskQueue, activities: fake.activities },
      async () => {
        for (const n of [1, 2, 3]) {
          const triage = await callEnds(taskQueue, inboundCall(`call_miss_${caller.slice(-4)}_${n}`, caller));
          assert.deepEqual(triage.actions, ['callback']);
          assert.equal(triage.reading?.kind, 'missed');
        }
        const result = await missedCallHandle(caller).result();
        assert.equal(result.state, 'summarized', JSON.stringify(result));
        assert.equal(result.misses.length, 3);
        assert.equal(fake.counts.placeCall, 1, 'one callback for three misses');
        assert.equal(fake.calls[0]?.toNumber, caller);
        assert.match(fake.calls[0]?.greeting ?? '', /Lovely Thai returning your call/);
        assert.deepEqual(
          fake.sms.map((s) => s.toNumber),
          [OWNER],
        );
        const body = fake.sms[0]!.body;
        assert.match(body, new RegExp(`Callback to \\${caller} \\(Sam\\)`));
        assert.match(body, /wants a catering order for Friday/);
        assert.match(body, /Urgency: urgent/);
        assert.match(body, /Best time: After 3pm/);
        assert.match(body, /They said: "Oh thanks! This is Sam/);
      },
    );
  });

  test('the callback waits across a night and a weekend for business hours on the owner clock', async () => {
    const taskQueue = uniqueTaskQueue();
    const caller = newCaller();
    const zone = 'America/New_York';
    // Move the test server's clock to the coming Friday, 19:00 in New York (after closing).
    const now = await env.currentTimeMs();
    let friday = now;
    for (let d = 0; d < 8; d++) {
      const date = wallClockAt(now + d * 86_400_000, zone).date;
      const at = zonedEpochMs(date, '19:00', zone);
      if (new Date(`${date}T12:00:00Z`).getUTCDay() === 5 && at > now) {
        friday = at;
        break;
      }
    }
    await env.sleep(friday - now);
    const mondayDate = wallClockAt(friday + 3 * 86_400_000, zone).date;
    const monday9 = zonedEpochMs(mondayDate, '09:00', zone);
    const fake = fakeActivities({ client: env.client, taskQueue, callRecords: [REACHED] });
    const s = settings({ hours: { start: '09:00', end: '18:00' }, days: [1, 2, 3, 4, 5], timeZone: zone });
    await withWorker(
      { connection: env.nativeConnection, taskQueue, activities: fake.activities },
      async () => {
        const handle = await startSeries(taskQueue, caller, s);
        await env.sleep(6 * 60_000); // past the delay
        const waiting = await untilState(handle, ['waiting_for_hours']);
        assert.equal(waiting.nextCallAt, new Date(monday9).toISOString());
        await env.sleep(monday9 - 60_000 - (await env.currentTimeMs())); // Monday 08:59
        assert.equal((await handle.query(getMissedCallStatusQuery)).state, 'waiting_for_hours');
        assert.equal(fake.counts.placeCall, 0, 'no call before the opening');
        const result = await handle.result();
        assert.equal(result.state, 'summarized');
        assert.equal(fake.counts.placeCall, 1, 'a call after the opening');
        const history = await handle.fetchHistory();
        const started = history.events?.find((e) => e.startChildWorkflowExecutionInitiatedEventAttributes);
        const startedMs = Number(started?.eventTime?.seconds ?? 0) * 1000;
        assert.ok(
          startedMs >= monday9,
          `called at ${new Date(startedMs).toISOString()}, opening ${new Date(monday9).toISOString()}`,
        );
        assert.ok(startedMs < monday9 + 60 * 60_000);
      },
    );
  });

  test('an answered call from the caller cancels the pending callback', async () => {
    const taskQueue = uniqueTaskQueue();
    const caller = newCaller();
    const fake = fakeActivities({
      client: env.client,
      taskQueue,
      missedCallSettings: settings({ delayMinutes: 30 }),
    });
    await withWorker(
      { connection: env.nativeConnection, taskQueue, activities: fake.activities },
      async () => {
        await callEnds(taskQueue, inboundCall(`call_a_${caller.slice(-4)}`, caller));
        await untilState(missedCallHandle(caller), ['waiting_delay']);
        const answered = await callEnds(
          taskQueue,
          inboundCall(`call_b_${caller.slice(-4)}`, caller, {
            status: 'completed',
            transcript: [
              { role: 'agent', content: 'Thanks for calling Lovely Thai.' },
              { role: 'user', content: 'Are you open on Sunday evenings at all?' },
              { role: 'agent', content: 'Yes, until ten.' },
            ],
          }),
        );
        assert.equal(answered.reading?.kind, 'conversation');
        assert.deepEqual(answered.actions, ['cancelled-callback']);
        const result = await missedCallHandle(caller).result();
        assert.equal(result.state, 'cancelled');
        assert.match(result.message, /called again and was answered/);
        assert.equal(fake.counts.placeCall, 0);
        assert.equal(fake.sms.length, 0, 'a plain conversation is not texted under triage "messages"');
      },
    );
  });

  test('no answer twice: the caller gets one SMS and their reply reaches the owner once', async () => {
    const taskQueue = uniqueTaskQueue();
    const caller = newCaller();
    const fake = fakeActivities({
      client: env.client,
      taskQueue,
      callRecords: [NO_ANSWER, NO_ANSWER, REACHED],
    });
    await withWorker(
      { connection: env.nativeConnection, taskQueue, activities: fake.activities },
      async () => {
        const handle = await startSeries(taskQueue, caller, settings());
        await env.sleep(6 * 60_000);
        await untilState(handle, ['waiting_to_retry']);
        assert.equal(fake.counts.placeCall, 1);
        await env.sleep(61 * 60_000);
        await untilState(handle, ['awaiting_caller_reply']);
        assert.equal(fake.counts.placeCall, 2, 'max attempts: 2');
        assert.deepEqual(
          fake.sms.map((s) => [s.toNumber, s.body]),
          [[caller, 'Sorry we missed your call to Lovely Thai — reply here or call back.']],
        );
        const reply = {
          messageId: 'msg_reply_1',
          agentId: AGENT,
          from: caller,
          to: '+14155550100',
          body: 'Can you call me tomorrow at 10?',
          receivedAt: new Date().toISOString(),
          reading: readReply('Can you call me tomorrow at 10?'),
        };
        await handle.signal(smsReceivedSignal, reply);
        await handle.signal(smsReceivedSignal, reply); // a duplicate delivery
        const result = await handle.result();
        assert.equal(result.state, 'not_reached');
        assert.equal(result.repliesRelayed, 1);
        assert.deepEqual(
          fake.sms.slice(1).map((s) => [s.toNumber, s.body]),
          [[OWNER, `Reply from ${caller} (missed call): Can you call me tomorrow at 10?`]],
        );
        assert.equal(fake.counts.awaitSmsReply, 2, 'subscribed before texting, and again after the reply');
      },
    );
  });

  test('a miss after the callback was made starts the next series, with its own callback', async () => {
    const taskQueue = uniqueTaskQueue();
    const caller = newCaller();
    const fake = fakeActivities({ client: env.client, taskQueue, callRecords: [NO_ANSWER, REACHED] });
    await withWorker(
      { connection: env.nativeConnection, taskQueue, activities: fake.activities },
      async () => {
        const handle = await startSeries(taskQueue, caller, settings({ maxAttempts: 1, delayMinutes: 0 }));
        await untilState(handle, ['awaiting_caller_reply']);
        const later = { callId: 'call_later_1', at: new Date().toISOString(), reason: 'missed' as const };
        await handle.signal(missedCallSignal, later);
        const result = await handle.result(); // the run after continue-as-new
        assert.equal(result.state, 'summarized', result.message);
        assert.deepEqual(result.misses, [later]);
        assert.equal(fake.counts.placeCall, 2, 'one callback per series');
        assert.deepEqual(
          fake.sms.map((s) => s.toNumber),
          [caller, OWNER],
        );
        assert.equal(new Set(fake.sms.map((s) => s.intentKey)).size, 2);
      },
    );
  });

  for (const refused of ['suppressed', 'capped'] as const) {
    test(`a ${refused} callback texts nobody`, async () => {
      const taskQueue = uniqueTaskQueue();
      const caller = newCaller();
      const fake = fakeActivities({
        client: env.client,
        taskQueue,
        callRecords: [{ status: refused, transcript: [] }],
      });
      await withWorker(
        { connection: env.nativeConnection, taskQueue, activities: fake.activities },
        async () => {
          const result = await (await startSeries(taskQueue, caller, settings({ delayMinutes: 0 }))).result();
          assert.equal(result.state, refused);
          assert.equal(fake.sms.length, 0);
          assert.equal(fake.counts.awaitSmsReply, 0);
        },
      );
    });
  }

  test('the owner snoozes (validated) and then cancels a waiting callback', async () => {
    const taskQueue = uniqueTaskQueue();
    const caller = newCaller();
    const fake = fakeActivities({ client: env.client, taskQueue });
    await withWorker(
      { connection: env.nativeConnection, taskQueue, activities: fake.activities },
      async () => {
        const handle = await startSeries(taskQueue, caller, settings());
        const waiting = await untilState(handle, ['waiting_delay']);
        await assert.rejects(
          handle.executeUpdate(snoozeMissedCallUpdate, { args: [{ minutes: 0 }] }),
          (err: unknown) =>
            err instanceof WorkflowUpdateFailedError &&
            /minutes: a whole number/.test(String(err.cause?.message)),
        );
        await handle.executeUpdate(snoozeMissedCallUpdate, { args: [{ minutes: 120 }] });
        const snoozed = await untilState(handle, ['waiting_delay']);
        assert.ok(
          Date.parse(snoozed.nextCallAt!) >= Date.parse(waiting.nextCallAt!) + 100 * 60_000,
          JSON.stringify(snoozed),
        );
        const cancelled = await handle.executeUpdate(cancelMissedCallUpdate, { args: ['owner said no'] });
        assert.equal(cancelled.state, 'cancelled');
        assert.equal(fake.counts.placeCall, 0);
        assert.equal((await handle.result()).state, 'cancelled');
      },
    );
  });

  test('a caller without a callable number is never called back; a message is texted to the owner', async () => {
    const taskQueue = uniqueTaskQueue();
    const fake = fakeActivities({ client: env.client, taskQueue, missedCallSettings: settings() });
    await withWorker(
      { connection: env.nativeConnection, taskQueue, activities: fake.activities },
      async () => {
        for (const [n, from] of ['anonymous', '', '+1911', '+442079460958', '+14155550'].entries()) {
          const triage = await callEnds(taskQueue, inboundCall(`call_unreal_${n}_${callers}`, from));
          assert.deepEqual(triage.actions, [], from);
          assert.match(triage.skipped ?? '', /not called back/, from);
        }
        assert.deepEqual(fake.joins, []);
        const message = await callEnds(
          taskQueue,
          inboundCall(`call_msg_${callers}`, newCaller(), {
            status: 'completed',
            summary: 'Dana left a message about a lost umbrella.',
            transcript: [
              { role: 'agent', content: 'Thanks for calling, how can I help?' },
              { role: 'user', content: 'Hi, can you tell the owner I left my umbrella there last night?' },
            ],
          }),
        );
        assert.equal(message.reading?.kind, 'message');
        assert.deepEqual(message.actions, ['owner-sms']);
        assert.match(
          fake.sms[0]?.body ?? '',
          /answered by your agent\): Dana left a message about a lost umbrella/,
        );
        assert.equal(fake.sms[0]?.toNumber, OWNER);
      },
    );
  });

  test('triage every texts the owner about any answered call; triage none about none', async () => {
    const conversation = {
      status: 'completed',
      summary: 'A caller asked about opening hours.',
      transcript: [
        { role: 'agent' as const, content: 'Thanks for calling, how can I help?' },
        { role: 'user' as const, content: 'Are you open on Sunday evenings at all?' },
      ],
    };
    for (const [triage, texts] of [
      ['every', 1],
      ['none', 0],
    ] as const) {
      const taskQueue = uniqueTaskQueue();
      const fake = fakeActivities({
        client: env.client,
        taskQueue,
        missedCallSettings: settings({ triage }),
      });
      await withWorker(
        { connection: env.nativeConnection, taskQueue, activities: fake.activities },
        async () => {
          const result = await callEnds(
            taskQueue,
            inboundCall(`call_${triage}_${callers}`, newCaller(), conversation),
          );
          assert.equal(result.reading?.kind, 'conversation');
          assert.equal(fake.sms.length, texts, triage);
          if (texts) assert.match(fake.sms[0]!.body, /asked about opening hours/);
        },
      );
    }
  });
});
