import {
  CancellationScope,
  condition,
  isCancellation,
  log,
  proxyLocalActivities,
  setHandler,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import {
  cancelReservationUpdate,
  getReservationStatusQuery,
  replyUpdate,
  smsReceivedSignal,
} from '../messages';
import { tryRestaurant } from './restaurant';
import { ReservationRun } from './run';
import { textHuman } from './steps';
import { sms } from './text';
import type { ReservationRequest, ReservationResult } from './types';

const { planReservation } = proxyLocalActivities<Activities>({ startToCloseTimeout: '10 seconds' });

/**
 * Books a table by phone (`reservation:<requestId>`): calls the restaurant with an autonomous agent,
 * works out what happened from the call, and by outcome — booked: texts the human a confirmation;
 * another time offered: texts the human the offer and waits for YES / NO / another time, then calls back;
 * full: next restaurant; no answer / busy / voicemail / call back later: retries with backoff. Calls wait
 * for each restaurant's calling hours; a human who texts STOP ends it. Every call and SMS happens once.
 * Query `get-status`; updates `reply` and `cancel` (which ends a live call).
 *
 * @example
 * await client.workflow.start(reservationWorkflow, {
 *   taskQueue: TASK_QUEUE, workflowId: workflowIds.reservation('r-42'), args: [request],
 * });
 */
export async function reservationWorkflow(input: ReservationRequest): Promise<ReservationResult> {
  // Validation and each restaurant's clock come from an activity: recorded, never recomputed on replay.
  const planned = await planReservation({ request: input, nowMs: Date.now() });
  if (!planned.ok) throw ReservationRun.invalidRequest(planned.problems);
  const run = new ReservationRun(planned.plan);
  const main = new CancellationScope();

  setHandler(getReservationStatusQuery, () => run.status);
  setHandler(smsReceivedSignal, (incoming) => run.takeSmsReply(incoming.reading));
  setHandler(replyUpdate, ({ reading }) => run.takeReplyUpdate(reading), {
    validator: ({ reading }) => run.checkReplyUpdate(reading),
  });
  setHandler(
    cancelReservationUpdate,
    async (reason) => {
      run.cancelled = true;
      log.info('cancel requested', { reason });
      main.cancel();
      await condition(() => run.finished);
      return run.status;
    },
    {
      validator: (_reason: string) => {
        if (run.finished) throw new Error(`Already finished (state: ${run.status.state}).`);
      },
    },
  );

  try {
    await main.run(() => tryEachRestaurant(run));
  } catch (err) {
    if (!(run.cancelled && isCancellation(err))) throw err;
    run.setState('cancelled', 'Cancelled; nothing more will be called or texted.');
  } finally {
    run.finished = true;
  }
  return run.status;
}

/** The restaurants in order until one gives a result; a report to the human when none did. */
async function tryEachRestaurant(run: ReservationRun): Promise<void> {
  const tried: string[] = [];
  const tooLate: string[] = [];
  for (const restaurant of run.plan.restaurants) {
    // A fallback reached after long retries, or in a zone ahead of the first: no use calling it.
    if (Date.now() >= restaurant.tableAtMs) {
      log.info("the table time has passed on this restaurant's clock; not calling", {
        restaurant: restaurant.name,
      });
      tooLate.push(restaurant.name);
      continue;
    }
    const verdict = await tryRestaurant(run, restaurant);
    if (verdict === 'done') return;
    (verdict === 'too_late' ? tooLate : tried).push(restaurant.name);
  }
  if (run.status.state === 'declined') return; // the human said no to the last offer: already told
  const report = sms.notBooked(run.request, tried, tooLate);
  run.setState('not_booked', report);
  await textHuman(run, report);
}
