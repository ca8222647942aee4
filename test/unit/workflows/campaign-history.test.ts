// Its own file and time-skipping server (a hundred children in one run).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import proto from '@temporalio/proto';
import { answeredWith, campaignSuite, campaignInput, middayZone, testContacts } from '../../helpers/campaign';

const { env, campaignFake, runCampaign } = campaignSuite({ perTest: false });

test('the shared call settings are in the campaign’s history once, not once per contact', async (t) => {
  const now = await env().currentTimeMs();
  const contacts = testContacts(100, () => [middayZone(now)]);
  // A prompt of ~6 KB, as real campaign scripts are, with a marker to count.
  const prompt = `PROMPT-MARKER Remind {{name}} of the appointment. ${'Be kind and brief. '.repeat(300)}`;
  const input = campaignInput(contacts, 50, now, { concurrency: 10, prompt });
  const fake = campaignFake(input, contacts, { callEnd: () => answeredWith('Yes, that works for me.') });
  const { status, handle } = await runCampaign(fake, input);
  assert.equal(status.done, 100);
  const history = await handle.fetchHistory();
  const encoded = proto.temporal.api.history.v1.History.encode(history).finish();
  const bytes = encoded.length;
  // Payloads are raw bytes in the encoded history: count the marker there.
  const decoded = Buffer.from(encoded).toString('latin1');
  const copies = decoded.split('PROMPT-MARKER').length - 1;
  t.diagnostic(
    `parent history: ${history.events?.length} events, ${bytes} bytes for 100 contacts; prompt copies ${copies}`,
  );
  // The definition (the run's input) and the one stored copy of the call settings.
  assert.ok(copies <= 2, `the prompt is in the parent's history ${copies} times`);
});

test('the campaign fills its window in one workflow task: a start command per contact, not a task each', async () => {
  const now = await env().currentTimeMs();
  const contacts = testContacts(12, () => [middayZone(now)]);
  const input = campaignInput(contacts, 50, now, { concurrency: 6 });
  const fake = campaignFake(input, contacts, { callEnd: () => answeredWith('Yes, that works for me.') });
  const { status, handle } = await runCampaign(fake, input);
  assert.equal(status.done, 12);
  const starts = ((await handle.fetchHistory()).events ?? []).flatMap((e) => {
    const started = e.startChildWorkflowExecutionInitiatedEventAttributes;
    return started?.workflowType?.name === 'campaignContactWorkflow'
      ? [String(started.workflowTaskCompletedEventId)]
      : [];
  });
  assert.equal(starts.length, 12);
  // The first window of six goes out in one task; later ones as contacts finish.
  assert.equal(new Set(starts.slice(0, 6)).size, 1, `start commands by task: ${starts.join(', ')}`);
});
