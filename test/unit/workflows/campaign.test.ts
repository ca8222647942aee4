import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { nextCallingWindow } from '../../../activities/campaign-window';
import { timeZonesForNumber } from '../../../agentphone/phone';
import { wallClockAt } from '../../../common/zoned-time';
import {
  cancelCampaignUpdate,
  pauseCampaignUpdate,
  resumeCampaignUpdate,
  updateCampaignUpdate,
  workflowIds,
} from '../../../workflows/messages';
import {
  answeredWith,
  campaignSuite,
  campaignInput,
  dialEnds,
  middayZone,
  testContacts,
} from '../../helpers/campaign';
import { eventually } from '../../helpers/eventually';
import { untilWaitingOnTimer } from '../../helpers/temporal';

// A fresh time-skipping server per test: after some runs the shared one stopped skipping time for the
// next test (a four-zone wait of days then hung), so no test depends on another's leftovers.
const { env, campaignFake, runCampaign, statusWhen } = campaignSuite({ perTest: true });

const lost = (n: number) => Array.from({ length: n }, () => 'lose' as const);

describe('the campaign workflow', () => {
  test('the sliding window keeps exactly `concurrency` calls live and never more', async () => {
    const now = await env().currentTimeMs();
    const contacts = testContacts(12, () => [middayZone(now)]);
    const input = campaignInput(contacts, 5, now, { concurrency: 3 });
    // Webhooks lost: each call stays live until its safety-net check (3 min, skipped).
    const fake = campaignFake(input, contacts, { webhooks: lost(12) });
    const { status } = await runCampaign(fake, input);
    assert.equal(fake.live.max, 3);
    assert.equal(fake.counts.placeCall, 12);
    assert.equal(new Set(fake.calls.map((c) => c.toNumber)).size, 12, 'each contact called once');
    assert.deepEqual([status.state, status.done, status.active, status.pending], ['completed', 12, 0, 0]);
    assert.deepEqual(status.byState, { answered: 12 });
  });

  test('retries follow each outcome’s own attempts and spacing', async () => {
    const now = await env().currentTimeMs();
    const contacts = testContacts(4, () => [middayZone(now)]);
    const input = campaignInput(contacts, 10, now, {
      concurrency: 4,
      window: { start: '08:00', end: '21:00', days: [0, 1, 2, 3, 4, 5, 6] },
      retry: {
        no_answer: { maxAttempts: 3, spacingMs: 2 * 3_600_000 },
        busy: { maxAttempts: 2, spacingMs: 30 * 60_000 },
        voicemail: { maxAttempts: 1, spacingMs: 86_400_000 },
        failed: { maxAttempts: 2, spacingMs: 3_600_000 },
      },
    });
    const ends = [dialEnds.noAnswer, dialEnds.busy, dialEnds.voicemail, dialEnds.failed];
    const fake = campaignFake(input, contacts, { callEnd: (to) => ends[Number(to.slice(-4)) - 1]! });
    const { status } = await runCampaign(fake, input);
    const callsTo = (row: number) => fake.calls.filter((c) => c.toNumber === contacts[row - 1]!.phone);
    assert.deepEqual(
      [1, 2, 3, 4].map((row) => callsTo(row).length),
      [3, 2, 1, 2],
    );
    assert.deepEqual(status.byState, { no_answer: 1, busy: 1, voicemail: 1, failed: 1 });
    const gaps = (row: number) => {
      const at = callsTo(row).map((c) => c.placedAtMs!);
      return at.slice(1).map((t, i) => t - at[i]!);
    };
    for (const gap of gaps(1)) assert.ok(gap >= 2 * 3_600_000, `no-answer retried after ${gap} ms`);
    for (const gap of gaps(2)) assert.ok(gap >= 30 * 60_000, `busy retried after ${gap} ms`);
    for (const gap of gaps(4)) assert.ok(gap >= 3_600_000, `failed retried after ${gap} ms`);
  });

  test('contacts in four zones and a split area code are called only inside the window on every clock, after closed days', async () => {
    const now = await env().currentTimeMs();
    // Only the days two to four days from now (UTC weekday numbers): at least a night and a full day
    // pass first wherever the contact is, as over a weekend.
    const today = new Date(now).getUTCDay();
    const days = [2, 3, 4].map((d) => ((today + d) % 7) as 0 | 1 | 2 | 3 | 4 | 5 | 6);
    const zones = [
      ['America/New_York'],
      ['America/Chicago'],
      ['America/Denver'],
      ['America/Los_Angeles'],
      [...timeZonesForNumber('+14235551234')],
    ];
    const contacts = testContacts(5, (row) => zones[row - 1]!);
    const window = { start: '09:00', end: '20:00', days };
    const input = campaignInput(contacts, 10, now, { concurrency: 5, window });
    const fake = campaignFake(input, contacts, { callEnd: () => answeredWith('Yes, that works for me.') });
    const { status } = await runCampaign(fake, input);
    assert.deepEqual(status.byAnswer, { confirmed: 5 });
    for (const contact of contacts) {
      const call = fake.calls.find((c) => c.toNumber === contact.phone)!;
      const expected = nextCallingWindow(now, contact.timeZones, window)!;
      assert.ok(call.placedAtMs! >= expected.opensAtMs, `row ${contact.row} was called before its window`);
      assert.ok(call.placedAtMs! < expected.opensAtMs + 60_000, `row ${contact.row} waited past its opening`);
      assert.ok(call.placedAtMs! - now > 24 * 3_600_000, 'it waited across the closed days');
      for (const zone of contact.timeZones) {
        const local = wallClockAt(call.placedAtMs!, zone);
        const weekday = new Date(`${local.date}T00:00:00Z`).getUTCDay();
        assert.ok(local.time >= '09:00' && local.time < '20:00', `${zone}: called at ${local.time}`);
        assert.ok(days.includes(weekday as 0), `${zone}: called on weekday ${weekday}`);
      }
    }
  });

  test('pause stops new dials, resume continues, and the counts are whole', async () => {
    const now = await env().currentTimeMs();
    const contacts = testContacts(5, () => [middayZone(now)]);
    const input = campaignInput(contacts, 10, now, { concurrency: 1 });
    const fake = campaignFake(input, contacts);
    let placedWhilePaused = -1;
    const { status } = await runCampaign(fake, input, async (handle) => {
      const paused = await handle.executeUpdate(pauseCampaignUpdate);
      assert.equal(paused.state, 'paused');
      await assert.rejects(handle.executeUpdate(pauseCampaignUpdate), WorkflowUpdateFailedError);
      const settled = await statusWhen(handle, (s) => s.active === 0, 'the call in flight to finish');
      placedWhilePaused = fake.counts.placeCall;
      assert.ok(settled.pending >= 4, 'nothing new started while paused');
      await handle.executeUpdate(resumeCampaignUpdate);
    });
    assert.ok(placedWhilePaused <= 1);
    assert.equal(fake.counts.placeCall, 5);
    assert.deepEqual([status.state, status.done, status.byState.answered], ['completed', 5, 5]);
  });

  test('cancel with end-live-calls ends the calls in progress and closes every contact as cancelled', async () => {
    const now = await env().currentTimeMs();
    const contacts = testContacts(6, () => [middayZone(now)]);
    const input = campaignInput(contacts, 4, now, { concurrency: 2 });
    const fake = campaignFake(input, contacts, { webhooks: lost(6), callEndedOnFetch: false });
    const { status } = await runCampaign(fake, input, async (handle) => {
      await eventually(() => (fake.counts.subscribe === 2 ? true : undefined), { what: 'two live calls' });
      const cancelling = await handle.executeUpdate(cancelCampaignUpdate, { args: [{ endLiveCalls: true }] });
      assert.equal(cancelling.state, 'cancelling');
    });
    assert.equal(fake.counts.placeCall, 2);
    assert.equal(fake.counts.endCall, 2);
    assert.deepEqual([status.state, status.done, status.byState], ['cancelled', 6, { cancelled: 6 }]);
  });

  test('cancel without end-live-calls lets live calls finish and dials nothing more', async () => {
    const now = await env().currentTimeMs();
    const contacts = testContacts(6, () => [middayZone(now)]);
    const input = campaignInput(contacts, 4, now, { concurrency: 2 });
    const fake = campaignFake(input, contacts, { webhooks: lost(6) });
    const { status } = await runCampaign(fake, input, async (handle) => {
      await eventually(() => (fake.counts.subscribe === 2 ? true : undefined), { what: 'two live calls' });
      await handle.executeUpdate(cancelCampaignUpdate, { args: [{ endLiveCalls: false }] });
    });
    assert.equal(fake.counts.placeCall, 2);
    assert.equal(fake.counts.endCall, 0);
    assert.deepEqual([status.state, status.byState], ['cancelled', { answered: 2, cancelled: 4 }]);
  });

  test('update refuses bad values by name and applies good ones', async () => {
    const now = await env().currentTimeMs();
    const contacts = testContacts(3, () => [middayZone(now)]);
    const input = campaignInput(contacts, 10, now, { concurrency: 1 });
    const fake = campaignFake(input, contacts);
    await runCampaign(fake, input, async (handle) => {
      await handle.executeUpdate(pauseCampaignUpdate);
      const refused = async (change: object, message: RegExp) => {
        await assert.rejects(handle.executeUpdate(updateCampaignUpdate, { args: [change] }), (err: Error) => {
          assert.ok(err instanceof WorkflowUpdateFailedError);
          assert.match(String(err.cause?.message), message);
          return true;
        });
      };
      await refused({ concurrency: 0 }, /^concurrency:/);
      await refused({ window: { start: '07:00', end: '20:00', days: [1] } }, /08:00 and 21:00/);
      await refused({ deadlineMs: now - 1 }, /^deadlineMs:/);
      await refused({}, /at least one/);
      const changed = await handle.executeUpdate(updateCampaignUpdate, { args: [{ concurrency: 3 }] });
      assert.equal(changed.concurrency, 3);
      await handle.executeUpdate(resumeCampaignUpdate);
    });
    assert.equal(fake.counts.placeCall, 3);
  });

  test('the deadline closes every contact not yet called as expired, even while paused', async () => {
    const now = await env().currentTimeMs();
    const contacts = testContacts(4, () => [middayZone(now)]);
    const input = campaignInput(contacts, 10, now, { concurrency: 1, deadlineMs: now + 3_600_000 });
    const fake = campaignFake(input, contacts);
    const { status } = await runCampaign(fake, input, async (handle) => {
      await handle.executeUpdate(pauseCampaignUpdate);
    });
    assert.ok(fake.counts.placeCall <= 1, `${fake.counts.placeCall} calls while paused`);
    assert.equal(status.done, 4);
    assert.equal(status.byState.expired, 4 - fake.counts.placeCall);
  });

  test('a suppressed contact is a final result with no attempt; a capped call is tried again later', async () => {
    const now = await env().currentTimeMs();
    const contacts = testContacts(2, () => [middayZone(now)]);
    const input = campaignInput(contacts, 10, now, { concurrency: 2 });
    // The first contact is on the opt-out list (placeCall answers suppressed, as the real one does);
    // the limiter's `capped` result is scripted as the second contact's first call end.
    const fake = campaignFake(input, contacts, {
      suppressedNumbers: [contacts[0]!.phone],
      callEnd: (_to, attempt) =>
        attempt === 1 ? { status: 'capped' } : answeredWith('Yes, that works for me.'),
    });
    const { status } = await runCampaign(fake, input);
    assert.deepEqual(status.byState, { suppressed: 1, answered: 1 });
    assert.equal(status.attempts, 1, 'neither a suppressed nor a capped call counts as an attempt');
    const second = fake.calls.filter((c) => c.toNumber === contacts[1]!.phone);
    assert.equal(second.length, 2);
    assert.ok(second[1]!.placedAtMs! - second[0]!.placedAtMs! >= 5 * 60_000, 'the capped call waited');
  });

  test('a new window reaches a contact already waiting for the old one', async () => {
    const now = await env().currentTimeMs();
    const today = new Date(now).getUTCDay();
    const later = [3, 4].map((d) => ((today + d) % 7) as 0 | 1 | 2 | 3 | 4 | 5 | 6);
    const zone = middayZone(now);
    const contacts = testContacts(1, () => [zone]);
    const input = campaignInput(contacts, 10, now, {
      concurrency: 1,
      window: { start: '08:00', end: '21:00', days: later },
    });
    const fake = campaignFake(input, contacts);
    await runCampaign(fake, input, async (handle) => {
      await untilWaitingOnTimer(env().client, workflowIds.campaignContact(input.definition.campaignId, 1));
      await handle.executeUpdate(updateCampaignUpdate, {
        args: [{ window: { start: '08:00', end: '21:00', days: [0, 1, 2, 3, 4, 5, 6] } }],
      });
    });
    assert.equal(fake.calls.length, 1);
    assert.ok(fake.calls[0]!.placedAtMs! - now < 3_600_000, 'called today, not days later');
  });
});
