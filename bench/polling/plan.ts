/**
 * The reservations both sides of the webhook-vs-polling benchmark book: one restaurant number per
 * reservation, answered by a scripted call of a seeded length (20–120 simulated seconds, the span the
 * AgentPhone guide gives for typical calls) that books the table, and one human number to text.
 */
import { numberAt } from '../campaign-numbers';

/** One reservation of the run: who is called, for which evening, how long the call lasts, who is texted. */
export interface PlannedReservation {
  index: number;
  restaurantPhone: string;
  notifyNumber: string;
  /** YYYY-MM-DD */
  date: string;
  /** Simulated seconds from dialling to the end of the call. */
  callSeconds: number;
}

/** The body of `POST /_sim/callees` that makes the restaurant answer with a booking of that length. */
export interface ScriptedRestaurantCall {
  phoneNumber: string;
  script: {
    turns: { role: 'agent' | 'user'; content: string }[];
    status: 'completed';
    disconnectionReason: string;
    durationSeconds: number;
    summary: string;
    userSentiment: 'Positive';
    callSuccessful: true;
  };
}

export const BENCH_RESTAURANT_NAME = 'Bench Bistro';
export const BENCH_GUEST_NAME = 'Bench';
export const BENCH_TABLE_TIME = '19:00';

/** A small seeded generator (mulberry32): the same seed gives the same call lengths on both sides. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** YYYY-MM-DD, `days` after `from` (UTC): reservations refuse a table time in the past. */
function isoDaysAfter(from: Date, days: number): string {
  return new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate() + days))
    .toISOString()
    .slice(0, 10);
}

/**
 * `count` reservations with call lengths drawn uniformly from [minSeconds, maxSeconds]. Restaurants
 * and humans get distinct numbers (restaurants from line 0, humans from line 5,000 of the bench range).
 */
export function planReservations(
  count: number,
  seed: number,
  now: Date,
  span: { minSeconds: number; maxSeconds: number } = { minSeconds: 20, maxSeconds: 120 },
): PlannedReservation[] {
  if (count > 5_000) throw new Error(`--count is at most 5000 (got ${count})`);
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, index) => ({
    index,
    restaurantPhone: numberAt(index),
    notifyNumber: numberAt(5_000 + index),
    date: isoDaysAfter(now, 30 + (index % 300)),
    callSeconds: span.minSeconds + Math.floor(random() * (span.maxSeconds - span.minSeconds + 1)),
  }));
}

/** "Saturday, December 5", as the simulator's restaurant says dates. */
function spokenDate(isoDate: string): string {
  return new Date(`${isoDate}T12:00:00Z`).toLocaleDateString('en-US', {
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  });
}

/** The restaurant's side of a booking call, in the simulator restaurant persona's own words. */
export function scriptedBookingCall(reservation: PlannedReservation): ScriptedRestaurantCall {
  const day = spokenDate(reservation.date);
  return {
    phoneNumber: reservation.restaurantPhone,
    script: {
      turns: [
        {
          role: 'user',
          content: `Good evening, ${BENCH_RESTAURANT_NAME}, this is Hannah speaking. How can I help you?`,
        },
        {
          role: 'agent',
          content: `Hi, I'd like to book a table for 2 on ${day} at 7 PM, under the name ${BENCH_GUEST_NAME}.`,
        },
        { role: 'user', content: 'One moment, let me have a look. Yes, we can do 7.' },
        { role: 'agent', content: `Wonderful. It's under the name ${BENCH_GUEST_NAME}.` },
        {
          role: 'user',
          content: `Perfect, so that's a table for two on ${day} at 7 PM, under ${BENCH_GUEST_NAME}. We'll see you then!`,
        },
        {
          role: 'agent',
          content: `Thank you so much. To recap: booked a table for 2 on ${day} at 7 PM under ${BENCH_GUEST_NAME}. Goodbye!`,
        },
        { role: 'user', content: 'Bye now!' },
      ],
      status: 'completed',
      disconnectionReason: 'agent_hangup',
      durationSeconds: reservation.callSeconds,
      summary: `Booked a table for 2 at ${BENCH_RESTAURANT_NAME} on ${reservation.date} at ${BENCH_TABLE_TIME} under ${BENCH_GUEST_NAME}.`,
      userSentiment: 'Positive',
      callSuccessful: true,
    },
  };
}
