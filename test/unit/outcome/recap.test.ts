import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { extractReservationOutcome } from '../../../outcome/extractors';
import { findCallRecap, readCallRecap, settleCallRecap } from '../../../outcome/recap';
import { CALL_RECAP_INSTRUCTION } from '../../../outcome/recap-instruction';
import type { TableWanted } from '../../../outcome/reservation';
import { normalizeTranscript } from '../../../outcome/transcript';

const request: TableWanted = { partySize: 2, date: '2026-12-05', time: '19:00', name: 'Manav' };
const ctx = { requestedDate: '2026-12-05', requestedTime: '19:00', referenceDate: '2026-12-04' };

/** "A: …" for the agent, "C: …" for the callee. */
function lines(...said: string[]) {
  return normalizeTranscript(
    said.map((s) => ({ role: s.startsWith('A: ') ? 'agent' : 'user', content: s.slice(3) })),
  );
}

const OPENING = 'A: Hi, I would like a table for 2 on Saturday, December 5 at 7 PM, under the name Manav.';

describe('call recap', () => {
  test('the instruction for the call script asks for one plain sentence and shows the recap form', () => {
    assert.match(CALL_RECAP_INSTRUCTION, /one sentence/);
    const example = /'(To recap: [^']+)'/.exec(CALL_RECAP_INSTRUCTION)?.[1];
    assert.ok(example, 'the instruction carries an example recap');
    // The example the agent is shown, its placeholders filled as the call's variables fill them, is
    // itself read right.
    const filled = example
      .replace('{{party_size}}', '2')
      .replace('{{date_spoken}}', 'Saturday, December 5')
      .replace('{{time_spoken}}', '7 PM')
      .replace('{{name}}', 'Manav');
    assert.deepEqual(readCallRecap(filled, ctx), {
      kind: 'booked',
      date: '2026-12-05',
      time: '19:00',
      partySize: 2,
      name: 'Manav',
    });
  });

  test('finds the recap sentence after its cue and stops at the end of that sentence', () => {
    assert.equal(
      findCallRecap('Thanks! To recap: nothing booked; they offered 8:30 PM. I will call back.'),
      'nothing booked; they offered 8:30 pm',
    );
    assert.equal(findCallRecap('Just to confirm, 7 PM for two?'), undefined);
  });

  test('reads each kind of result a recap can state', () => {
    const read = (s: string) => readCallRecap(s, ctx);
    assert.deepEqual(read('To recap: nothing booked; they offered 6:30 PM or 9 PM on Sunday.'), {
      kind: 'alternative_offered',
      alternatives: [
        { date: '2026-12-06', time: '18:30' },
        { date: '2026-12-06', time: '21:00' },
      ],
    });
    assert.deepEqual(read("To recap: no table; they're fully booked on Saturday."), { kind: 'full' });
    assert.deepEqual(read('To recap: nothing booked yet; they asked us to call back after 6 PM.'), {
      kind: 'call_back',
      after: 'after 6 pm',
    });
    assert.deepEqual(read('To recap: nothing booked; I reached their voicemail.'), { kind: 'voicemail' });
    assert.deepEqual(read('To recap: nothing booked; nobody there could take a booking.'), {
      kind: 'unclear',
    });
  });

  test('trusts a recap the callee agreed to, and applies a field the callee corrected', () => {
    const agreed = settleCallRecap(
      lines(
        OPENING,
        'C: Sure.',
        'A: To recap: booked a table for 2 on Saturday at 7 PM under Manav.',
        'C: Yep.',
      ),
      ctx,
    );
    assert.equal(agreed.status, 'trusted');
    const corrected = settleCallRecap(
      lines(
        OPENING,
        'C: Seven thirty I can do, booked.',
        'A: To recap: booked a table for 2 on Saturday at 7 PM under Manav.',
        'C: No, it was 7:30, not 7.',
      ),
      ctx,
    );
    assert.equal(corrected.status, 'trusted');
    assert.ok(corrected.status === 'trusted' && corrected.recap.reading.kind === 'booked');
    assert.equal(corrected.recap.reading.time, '19:30');
    assert.equal(corrected.recap.correction?.text, 'No, it was 7:30, not 7.');
  });

  test('does not take a friendly "no worries, bye" after the recap for a contradiction', () => {
    const verdict = settleCallRecap(
      lines(
        OPENING,
        'C: We are full, sorry.',
        "A: Thank you. To recap: no table; they're fully booked on Saturday.",
        'C: No worries, bye now!',
      ),
      ctx,
    );
    assert.equal(verdict.status, 'trusted');
  });

  test('sets a recap aside when the callee takes the result back', () => {
    const verdict = settleCallRecap(
      lines(
        OPENING,
        'C: Maybe, I need to ask.',
        'A: To recap: booked a table for 2 on Saturday at 7 PM under Manav.',
        "C: No, it's not booked yet! Call back in an hour.",
      ),
      ctx,
    );
    assert.deepEqual(verdict, { status: 'contradicted', recapLines: [2] });
  });
});

describe('outcome extraction with a recap', () => {
  const call = (transcript: unknown, extra: Record<string, unknown> = {}) => ({
    call: { status: 'completed', transcript, endedAt: '2026-12-04T18:05:00Z', ...extra },
    request,
  });
  const flat = (...said: string[]) =>
    said.map((s) => ({ role: s.startsWith('A: ') ? 'agent' : 'user', content: s.slice(3) }));

  test('books what the uncontradicted recap says when the conversation alone is vague', async () => {
    const outcome = await extractReservationOutcome(
      call(
        flat(
          OPENING,
          'C: Mm-hm. Saturday. Seven. Two. Okay, yeah.',
          'A: Thank you. To recap: booked a table for 2 on Saturday at 7 PM under Manav.',
          'C: Mm-hm, bye.',
        ),
      ),
    );
    assert.equal(outcome.kind, 'booked');
    assert.ok(outcome.kind === 'booked');
    assert.deepEqual(
      [outcome.date, outcome.time, outcome.partySize, outcome.name],
      ['2026-12-05', '19:00', 2, 'Manav'],
    );
    assert.deepEqual(outcome.assumedFromRequest, []);
    assert.match(outcome.evidence[0]!.text, /To recap/);
  });

  test('takes the callee correction over the recap ("no, it was 7:30, not 7")', async () => {
    const outcome = await extractReservationOutcome(
      call(
        flat(
          OPENING,
          'C: Seven no, seven thirty yes, I book you seven thirty.',
          'A: Thank you. To recap: booked a table for 2 on Saturday at 7 PM under Manav.',
          'C: No, is seven thirty.',
          'A: Sorry, 7:30. Thank you.',
        ),
      ),
    );
    assert.ok(outcome.kind === 'booked', outcome.kind);
    assert.equal(outcome.time, '19:30');
    assert.equal(outcome.evidence.length, 2);
  });

  test('prefers an uncontradicted recap over AgentPhone summary', async () => {
    const outcome = await extractReservationOutcome(
      call(
        flat(
          OPENING,
          'C: Seven is gone, we can do half past eight.',
          'A: Thank you. To recap: nothing booked; they offered 8:30 PM on Saturday instead.',
          'C: Yes.',
        ),
        { summary: 'The restaurant booked a table for two at 8:30pm on Saturday.', callSuccessful: true },
      ),
    );
    assert.equal(outcome.kind, 'alternative_offered');
    assert.equal(outcome.source, 'transcript');
  });
});
