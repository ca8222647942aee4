import { test } from 'node:test';
import assert from 'node:assert/strict';
import { voicemailFromPrompt } from '../../../simulator/callees/simple';
import { campaignCallPrompt } from '../../../workflows/campaign/text';
import { DEFAULT_OUTCOMES, renderTemplate } from '../../../workflows/campaign/input';

test('the voicemail persona finds the message a campaign prompt asks for, word for word', () => {
  const message = 'Hi {{name}}, this is Dr. Lee\'s office: "see you Tuesday". Call us back!';
  const prompt = campaignCallPrompt('Remind {{name}} of the visit.', DEFAULT_OUTCOMES, message);
  // AgentPhone fills the whole prompt's variables before the call; so does the simulator.
  const filled = renderTemplate(prompt, { name: 'Ann' });
  assert.equal(
    voicemailFromPrompt(filled),
    'Hi Ann, this is Dr. Lee\'s office: "see you Tuesday". Call us back!',
  );
});

test('a campaign that hangs up on voicemail leaves nothing; a prompt silent on voicemail defers to the agent', () => {
  assert.equal(voicemailFromPrompt(campaignCallPrompt('Remind {{name}}.', DEFAULT_OUTCOMES)), '');
  assert.equal(voicemailFromPrompt('Book a table for two.'), undefined);
  assert.equal(voicemailFromPrompt(null), undefined);
});
