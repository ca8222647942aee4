// Its own file and time-skipping server: once a workflow has continued as new, that server stops
// skipping time for the rest of its life (seen here: 60 s timers then took 60 s of real time).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CampaignInput } from '../../../workflows/campaign/workflow';
import {
  answeredWith,
  campaignSuite,
  campaignInput,
  dialEnds,
  middayZone,
  testContacts,
} from '../../helpers/campaign';

const { env, campaignFake, runCampaign } = campaignSuite({ perTest: false });

test('counts stay exact across continue-as-new forced by a low threshold, with mixed outcomes', async () => {
  const now = await env().currentTimeMs();
  const contacts = testContacts(30, () => [middayZone(now)]);
  const input: CampaignInput = {
    ...campaignInput(contacts, 7, now, {
      concurrency: 4,
      // Spacing of a second: the time-skipping server stops skipping once a workflow has continued
      // as new (seen here: 60 s timers took 60 s of real time), so retry timers are kept short.
      retry: {
        no_answer: { maxAttempts: 2, spacingMs: 1_000 },
        busy: { maxAttempts: 2, spacingMs: 1_000 },
        voicemail: { maxAttempts: 1, spacingMs: 1_000 },
        failed: { maxAttempts: 1, spacingMs: 1_000 },
      },
    }),
    continueAsNewAfterEvents: 60,
    // And a second's safety net: a webhook the fakes deliver late is found by the call's check, which
    // otherwise waits 3 minutes of real time once skipping has stopped (a CI run timed out on it).
    checks: { firstCheckMs: 1_000, maxIntervalMs: 2_000 },
  };
  // Row r: r%5 0 → yes; 1 → no; 2 → busy then yes; 3 → never answers; 4 → voicemail.
  const fake = campaignFake(input, contacts, {
    callEnd: (to, attempt) => {
      const kind = Number(to.slice(-4)) % 5;
      if (kind === 0) return answeredWith('Yes, that works for me.');
      if (kind === 1) return answeredWith("No, sorry, that doesn't work for me.");
      if (kind === 2) return attempt === 1 ? dialEnds.busy : answeredWith('Yes, absolutely.');
      if (kind === 3) return dialEnds.noAnswer;
      return dialEnds.voicemail;
    },
  });
  const { status, handle } = await runCampaign(fake, input);
  const started = await env()
    .client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId)
    .describe();
  assert.equal(started.status.name, 'CONTINUED_AS_NEW', 'the first run continued as new');
  assert.equal(status.done, 30);
  assert.deepEqual(status.byState, { answered: 18, no_answer: 6, voicemail: 6 });
  assert.deepEqual(status.byAnswer, { confirmed: 12, declined: 6 });
  // 6 yes + 6 no + 6×2 busy-then-yes + 6×2 no answer + 6 voicemail
  assert.equal(status.attempts, 42);
  assert.equal(fake.counts.placeCall, 42, 'no call lost or repeated across runs');
});
