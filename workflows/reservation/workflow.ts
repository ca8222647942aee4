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
import type { ReservationRequest, ReservationResult, ReservationStatus } from './types';

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
  const main = new CancellationScope();
  // Until the plan is made (a local activity), the status says so; handlers are set before anything
  // is awaited, so a query or update that arrives at once finds them.
  const checking = checkingStatus(input);
  let run: ReservationRun | undefined;
  let cancelled = false;
  let finished = false;
  const status = () => run?.status ?? checking;

  setHandler(getReservationStatusQuery, status);
  setHandler(smsReceivedSignal, (incoming) => run?.takeSmsReply(incoming.reading));
  setHandler(replyUpdate, ({ reading }) => run!.takeReplyUpdate(reading), {
    validator: ({ reading }) => {
      if (!run) throw new Error('Not waiting for a reply (the request is still being checked).');
      run.checkReplyUpdate(reading);
    },
  });
  setHandler(
    cancelReservationUpdate,
    async (reason) => {
      cancelled = true;
      log.info('cancel requested', { reason });
      main.cancel();
      await condition(() => finished);
      return status();
    },
    {
      validator: (_reason: string) => {
        if (finished) throw new Error(`Already finished (state: ${status().state}).`);
      },
    },
  );

  try {
    await main.run(async () => {
      // Validation and each restaurant's clock come from an activity: recorded, never recomputed on replay.
      const planned = await planReservation({ request: input, nowMs: Date.now() });
      if (!planned.ok) throw ReservationRun.invalidRequest(planned.problems);
      run = new ReservationRun(planned.plan);
      await tryEachRestaurant(run);
    });
  } catch (err) {
    if (!(cancelled && isCancellation(err))) throw err;
    const message = 'Cancelled; nothing more will be called or texted.';
    if (run) run.setState('cancelled', message);
    else Object.assign(checking, { state: 'cancelled', message });
  } finally {
    // A call's result may have come by report while its workflow still gives the slot back: a parent
    // that ended now would terminate it, so wait for every call workflow's own end.
    await CancellationScope.nonCancellable(async () => run?.callsFinished());
    finished = true;
  }
  return status();
}

/** The status of a request not yet checked and planned. */
function checkingStatus(input: ReservationRequest): ReservationStatus {
  return {
    requestId: typeof input?.requestId === 'string' ? input.requestId : '',
    state: 'calling',
    message: 'Checking the request.',
    restaurant: null,
    calls: [],
    offer: null,
    booking: null,
    smsSent: [],
  };
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
