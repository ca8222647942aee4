import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApplicationFailure } from '@temporalio/common';
import { workflowIds } from '../../../workflows/messages';
import {
  answeredWith,
  campaignSuite,
  campaignInput,
  dialEnds,
  middayZone,
  testContacts,
} from '../../helpers/campaign';

const { env, campaignFake, runCampaign } = campaignSuite({ perTest: true });

const once = { maxAttempts: 1, spacingMs: 60_000 };

test('each contact gets at most one follow-up SMS by how it ended, rendered from its row, once through retries', async () => {
  const now = await env().currentTimeMs();
  const contacts = testContacts(5, () => [middayZone(now)]);
  const input = campaignInput(contacts, 5, now, {
    concurrency: 5,
    retry: { no_answer: once, busy: once, voicemail: once, failed: once },
    followUps: {
      confirmed: 'Thanks {{name}}, see you tomorrow!',
      voicemail: 'Sorry we missed you, {{name}}. Call us back.',
      no_answer: 'We tried to reach you, {{name}}.',
    },
  });
  // Rows: yes, no (no text for declined), voicemail, no answer, busy (no text for busy).
  const ends = [
    answeredWith('Yes, that works for me.'),
    answeredWith("No, sorry, that doesn't work for me."),
    dialEnds.voicemail,
    dialEnds.noAnswer,
    dialEnds.busy,
  ];
  const fake = campaignFake(input, contacts, { callEnd: (to) => ends[Number(to.slice(-4)) - 1]! });
  // The first attempt to text row 1 fails after the fact (a retry must not text twice).
  const attempts: string[] = [];
  const inner = { ...fake.activities };
  fake.activities.sendSms = async (req) => {
    attempts.push(req.intentKey);
    if (attempts.filter((k) => k === req.intentKey).length === 1 && req.intentKey.includes(':contact:1:'))
      throw ApplicationFailure.retryable('connection reset', 'APIConnectionError');
    return inner.sendSms(req);
  };
  const { status } = await runCampaign(fake, input);

  const id = input.definition.campaignId;
  const keyOf = (row: number) => `${workflowIds.campaignContact(id, row)}:follow-up`;
  assert.deepEqual(
    fake.sms.map((m) => [m.toNumber, m.body, m.intentKey]).sort(),
    [
      [contacts[0]!.phone, 'Thanks Person 1, see you tomorrow!', keyOf(1)],
      [contacts[2]!.phone, 'Sorry we missed you, Person 3. Call us back.', keyOf(3)],
      [contacts[3]!.phone, 'We tried to reach you, Person 4.', keyOf(4)],
    ].sort(),
  );
  assert.deepEqual(
    attempts.filter((k) => k === keyOf(1)),
    [keyOf(1), keyOf(1)],
    'the retry reused the intent key',
  );
  assert.equal(status.followUpsSent, 3);
  assert.deepEqual(status.byState, { answered: 2, voicemail: 1, no_answer: 1, busy: 1 });
});

test('a contact on the opt-out list is not texted, and its result says so', async () => {
  const now = await env().currentTimeMs();
  const contacts = testContacts(1, () => [middayZone(now)]);
  const input = campaignInput(contacts, 5, now, {
    concurrency: 1,
    followUps: { confirmed: 'Thanks {{name}}!' },
  });
  const fake = campaignFake(input, contacts, {
    optedOut: true,
    callEnd: () => answeredWith('Yes, that works for me.'),
  });
  const { status } = await runCampaign(fake, input);
  assert.equal(fake.counts.sendSms, 1, 'asked once; sendSms checked the list');
  assert.equal(fake.sms.length, 0);
  assert.equal(status.followUpsSent, 0);
  const result = await env()
    .client.workflow.getHandle(workflowIds.campaignContact(input.definition.campaignId, 1))
    .result();
  assert.deepEqual((result as { followUp?: unknown }).followUp, { key: 'confirmed', outcome: 'suppressed' });
});
