import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { extractReservationOutcome } from '../../../outcome/extractors';
import { CALL_RECAP_INSTRUCTION } from '../../../outcome/recap-instruction';
import type { TableWanted } from '../../../outcome/reservation';
import { restaurant } from '../../../simulator/callees/venue';
import { Random } from '../../../simulator/random';
import type { CallContext, VenueBook } from '../../../simulator/callees/types';

/**
 * The simulator's agent closes its calls with the recap the call script asks for, and the outcome
 * reader takes the result from that recap (AgentPhone's analysis stripped, so only the transcript speaks).
 */
const request: TableWanted = { partySize: 2, date: '2026-12-05', time: '19:00', name: 'Manav' };
const PROMPT = 'Book a table for 2 on 2026-12-05 at 19:00 under the name Manav.';

const emptyBook: VenueBook = {
  bookings: () => [],
  book: () => undefined,
  lastOffer: () => undefined,
  offer: () => undefined,
};

function simulate(options: Record<string, unknown>, systemPrompt: string) {
  const ctx: CallContext = {
    callId: 'call_recap_1',
    direction: 'outbound',
    ourNumber: '+14155550100',
    remoteNumber: '+14155550123',
    agentName: 'ringflow',
    systemPrompt,
    initialGreeting: null,
    variables: null,
    voicemailMessage: null,
    beginMessage: null,
    nowMs: Date.parse('2026-12-04T17:00:00Z'),
    seed: 7,
    random: new Random(7),
    venueBook: emptyBook,
  };
  return restaurant(ctx, { ...options, analysis: false });
}

async function outcomeOf(options: Record<string, unknown>) {
  const plan = simulate(options, `${PROMPT} ${CALL_RECAP_INSTRUCTION}`);
  const recapLine = plan.lines.findLast((l) => l.role === 'agent')?.content ?? '';
  assert.match(recapLine, /To recap: /);
  const outcome = await extractReservationOutcome({
    call: { status: 'completed', transcript: plan.lines, endedAt: '2026-12-04T18:05:00Z' },
    request,
  });
  assert.ok(
    outcome.evidence.some((l) => l.text === recapLine),
    'the outcome rests on the recap',
  );
  return outcome;
}

describe("the simulated agent's closing recap", () => {
  test('is said only when the call script asks for it', () => {
    const plain = simulate({}, PROMPT);
    assert.ok(!plain.lines.some((l) => /to recap/i.test(l.content)));
  });

  test('states a booking the outcome reader takes as booked', async () => {
    const outcome = await outcomeOf({ availability: { '2026-12-05': ['19:00'] } });
    assert.ok(outcome.kind === 'booked', outcome.kind);
    assert.deepEqual(
      [outcome.date, outcome.time, outcome.partySize, outcome.name],
      ['2026-12-05', '19:00', 2, 'Manav'],
    );
  });

  test('states offered times, no table, or a request to call back', async () => {
    const offered = await outcomeOf({ availability: { '2026-12-05': ['21:30', '22:00'] } });
    assert.ok(offered.kind === 'alternative_offered', offered.kind);
    assert.deepEqual(
      offered.alternatives.map((a) => a.time),
      ['21:30', '22:00'],
    );
    assert.equal((await outcomeOf({ behaviour: 'full' })).kind, 'full');
    assert.equal((await outcomeOf({ behaviour: 'call-back' })).kind, 'call_back');
    assert.equal((await outcomeOf({ maxParty: 1 })).kind, 'full');
  });
});
