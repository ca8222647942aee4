/**
 * The webhook-vs-polling benchmark's arithmetic (one latency unit for both sides on a scaled clock,
 * requests per route) and its plan: seeded call lengths inside 20–120 s, distinct dialable numbers, and
 * a scripted call the simulator accepts and ringflow's outcome reader reads as the booking asked for.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { apiRoute, callToSmsMs, perCall } from '../../../bench/polling/measure';
import { planReservations, scriptedBookingCall } from '../../../bench/polling/plan';
import { assertDialable } from '../../../agentphone/phone/dialable';
import { extractReservationOutcome } from '../../../outcome/extractors';
import { CalleeRegistrationSchema } from '../../../simulator/callees/registry';

describe('callToSmsMs', () => {
  test('webhook-driven: all of it is work, counted at wall length whatever the speed', () => {
    assert.equal(callToSmsMs({ callEndedAt: 1_000, smsAt: 1_320 }, 10), 320);
  });

  test('polling: the wait for the next poll counts speed × its wall length, the requests after it at wall length', () => {
    // Ended at 1,000; the next poll went out 150 wall ms later (1.5 simulated s at 10×); SMS 40 ms after.
    assert.equal(callToSmsMs({ callEndedAt: 1_000, terminalPollSentAt: 1_150, smsAt: 1_190 }, 10), 1_540);
    assert.equal(callToSmsMs({ callEndedAt: 1_000, terminalPollSentAt: 1_150, smsAt: 1_190 }, 1), 190);
  });

  test('a poll sent just before the end was noticed waits nothing and counts only from the end', () => {
    assert.equal(callToSmsMs({ callEndedAt: 1_000, terminalPollSentAt: 995, smsAt: 1_030 }, 10), 30);
  });
});

describe('apiRoute and perCall', () => {
  test('ids and query strings are folded into the route', () => {
    assert.equal(apiRoute('GET', '/v1/calls/call_9d8c7b6a5f4e3d21?wait=true'), 'GET /v1/calls/{id}');
    assert.equal(apiRoute('GET', '/v1/numbers/num_8f3a/messages'), 'GET /v1/numbers/{id}/messages');
    assert.equal(apiRoute('POST', '/v1/messages'), 'POST /v1/messages');
  });

  test('counts per call, to 2 decimals, routes in order', () => {
    const counts = new Map([
      ['POST /v1/messages', 20],
      ['GET /v1/calls/{id}', 433],
      ['POST /v1/calls', 20],
    ]);
    assert.deepEqual(Object.entries(perCall(counts, 20)), [
      ['GET /v1/calls/{id}', 21.65],
      ['POST /v1/calls', 1],
      ['POST /v1/messages', 1],
    ]);
  });
});

describe('planReservations', () => {
  const now = new Date('2026-12-01T14:00:00Z');

  test('call lengths are seeded and inside 20–120 s; numbers distinct and dialable; dates ahead', () => {
    const plan = planReservations(200, 7, now);
    assert.deepEqual(planReservations(200, 7, now), plan);
    assert.notDeepEqual(planReservations(200, 8, now), plan);
    const seconds = plan.map((r) => r.callSeconds);
    assert.ok(seconds.every((s) => Number.isInteger(s) && s >= 20 && s <= 120));
    // Spread over the span, not bunched at one end.
    assert.ok(Math.min(...seconds) < 35 && Math.max(...seconds) > 105, JSON.stringify(seconds));
    const numbers = plan.flatMap((r) => [r.restaurantPhone, r.notifyNumber]);
    assert.equal(new Set(numbers).size, 400);
    for (const n of numbers) assertDialable(n);
    assert.ok(plan.every((r) => r.date > '2026-12-30'));
  });

  test('refuses more reservations than it has numbers for', () => {
    assert.throws(() => planReservations(5_001, 1, now), /--count is at most 5000/);
  });
});

describe('scriptedBookingCall', () => {
  const [reservation] = planReservations(1, 7, new Date('2026-12-01T14:00:00Z'));

  test('is a callee registration the simulator accepts, lasting the planned length', () => {
    const body = scriptedBookingCall(reservation!);
    assert.equal(CalleeRegistrationSchema.safeParse(body).success, true);
    assert.equal(body.script.durationSeconds, reservation!.callSeconds);
  });

  test('reads as the booking asked for, from the analysis and from the transcript alone', async () => {
    const { script } = scriptedBookingCall(reservation!);
    const request = { partySize: 2, date: reservation!.date, time: '19:00', name: 'Bench' };
    for (const analysis of [
      { summary: script.summary, callSuccessful: true },
      { summary: null, callSuccessful: null },
    ]) {
      const outcome = await extractReservationOutcome({
        call: {
          status: 'completed',
          disconnectionReason: script.disconnectionReason,
          transcript: script.turns,
          endedAt: '2026-12-01T14:02:00Z',
          userSentiment: null,
          ...analysis,
        },
        request,
      });
      assert.equal(outcome.kind, 'booked', JSON.stringify(outcome));
      assert.equal(outcome.kind === 'booked' && outcome.time, '19:00');
    }
  });
});
