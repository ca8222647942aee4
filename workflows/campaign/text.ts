/** The words of a campaign call: the operator's prompt plus the question whose answer is read back. */
import type { CampaignOutcomeSchema } from './types';

/**
 * The system prompt a contact's call is placed with: the operator's prompt (its `{{variables}}` are
 * filled by AgentPhone from the call's `variables`), then the question and the answers the reader knows.
 */
export function campaignCallPrompt(prompt: string, outcomes: CampaignOutcomeSchema): string {
  const answers = outcomes.answers.map((a) => a.replaceAll('_', ' ')).join(', ');
  return (
    `${prompt}\n\nAsk the person: "${outcomes.question}" Their answer should be one of: ${answers}. ` +
    `If they ask not to be called again, apologise, say they will not be called again, and end the call. ` +
    `Before you hang up, say one sentence starting with 'To recap:' that names their answer.`
  );
}
