import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { updateCampaignUpdate } from '../../../workflows/messages';
import {
  answeredWith,
  campaignSuite,
  campaignInput,
  dialEnds,
  middayZone,
  testContacts,
} from '../../helpers/campaign';
import { eventually } from '../../helpers/eventually';

const { env, campaignFake, runCampaign } = campaignSuite({ perTest: true });

/** Every call is answered "yes" and lasts `seconds`. */
const callsOf = (seconds: number) => () => ({
  ...answeredWith('Yes, that works for me.'),
  durationSeconds: seconds,
});
const lost = (n: number) => Array.from({ length: n }, () => 'lose' as const);

/** When a workflow closed, by its history's last event (the server's clock may have moved on since). */
async function closeTimeMs(handle: {
  fetchHistory(): Promise<{ events?: { eventTime?: unknown }[] | null }>;
}) {
  const last = (await handle.fetchHistory()).events?.at(-1)?.eventTime as
    { seconds?: { toString(): string } | null; nanos?: number | null } | undefined;
  return Number(last?.seconds?.toString() ?? 0) * 1000 + (last?.nanos ?? 0) / 1e6;
}

describe('the campaign budget cap', () => {
  test('dialling stops when the next call could pass the minutes cap: exact counts, no call past it', async () => {
    const now = await env().currentTimeMs();
    const contacts = testContacts(10, () => [middayZone(now)]);
    // 5 minutes; each call reserved at 2, billed 1: call n is granted only if (n-1)·60 + 120 ≤ 300 → 4.
    const input = campaignInput(contacts, 4, now, {
      concurrency: 2,
      budget: { minutes: 5 },
      maxCallMinutes: 2,
    });
    const fake = campaignFake(input, contacts, { callEnd: callsOf(60) });
    const { status, handle } = await runCampaign(fake, input);
    // It ends when the budget is spent, not when the deadline (14 days on) comes: read from the
    // campaign's own close event. The server's clock after the result is no measure: once the campaign
    // has closed, the time-skipping server may jump to the stored pages' and settings' keep-until
    // timers (deadline + 30 days) before the result call returns (seen in CI: 44 days).
    const closedAtMs = await closeTimeMs(handle);
    assert.ok(closedAtMs - now < 86_400_000, `ended ${closedAtMs - now} ms in, not long before the deadline`);
    assert.equal(fake.counts.placeCall, 4);
    assert.deepEqual(status.byState, { answered: 4, budget_reached: 6 });
    assert.equal(status.done, 10);
    assert.equal(status.unstartedAs, 'budget_reached');
    assert.deepEqual(status.spend, {
      billedMinutes: 4,
      usd: 0.52,
      reservedCalls: 0,
      budget: { minutes: 5, usd: null, minutesLeft: 1, usdLeft: null },
    });
  });

  test('a dollar cap counts AgentPhone’s 1¢ minimum per connected call', async () => {
    const now = await env().currentTimeMs();
    const contacts = testContacts(20, () => [middayZone(now)]);
    // $0.30; a 2 s call costs 1¢ (not 0.43¢), the worst case (1 min) 13¢: (n-1)·1¢ + 13¢ ≤ 30¢ → 18.
    const input = campaignInput(contacts, 8, now, {
      concurrency: 3,
      budget: { usd: 0.3 },
      maxCallMinutes: 1,
    });
    const fake = campaignFake(input, contacts, { callEnd: callsOf(2) });
    const { status } = await runCampaign(fake, input);
    assert.equal(fake.counts.placeCall, 18);
    assert.deepEqual(status.byState, { answered: 18, budget_reached: 2 });
    assert.equal(status.spend?.usd, 0.18);
  });

  test('a retry the budget cannot cover ends the contact as budget_reached, with its attempts', async () => {
    const now = await env().currentTimeMs();
    const contacts = testContacts(1, () => [middayZone(now)]);
    // A voicemail of 40 s (billed), then a retry whose worst case (1 min) no longer fits in 1.5 min.
    const input = campaignInput(contacts, 4, now, {
      concurrency: 1,
      budget: { minutes: 1.5 },
      maxCallMinutes: 1,
      retry: {
        no_answer: { maxAttempts: 3, spacingMs: 60_000 },
        busy: { maxAttempts: 3, spacingMs: 60_000 },
        voicemail: { maxAttempts: 3, spacingMs: 60_000 },
        failed: { maxAttempts: 3, spacingMs: 60_000 },
      },
    });
    const fake = campaignFake(input, contacts, {
      callEnd: () => ({
        status: 'completed',
        disconnectionReason: 'voicemail_reached',
        transcript: [],
        durationSeconds: 40,
      }),
    });
    const { status } = await runCampaign(fake, input);
    assert.equal(fake.counts.placeCall, 1);
    assert.deepEqual(status.byState, { budget_reached: 1 });
    assert.equal(status.attempts, 1);
    assert.equal(status.spend?.billedMinutes, 0.67);
  });

  test('update refuses a bad budget by name, and a lower budget applies to the calls after it', async () => {
    const now = await env().currentTimeMs();
    const contacts = testContacts(8, () => [middayZone(now)]);
    const input = campaignInput(contacts, 4, now, {
      concurrency: 1,
      budget: { minutes: 50 },
      maxCallMinutes: 1,
    });
    // Webhooks lost: the first call stays live (time is not skipped until the test waits on the result).
    const fake = campaignFake(input, contacts, { webhooks: lost(8), callEnd: callsOf(60) });
    const { status } = await runCampaign(fake, input, async (handle) => {
      await eventually(() => (fake.counts.subscribe === 1 ? true : undefined), { what: 'a live call' });
      const refused = async (budget: object, message: RegExp) => {
        await assert.rejects(
          handle.executeUpdate(updateCampaignUpdate, { args: [{ budget }] }),
          (err: Error) => {
            assert.ok(err instanceof WorkflowUpdateFailedError);
            assert.match(String(err.cause?.message), message);
            return true;
          },
        );
      };
      await refused({ minutes: -1 }, /^budget\.minutes: a positive number/);
      await refused({ usd: 0 }, /^budget\.usd: a positive amount/);
      await refused({}, /^budget: give minutes and\/or usd/);
      const changed = await handle.executeUpdate(updateCampaignUpdate, {
        args: [{ budget: { minutes: 2 } }],
      });
      assert.equal(changed.spend?.budget?.minutes, 2);
      assert.equal(changed.spend?.reservedCalls, 1, 'the live call holds its reservation');
    });
    // (n-1)·60 + 60 ≤ 120 → 2 calls.
    assert.equal(fake.counts.placeCall, 2);
    assert.deepEqual(status.byState, { answered: 2, budget_reached: 6 });
  });

  test('a budget added while running reaches the children already started', async () => {
    const now = await env().currentTimeMs();
    const contacts = testContacts(6, () => [middayZone(now)]);
    const again = { maxAttempts: 3, spacingMs: 60_000 };
    const input = campaignInput(contacts, 3, now, {
      concurrency: 2,
      maxCallMinutes: 1,
      retry: { no_answer: again, busy: again, voicemail: again, failed: again },
    });
    // Every call reaches voicemail after a billed minute, and would be retried.
    const voicemail = () => ({ ...dialEnds.voicemail, durationSeconds: 60 });
    const fake = campaignFake(input, contacts, { webhooks: lost(12), callEnd: voicemail });
    const { status } = await runCampaign(fake, input, async (handle) => {
      await eventually(() => (fake.counts.subscribe === 2 ? true : undefined), { what: 'two live calls' });
      const changed = await handle.executeUpdate(updateCampaignUpdate, {
        args: [{ budget: { minutes: 2.5 } }],
      });
      assert.equal(changed.spend?.budget?.minutesLeft, 2.5);
    });
    // The two live calls end unreserved (2 min spent); a retry's worst case (1 min) no longer fits in
    // 2.5, so the children already running ask and are refused, and nobody else is called.
    assert.equal(fake.counts.placeCall, 2);
    assert.deepEqual(status.byState, { budget_reached: 6 });
    assert.equal(status.spend?.billedMinutes, 2);
  });

  test('spend, reservations and waiting requests carry across continue-as-new: the cap stays exact', async () => {
    const now = await env().currentTimeMs();
    const contacts = testContacts(12, () => [middayZone(now)]);
    // 8 minutes, 1 reserved and 1 billed per call: (n-1)·60 + 60 ≤ 480 → 8 calls, over several runs.
    const input = {
      ...campaignInput(contacts, 5, now, { concurrency: 3, budget: { minutes: 8 }, maxCallMinutes: 1 }),
      continueAsNewAfterEvents: 40,
    };
    const fake = campaignFake(input, contacts, { callEnd: callsOf(60) });
    const { status, handle } = await runCampaign(fake, input);
    const first = await env()
      .client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId)
      .describe();
    assert.equal(first.status.name, 'CONTINUED_AS_NEW');
    assert.equal(fake.counts.placeCall, 8);
    assert.deepEqual(status.byState, { answered: 8, budget_reached: 4 });
    assert.equal(status.spend?.billedMinutes, 8);
  });
});
