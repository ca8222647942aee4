/**
 * One restaurant of a reservation, start to verdict: call within its calling hours, and by outcome —
 * booked: text the confirmation; another time offered: ask the human, then call back to take it or
 * ask for theirs; no answer / busy / voicemail / call back later: retry with backoff while there is
 * time before the table; full and the rest: move on.
 */
import { log, sleep } from '@temporalio/workflow';
import type { ReservationRun } from './run';
import { LAST_CALL_BEFORE_TABLE_MS, askHuman, awaitCallingHours, callRestaurant, textHuman } from './steps';
import { sms, type WantedTable } from './text';
import type { PlannedRestaurant } from './types';

/** Calls at one restaurant, all reasons together: a bound so no conversation loops for ever. */
const MAX_CALLS_PER_RESTAURANT = 8;

/** `done`: the reservation has its result. `next`: try the next restaurant. `too_late`: not called. */
export type RestaurantVerdict = 'done' | 'next' | 'too_late';

export async function tryRestaurant(
  run: ReservationRun,
  restaurant: PlannedRestaurant,
): Promise<RestaurantVerdict> {
  const { request, policy } = run;
  run.status.restaurant = { name: restaurant.name, phone: restaurant.phone };
  run.status.offer = null;
  let wanted: WantedTable = { date: request.date, time: request.time, acceptingOffer: false };
  let unanswered = 0;
  let backoffMs = policy.retryBackoffMs;
  for (let calls = 0; calls < MAX_CALLS_PER_RESTAURANT; calls++) {
    if (!(await awaitCallingHours(run, restaurant))) return calls === 0 ? 'too_late' : 'next';
    const outcome = await callRestaurant(run, restaurant, wanted);
    switch (outcome.kind) {
      case 'booked': {
        const { date, time, partySize, name } = outcome;
        const booking = { restaurant: run.status.restaurant, date, time, partySize, name };
        run.status.booking = booking;
        run.setState('booked', sms.booked(booking));
        if (!(await textHuman(run, sms.booked(booking))))
          run.setState('booked', `${sms.booked(booking)} Not texted: you opted out of texts.`);
        return 'done';
      }
      case 'alternative_offered': {
        const offer = outcome.alternatives[0];
        if (!offer) return 'next';
        const answer = await askHuman(run, restaurant, outcome.alternatives);
        if (answer === undefined) {
          run.setState('lapsed', sms.lapsed(restaurant, offer));
          await textHuman(run, sms.lapsed(restaurant, offer));
          return 'done';
        }
        if (answer.kind === 'stop') {
          run.setState(
            'opted_out',
            'You opted out of texts, so nothing was booked and nobody more is called.',
          );
          return 'done';
        }
        if (answer.kind === 'no') {
          await textHuman(run, sms.declined(restaurant));
          run.setState('declined', `You declined the offer from ${restaurant.name}.`);
          return 'next';
        }
        wanted =
          answer.kind === 'time'
            ? { date: wanted.date, time: answer.time, acceptingOffer: false }
            : { date: offer.date, time: offer.time, acceptingOffer: true };
        continue;
      }
      case 'no_answer':
      case 'busy':
      case 'voicemail':
      case 'call_back': {
        unanswered += 1;
        if (unanswered >= policy.maxAttemptsPerRestaurant) return 'next';
        if (Date.now() + backoffMs > restaurant.tableAtMs - LAST_CALL_BEFORE_TABLE_MS) {
          log.info('too close to the table time to call again', { restaurant: restaurant.name });
          return 'next';
        }
        run.setState(
          'waiting_to_retry',
          `${restaurant.name}: ${outcome.kind.replace('_', ' ')}; calling again later.`,
        );
        await sleep(backoffMs);
        backoffMs *= 2;
        continue;
      }
      case 'suppressed':
        // On the opt-out list (e.g. they said "stop calling"): never called again; the next one is.
        run.setState('calling', `${restaurant.name}: ${outcome.reason}; trying the next restaurant.`);
        return 'next';
      default:
        return 'next'; // full, failed, unclear
    }
  }
  return 'next';
}
