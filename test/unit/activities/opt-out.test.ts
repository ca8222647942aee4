/**
 * The opt-out activities against real shard workflows (time-skipping server): a spoken opt-out lists
 * the right person with the call as source, SMS STOP/START write and lift, and the check honours the
 * configured scope.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createOptOutActivities, suppressionCheck } from '../../../activities/opt-out';
import { lookUpOptOut, type OptOutListAccess } from '../../../client/opt-out-list';
import { silentLogger } from '../../../common/process/logger';
import { developmentNumberKeyer } from '../../../common/process/number-key';
import type { InboundSms } from '../../../workflows/types';
import { callRecord } from '../../helpers/fake-activities';
import { timeSkippingEnv, uniqueTaskQueue, withWorker } from '../../helpers/temporal';

let env: TestWorkflowEnvironment;
before(async () => {
  env = await timeSkippingEnv();
});
after(() => env?.teardown());

const OURS = '+14155550100';
const THEM = '+14155550144';

/** Runs `fn` with the activities and a worker for the shard workflows on a fresh task queue. */
async function withList(
  fn: (tools: {
    list: OptOutListAccess;
    activities: ReturnType<typeof createOptOutActivities>;
  }) => Promise<void>,
) {
  const taskQueue = uniqueTaskQueue();
  const list = { temporal: env.client, taskQueue, numberKey: developmentNumberKeyer };
  const activities = createOptOutActivities({ ...list, logger: silentLogger });
  await withWorker({ connection: env.nativeConnection, taskQueue, activities: {} }, () =>
    fn({ list, activities }),
  );
}

const saying = (words: string) => [
  { role: 'agent' as const, content: 'Hi, calling about your order.' },
  { role: 'user' as const, content: words },
];

describe('recordSpokenOptOut', () => {
  test("an outbound call's callee who says stop calling is listed, by voice, with the call id as source", async () => {
    await withList(async ({ list, activities }) => {
      const call = callRecord('call_77', {
        from: OURS,
        to: THEM,
        transcript: saying('Take me off your list.'),
      });
      const result = await activities.recordSpokenOptOut({ call });
      assert.deepEqual(result, {
        optedOut: true,
        number: THEM,
        evidence: { index: 1, text: 'Take me off your list.' },
        added: true,
      });
      const entry = await lookUpOptOut(list, THEM);
      assert.deepEqual(entry?.marks.voice, {
        reason: 'said: "Take me off your list."',
        source: 'call_77',
        at: call.endedAt,
      });
      assert.equal(await lookUpOptOut(list, OURS), null, 'our own number is not listed');
      const again = await activities.recordSpokenOptOut({ call });
      assert.equal(again.optedOut && again.added, false, 'a retry changes nothing');
    });
  });

  test("an inbound call's caller is the one listed", async () => {
    await withList(async ({ list, activities }) => {
      const call = callRecord('call_78', {
        direction: 'inbound',
        from: THEM,
        to: OURS,
        transcript: saying("Don't call this number again."),
      });
      assert.equal((await activities.recordSpokenOptOut({ call })).optedOut, true);
      assert.ok(await lookUpOptOut(list, THEM));
      assert.equal(await lookUpOptOut(list, OURS), null);
    });
  });

  test('a transcript without an opt-out lists nobody', async () => {
    await withList(async ({ list, activities }) => {
      const call = callRecord('call_79', {
        to: THEM,
        transcript: saying("Yes please, I can't stop smiling."),
      });
      assert.deepEqual(await activities.recordSpokenOptOut({ call }), { optedOut: false });
      assert.equal(await lookUpOptOut(list, THEM), null);
    });
  });
});

describe('recordSmsConsent and the check', () => {
  const sms = (messageId: string, body: string, kind: 'stop' | 'start'): InboundSms => ({
    messageId,
    agentId: 'agt_1',
    from: THEM,
    to: OURS,
    body,
    receivedAt: '2026-12-01T09:00:00.000Z',
    reading: { kind },
  });

  test('STOP lists the sender for texts and calls (scope all); START lifts it', async () => {
    await withList(async ({ list, activities }) => {
      const check = suppressionCheck(list, 'all');
      assert.deepEqual(await activities.recordSmsConsent({ sms: sms('msg_1', 'unsubscribe', 'stop') }), {
        changed: true,
      });
      assert.deepEqual(await check(THEM, 'sms'), {
        number: THEM,
        channel: 'sms',
        reason: 'texted UNSUBSCRIBE',
        source: 'msg_1',
        at: '2026-12-01T09:00:00.000Z',
      });
      assert.equal((await check(THEM, 'call'))?.channel, 'sms', 'an SMS opt-out stops calls too');
      assert.deepEqual(await activities.recordSmsConsent({ sms: sms('msg_1', 'unsubscribe', 'stop') }), {
        changed: false,
      });
      await activities.recordSmsConsent({ sms: sms('msg_2', 'START', 'start') });
      assert.equal(await check(THEM, 'sms'), undefined);
    });
  });

  test('per channel, an SMS STOP stops texts only and a spoken opt-out calls only', async () => {
    await withList(async ({ list, activities }) => {
      const check = suppressionCheck(list, 'per-channel');
      await activities.recordSmsConsent({ sms: sms('msg_3', 'STOP', 'stop') });
      assert.equal((await check(THEM, 'sms'))?.channel, 'sms');
      assert.equal(await check(THEM, 'call'), undefined);
      await activities.recordSpokenOptOut({
        call: callRecord('call_80', { to: THEM, transcript: saying('Stop calling me.') }),
      });
      assert.equal((await check(THEM, 'call'))?.channel, 'voice');
      await activities.recordSmsConsent({ sms: sms('msg_4', 'START', 'start') });
      assert.equal(await check(THEM, 'sms'), undefined, 'START lifts the SMS opt-out');
      assert.equal((await check(THEM, 'call'))?.channel, 'voice', 'but not the spoken one');
    });
  });
});
