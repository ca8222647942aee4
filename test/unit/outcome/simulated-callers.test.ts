import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { summarizeCallback } from '../../../outcome/callback-summary';
import { readInboundCall } from '../../../outcome/inbound-call';
import { person } from '../../../simulator/callees/person';
import { Random } from '../../../simulator/random';
import type { CallContext, VenueBook } from '../../../simulator/callees/types';
import { callbackScript } from '../../../workflows/missed-call/text';
import type { MissedCallSettings } from '../../../workflows/missed-call/types';

/** The simulator's callers, read by ringflow's own readers: what the tests over HTTP rely on. */
const emptyBook: VenueBook = {
  bookings: () => [],
  book: () => undefined,
  lastOffer: () => undefined,
  offer: () => undefined,
};
const SETTINGS = { businessName: 'Lovely Thai', prompt: null } as MissedCallSettings;

function simulate(direction: 'inbound' | 'outbound', options: Record<string, unknown>) {
  const script = callbackScript(SETTINGS, 1);
  const ctx: CallContext = {
    callId: 'call_sim_1',
    direction,
    ourNumber: '+14155550100',
    remoteNumber: '+14155552001',
    agentName: 'ringflow',
    systemPrompt: direction === 'outbound' ? script.systemPrompt : null,
    initialGreeting: direction === 'outbound' ? script.initialGreeting : null,
    variables: null,
    voicemailMessage: null,
    beginMessage: null,
    nowMs: Date.parse('2026-12-04T17:00:00Z'),
    seed: 7,
    random: new Random(7),
    venueBook: emptyBook,
  };
  const plan = person(ctx, options);
  return { status: plan.status, disconnectionReason: plan.disconnectionReason, transcript: plan.lines };
}

describe('simulated callers', () => {
  test('an inbound caller asks for a callback by default', () => {
    assert.equal(readInboundCall(simulate('inbound', {})).kind, 'callback_requested');
  });

  test('an inbound caller with intent message leaves a message', () => {
    assert.equal(readInboundCall(simulate('inbound', { intent: 'message' })).kind, 'message');
  });

  test('a caller reached by the callback says who, what, how urgent and when', () => {
    const s = summarizeCallback(
      simulate('outbound', {
        name: 'Sam',
        topic: 'a catering order',
        urgency: 'urgent',
        bestTime: 'After 3pm',
      }),
    );
    assert.deepEqual(
      [s.reached, s.name, s.want, s.urgency, s.bestTime, s.askedNotToCall],
      [true, 'Sam', 'a catering order', 'urgent', 'After 3pm', false],
    );
  });

  test('a caller who says "stop calling me" is marked so', () => {
    const s = summarizeCallback(simulate('outbound', { stopCalling: true }));
    assert.deepEqual([s.reached, s.askedNotToCall], [true, true]);
  });
});
