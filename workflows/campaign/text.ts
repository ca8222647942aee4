/** The words of a campaign call: the operator's prompt plus the question whose answer is read back. */
import type { CampaignOutcomeSchema } from './types';

/** A `{{name}}` of a template (global: use with `replace` / `matchAll` only). */
export const TEMPLATE_VARIABLE = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** `template` with each `{{name}}` replaced from `variables` (what AgentPhone does with `variables`). */
export function renderTemplate(template: string, variables: Record<string, string>): string {
  return template.replace(TEMPLATE_VARIABLE, (whole, name: string) => variables[name] ?? whole);
}

/**
 * What the agent does on reaching voicemail. AgentPhone's own `voicemailMessage` belongs to the agent
 * (one text for every call it makes, shared by every flow), so a per-contact message travels in the
 * call's prompt instead, where AgentPhone fills its `{{variables}}` from the call's `variables` as it
 * does the rest of the prompt. The message sits between fixed markers so it is spoken word for word
 * (and the simulator finds it the same way).
 */
export function voicemailInstruction(voicemailMessage: string | undefined): string {
  if (!voicemailMessage)
    return 'If the call reaches voicemail or an answering machine, hang up at once without leaving a message.';
  return (
    'If the call reaches voicemail or an answering machine, wait for the tone, say exactly the ' +
    `message between the markers below, then hang up.\nVoicemail message:\n<<<\n${voicemailMessage}\n>>>`
  );
}

/**
 * The system prompt a contact's call is placed with: the operator's prompt (its `{{variables}}` are
 * filled by AgentPhone from the call's `variables`), then the question and the answers the reader knows,
 * then what to do on reaching voicemail.
 */
export function campaignCallPrompt(
  prompt: string,
  outcomes: CampaignOutcomeSchema,
  voicemailMessage?: string,
): string {
  const answers = outcomes.answers.map((a) => a.replaceAll('_', ' ')).join(', ');
  return (
    `${prompt}\n\nAsk the person: "${outcomes.question}" Their answer should be one of: ${answers}. ` +
    `If they ask not to be called again, apologise, say they will not be called again, and end the call. ` +
    `Before you hang up, say one sentence starting with 'To recap:' that names their answer.\n\n` +
    voicemailInstruction(voicemailMessage)
  );
}
