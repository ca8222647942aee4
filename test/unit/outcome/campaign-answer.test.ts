import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readCampaignAnswer } from '../../../outcome/campaign-answer';

const ANSWERS = ['confirmed', 'declined', 'reschedule', 'wrong_person'];
const talk = (...said: string[]) => ({
  status: 'completed',
  disconnectionReason: 'agent_hangup',
  transcript: said.map((content, i) => ({ role: i % 2 === 0 ? 'agent' : 'user', content })),
});

describe('reading a campaign call', () => {
  test('dial results come from the status and the reason', () => {
    const read = (disconnectionReason: string, status = 'failed') =>
      readCampaignAnswer({ status, disconnectionReason, transcript: [] }, ANSWERS).kind;
    assert.equal(read('dial_no_answer'), 'no_answer');
    assert.equal(read('dial_busy'), 'busy');
    assert.equal(read('voicemail_reached', 'completed'), 'voicemail');
    assert.equal(read('invalid_destination'), 'failed');
  });

  test("the callee's words map onto the schema, with the line they rest on", () => {
    const yes = readCampaignAnswer(
      talk('Does that work for you?', 'Yes, that works for me. Thanks!'),
      ANSWERS,
    );
    assert.deepEqual(yes.kind === 'answered' && [yes.answer, yes.optedOut, yes.evidence], [
      'confirmed',
      false,
      ['Yes, that works for me. Thanks!'],
    ]);
    const no = readCampaignAnswer(talk('Does that work?', "No, sorry, that doesn't work for me."), ANSWERS);
    assert.equal(no.kind === 'answered' && no.answer, 'declined');
    const later = readCampaignAnswer(talk('Does that work?', 'Yes. Actually, can we reschedule?'), ANSWERS);
    assert.equal(later.kind === 'answered' && later.answer, 'reschedule');
    const wrong = readCampaignAnswer(talk('Is this Ann?', 'Sorry, you have the wrong number.'), ANSWERS);
    assert.equal(wrong.kind === 'answered' && wrong.answer, 'wrong_person');
    const maybe = readCampaignAnswer(talk('Does that work?', "Hmm, I'm not sure yet."), ANSWERS);
    assert.equal(maybe.kind === 'answered' && maybe.answer, 'unclear');
  });

  test('the goodbyes after an answer do not change it', () => {
    const maybe = readCampaignAnswer(
      talk(
        'Does that work for you?',
        "Hmm, I'm not sure yet.",
        'Understood, thanks.',
        'No problem. Have a good day!',
      ),
      ANSWERS,
    );
    assert.equal(maybe.kind === 'answered' && maybe.answer, 'unclear');
    const no = readCampaignAnswer(
      talk('Does that work for you?', "I'm afraid not, no.", 'Understood.', 'Sure thing, take care.'),
      ANSWERS,
    );
    assert.equal(no.kind === 'answered' && no.answer, 'declined');
  });

  test('a spoken opt-out is always flagged, whatever else was said', () => {
    const reading = readCampaignAnswer(talk('Does that work?', 'No. And stop calling me.'), ANSWERS);
    assert.equal(reading.kind, 'answered');
    assert.equal(reading.kind === 'answered' && reading.optedOut, true);
  });

  test('a yes maps to nothing when the schema has no yes-like answer', () => {
    const reading = readCampaignAnswer(talk('Interested?', 'Yes, sure.'), ['callback_later']);
    assert.equal(reading.kind === 'answered' && reading.answer, 'unclear');
  });
});
