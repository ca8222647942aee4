import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workflowIds } from '../../../workflows/messages';
import {
  answeredWith,
  campaignSuite,
  campaignInput,
  dialEnds,
  middayZone,
  testContacts,
} from '../../helpers/campaign';
import { untilWaitingOnTimer } from '../../helpers/temporal';

const { env, campaignFake, runCampaign } = campaignSuite({ perTest: true });

test('a STOP filed while a contact waits to be retried stops its next attempt', async () => {
  const now = await env().currentTimeMs();
  const contacts = testContacts(2, () => [middayZone(now)]);
  const input = campaignInput(contacts, 5, now, { concurrency: 2 });
  // Neither answers; both would be retried 2 h later (default: 3 no-answer attempts).
  const optedOut: string[] = [];
  const fake = campaignFake(input, contacts, {
    suppressedNumbers: optedOut,
    callEnd: () => dialEnds.noAnswer,
  });
  const { status } = await runCampaign(fake, input, async () => {
    // Time stands still until the test waits on the result: both children sit on their retry timers.
    for (const row of [1, 2])
      await untilWaitingOnTimer(env().client, workflowIds.campaignContact(input.definition.campaignId, row));
    // Contact 1 texts STOP: the opt-out list (which placeCall reads before every dial) now holds it.
    optedOut.push(contacts[0]!.phone);
  });
  const callsTo = (row: number) => fake.calls.filter((c) => c.toNumber === contacts[row - 1]!.phone);
  assert.equal(callsTo(1).length, 1, 'no call after the STOP');
  assert.equal(callsTo(2).length, 3, 'the other contact is retried as its rules say');
  assert.deepEqual(status.byState, { suppressed: 1, no_answer: 1 });
  assert.equal(status.attempts, 4);
});

test('a spoken opt-out ends the contact at once: no further attempt, whatever else was said', async () => {
  const now = await env().currentTimeMs();
  const contacts = testContacts(1, () => [middayZone(now)]);
  const input = campaignInput(contacts, 5, now, { concurrency: 1 });
  const fake = campaignFake(input, contacts, {
    spokenOptOuts: [contacts[0]!.phone],
    callEnd: () => answeredWith('Maybe. Actually, stop calling me.'),
  });
  const { status } = await runCampaign(fake, input);
  assert.equal(fake.counts.placeCall, 1);
  assert.equal(fake.counts.recordSpokenOptOut, 1, 'the opt-out was filed on the list');
  assert.deepEqual(status.byAnswer, { opted_out: 1 });
});
