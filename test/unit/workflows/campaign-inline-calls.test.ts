// A contact's calls run inline (followOutboundCall, no child workflow per attempt): several calls in
// one workflow must each take only their own call-ended and their own limiter request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultPayloadConverter } from '@temporalio/common';
import type { ContactResult } from '../../../workflows/campaign/types';
import { callEndedSignal, releaseCallSlotSignal, workflowIds } from '../../../workflows/messages';
import {
  answeredWith,
  campaignInput,
  campaignSuite,
  dialEnds,
  middayZone,
  testContacts,
} from '../../helpers/campaign';
import { callRecord } from '../../helpers/fake-activities';
import { untilWaitingOnTimer } from '../../helpers/temporal';

const { env, campaignFake, runCampaign } = campaignSuite({ perTest: true });

/** One contact: no answer, then a "yes" on the retry a minute later. */
function twoAttemptCampaign(now: number) {
  const contacts = testContacts(1, () => [middayZone(now)]);
  const input = campaignInput(contacts, 5, now, {
    concurrency: 1,
    retry: {
      no_answer: { maxAttempts: 2, spacingMs: 60_000 },
      busy: { maxAttempts: 1, spacingMs: 60_000 },
      voicemail: { maxAttempts: 1, spacingMs: 60_000 },
      failed: { maxAttempts: 1, spacingMs: 60_000 },
    },
  });
  const callEnd = (_to: string, attempt: number) =>
    attempt === 1 ? dialEnds.noAnswer : answeredWith('Yes, that works for me.');
  return { contacts, input, callEnd };
}

test("attempt 1's call-ended, delivered again during attempt 2, is ignored: attempt 2 ends by its own facts", async () => {
  const now = await env().currentTimeMs();
  const { contacts, input, callEnd } = twoAttemptCampaign(now);
  // Attempt 2's own webhook is lost, so only the safety net can end it; attempt 1's comes twice more.
  const fake = campaignFake(input, contacts, { callEnd, webhooks: ['deliver', 'lose'] });
  const inner = { ...fake.activities };
  fake.activities.subscribeToCallEvents = async (req) => {
    if (req.callId === 'call_0002') {
      const stale = {
        call: callRecord('call_0001', { ...dialEnds.noAnswer, to: contacts[0]!.phone }),
        webhookId: 'whd_call_0001',
      };
      const contact = env().client.workflow.getHandle(req.subscriberWorkflowId);
      await contact.signal(callEndedSignal, stale);
      await contact.signal(callEndedSignal, stale);
    }
    return inner.subscribeToCallEvents(req);
  };
  const { status } = await runCampaign(fake, input);

  assert.deepEqual(status.byState, { answered: 1 });
  assert.deepEqual(status.byAnswer, { confirmed: 1 });
  const result = await env()
    .client.workflow.getHandle<() => Promise<ContactResult>>(
      workflowIds.campaignContact(input.definition.campaignId, 1),
    )
    .result();
  assert.deepEqual(result.callIds, ['call_0001', 'call_0002']);
  // Each call's start as AgentPhone recorded it (the fake's record), for the report's hours.
  assert.deepEqual(result.callStartedAt, [callRecord('x').startedAt, callRecord('x').startedAt]);
  assert.equal(result.attempts, 2);
  assert.equal(
    fake.counts.fetchCall,
    1,
    "attempt 2 was ended by its safety-net check, not by attempt 1's event",
  );
});

test("each attempt asks the limiter with its own request, keyed by the attempt's intent, under the contact's id", async () => {
  const now = await env().currentTimeMs();
  const { contacts, input, callEnd } = twoAttemptCampaign(now);
  const fake = campaignFake(input, contacts, { callEnd });
  const asked: { holderWorkflowId: string; requestId: string }[] = [];
  const intents: string[] = [];
  const inner = { ...fake.activities };
  fake.activities.takeCallSlot = async (req) => {
    asked.push({ holderWorkflowId: req.holderWorkflowId, requestId: req.requestId });
    return inner.takeCallSlot(req);
  };
  fake.activities.placeCall = async (req) => {
    intents.push(req.intentKey);
    return inner.placeCall(req);
  };
  const { status } = await runCampaign(fake, input);

  assert.deepEqual(status.byState, { answered: 1 });
  const { campaignId } = input.definition;
  const contactId = workflowIds.campaignContact(campaignId, 1);
  // Placing is keyed exactly as the call children were.
  assert.deepEqual(
    intents,
    [1, 2].map((n) => workflowIds.campaignContactCall(campaignId, 1, n)),
  );
  assert.equal(asked.length, 2);
  assert.ok(
    asked.every((a) => a.holderWorkflowId === contactId),
    'the contact holds the slot',
  );
  assert.notEqual(asked[0]!.requestId, asked[1]!.requestId, 'attempt 2 is a request of its own');
  asked.forEach(({ requestId }, i) =>
    assert.ok(requestId.startsWith(`${intents[i]}/`), `${requestId} carries its attempt's intent key`),
  );
});

test('cancelling a contact during an inline call ends the call and gives its slot back', async () => {
  const now = await env().currentTimeMs();
  const contacts = testContacts(1, () => [middayZone(now)]);
  const input = campaignInput(contacts, 5, now, { concurrency: 1 });
  // The call stays live: its webhook is lost and every check finds it still going.
  const fake = campaignFake(input, contacts, { webhooks: ['lose'], callEndedOnFetch: false });
  const taken: string[] = [];
  const inner = { ...fake.activities };
  fake.activities.takeCallSlot = async (req) => {
    taken.push(req.requestId);
    return inner.takeCallSlot(req);
  };
  const contactId = workflowIds.campaignContact(input.definition.campaignId, 1);
  const { status } = await runCampaign(fake, input, async () => {
    // Time stands still until the test waits on the result: the contact sits in its call's safety net.
    await untilWaitingOnTimer(env().client, contactId);
    assert.equal(fake.counts.subscribe, 1, 'the call is live');
    await env().client.workflow.getHandle(contactId).cancel();
  });

  assert.deepEqual(status.byState, { cancelled: 1 });
  assert.deepEqual([...fake.ended], ['call_0001'], 'the live call was ended');
  // The slot went back to the limiter (the fake's, which runs nowhere: the signal is what shows it).
  const history = await env().client.workflow.getHandle(contactId).fetchHistory();
  const releases = (history.events ?? []).flatMap((e) => {
    const sent = e.signalExternalWorkflowExecutionInitiatedEventAttributes;
    if (sent?.signalName !== releaseCallSlotSignal.name) return [];
    return [defaultPayloadConverter.fromPayload<{ requestId: string }>(sent.input!.payloads![0]!).requestId];
  });
  assert.deepEqual(releases, taken, 'the request taken was released, once');
});
