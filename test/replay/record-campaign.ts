/**
 * Records the replay history of a campaign contact whose calls run inline (kept apart from record.ts
 * so recording it leaves the other flows' histories untouched): on a time-skipping server with
 * scripted activities, one contact that does not answer, then says yes on the retry a minute later —
 * two inline calls in one workflow, each with its limiter slot, mailbox subscription and result.
 * Re-run after an intended change:
 *   node --import tsx test/replay/record-campaign.ts
 */
import { workflowIds } from '../../workflows/messages';
import {
  answeredWith,
  campaignHarness,
  campaignInput,
  dialEnds,
  middayZone,
  testContacts,
} from '../helpers/campaign';
import { saveHistory } from '../helpers/replay';
import { timeSkippingEnv } from '../helpers/temporal';

const env = await timeSkippingEnv();
try {
  const { campaignFake, runCampaign } = campaignHarness(() => env);
  const now = await env.currentTimeMs();
  const contacts = testContacts(1, () => [middayZone(now)]);
  const retryOnce = { maxAttempts: 2, spacingMs: 60_000 };
  const input = campaignInput(contacts, 5, now, {
    concurrency: 1,
    retry: { no_answer: retryOnce, busy: retryOnce, voicemail: retryOnce, failed: retryOnce },
  });
  const fake = campaignFake(input, contacts, {
    callEnd: (_to, attempt) => (attempt === 1 ? dialEnds.noAnswer : answeredWith('Yes, that works.')),
    ingressReadsTranscript: true,
  });
  const { status } = await runCampaign(fake, input);
  if (status.byState.answered !== 1 || status.attempts !== 2)
    throw new Error(`unexpected: ${JSON.stringify(status)}`);
  const contactId = workflowIds.campaignContact(input.definition.campaignId, 1);
  console.log(await saveHistory(env.client, contactId, 'campaign-contact-inline-retry'));
} finally {
  await env.teardown();
}
