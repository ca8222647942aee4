import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  condition,
  executeChild,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { apiActivityOptions } from './activity-options';
import type { ReservationOutcome, TimeSlot } from '../outcome/reservation';
import { callWorkflow, type CallResult } from './call';
import {
  cancelReservationUpdate,
  getReservationStatusQuery,
  replyUpdate,
  smsReplySignal,
  stopAwaitingSmsReplySignal,
  workflowIds,
} from './messages';
import { nextOpening, wallClockAt } from '../common/zoned-time';
import { policyOf, tableTime, validateReservationRequest } from './reservation-input';
import {
  parseHumanReply,
  reservationCallScript,
  sms,
  spokenDate,
  spokenTime,
  type WantedTable,
} from './reservation-text';
import type {
  HumanReply,
  ReservationRequest,
  ReservationResult,
  ReservationState,
  ReservationStatus,
  Restaurant,
} from './reservation-types';

const { sendSms, awaitSmsReply, extractReservationOutcome } =
  proxyActivities<Activities>(apiActivityOptions());

/** Calls at one restaurant, all reasons together: a bound so no conversation loops for ever. */
const MAX_CALLS_PER_RESTAURANT = 8;
/** No retry call later than this before the table time: a booking that late is no use. */
const LAST_CALL_BEFORE_TABLE_MS = 30 * 60_000;
/** Unreadable SMS replies tolerated per offer before treating the offer as unanswered. */
const MAX_UNREADABLE_REPLIES = 3;

/** `too_late`: not called at all, its calling hours open too close to the table time. */
type RestaurantVerdict = 'done' | 'next' | 'too_late';

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
  // Workflows started before the table-time checks existed replay without them (no marker in history).
  const timeChecks = patched('reservation-time-checks');
  // Before opt-outs were honoured, STOP was an unreadable reply, "please stop" a yes, and a refused SMS
  // failed the workflow.
  const optOuts = patched('reservation-sms-opt-out');
  // Before this, every restaurant's table time was read in the first restaurant's zone.
  const zonePerRestaurant = patched('reservation-zone-per-restaurant');
  // Before this, restaurants were called at any hour.
  const callingHours = patched('reservation-calling-hours');
  const checked = validateReservationRequest(input, timeChecks ? Date.now() : undefined);
  if (!checked.ok) {
    throw ApplicationFailure.create({
      type: 'InvalidReservationRequest',
      message: `Invalid reservation request:\n${checked.problems.join('\n')}`,
      nonRetryable: true,
      details: checked.problems,
    });
  }
  const request = checked.value;
  const tableAt = (restaurant: Restaurant) =>
    zonePerRestaurant ? tableTime(request, restaurant) : tableTime(request);
  const policy = policyOf(request);
  const self = workflowInfo().workflowId;

  const status: ReservationStatus = {
    requestId: request.requestId,
    state: 'calling',
    message: 'Starting.',
    restaurant: null,
    calls: [],
    offer: null,
    booking: null,
    smsSent: [],
  };
  const setState = (state: ReservationState, message: string) => {
    status.state = state;
    status.message = message;
  };

  // ── the human's replies: by SMS (through the inbox) or by the `reply` update ──
  let awaitingReply = false;
  let reply: HumanReply | undefined;
  const read = (text: string) => parseHumanReply(text, { legacy: !optOuts });
  setHandler(smsReplySignal, (incoming) => {
    if (awaitingReply && reply === undefined) reply = read(incoming.body);
  });
  setHandler(
    replyUpdate,
    (text) => {
      reply = read(text);
      return { accepted: true, understood: reply };
    },
    {
      validator: (text) => {
        if (!awaitingReply) throw new Error(`Not waiting for a reply (state: ${status.state}).`);
        if (read(text).kind === 'unknown') throw new Error('Reply YES, NO, or a time like 8:30pm.');
      },
    },
  );
  setHandler(getReservationStatusQuery, () => status);

  let cancelled = false;
  let finished = false;
  const main = new CancellationScope();
  setHandler(
    cancelReservationUpdate,
    async (reason) => {
      cancelled = true;
      log.info('cancel requested', { reason });
      main.cancel();
      await condition(() => finished);
      return status;
    },
    {
      validator: (_reason: string) => {
        if (finished) throw new Error(`Already finished (state: ${status.state}).`);
      },
    },
  );

  let smsCount = 0;
  /** Texts the human; false when they have opted out (texted STOP), so nothing was sent. */
  async function text(body: string): Promise<boolean> {
    smsCount += 1;
    try {
      const sent = await sendSms({
        intentKey: `${self}:sms:${smsCount}`,
        agentId: request.agentId,
        toNumber: request.notifyNumber,
        body,
      });
      status.smsSent.push({ to: sent.toNumber, body: sent.body, messageId: sent.messageId });
      return true;
    } catch (err) {
      if (!(optOuts && failureType(err) === 'ContactOptedOutError')) throw err;
      log.info('the human opted out of texts; not texted', { body });
      return false;
    }
  }

  async function call(restaurant: Restaurant, wanted: WantedTable): Promise<ReservationOutcome> {
    const n = status.calls.length + 1;
    const workflowId = workflowIds.reservationCall(request.requestId, n);
    const script = reservationCallScript(request, restaurant, wanted);
    setState('calling', `Calling ${restaurant.name} (call ${n}).`);
    const result: CallResult = await executeChild(callWorkflow, {
      workflowId,
      args: [
        {
          agentId: request.agentId,
          toNumber: restaurant.phone,
          ...script,
          ...(policy.callChecks ? { checks: policy.callChecks } : {}),
        },
      ],
    });
    const outcome = await extractReservationOutcome({
      call: result,
      request: {
        partySize: request.partySize,
        date: wanted.date,
        time: wanted.time,
        flexMinutes: request.flexMinutes,
        name: request.name,
      },
    });
    status.calls.push({
      workflowId,
      callId: result.callId,
      restaurant: restaurant.name,
      outcome: outcome.kind,
      reason: outcome.reason,
    });
    return outcome;
  }

  /** Texts the offer and waits for the human; undefined when no usable answer came in time. */
  async function askHuman(restaurant: Restaurant, offers: TimeSlot[]): Promise<HumanReply | undefined> {
    const offer = offers[0]!;
    status.offer = offer;
    reply = undefined;
    awaitingReply = true;
    setState(
      'awaiting_reply',
      `Waiting for your reply to the ${spokenTime(offer.time)} offer from ${restaurant.name}.`,
    );
    // Register with the inbox before texting, so even an instant answer finds us waiting.
    const { agentId } = await awaitSmsReply({
      agentId: request.agentId,
      humanNumber: request.notifyNumber,
      subscriberWorkflowId: self,
    });
    const asked = await text(sms.offer(restaurant, request, offers));
    try {
      if (!asked) return { kind: 'stop' };
      for (let unreadable = 0; unreadable < MAX_UNREADABLE_REPLIES; unreadable++) {
        if (!(await condition(() => reply !== undefined, policy.replyTimeoutMs))) return undefined;
        if (reply!.kind !== 'unknown') return reply;
        reply = undefined;
        await awaitSmsReply({ agentId, humanNumber: request.notifyNumber, subscriberWorkflowId: self });
        if (!(await text(sms.didNotUnderstand()))) return { kind: 'stop' };
      }
      return undefined;
    } finally {
      awaitingReply = false;
      await CancellationScope.nonCancellable(() => stopAwaiting(agentId, request.notifyNumber, self));
    }
  }

  /**
   * Waits until the restaurant's calling hours (its own clock); false, without waiting, when they open
   * too close to the table time for a call to be of use.
   */
  async function awaitCallingHours(restaurant: Restaurant): Promise<boolean> {
    if (!callingHours) return true;
    const table = tableAt(restaurant);
    const opensAt = nextOpening(Date.now(), table.timeZone, policy.callingHours);
    if (opensAt <= Date.now()) return true;
    if (opensAt > table.epochMs - LAST_CALL_BEFORE_TABLE_MS) {
      log.info('calling hours open too close to the table time; not calling', {
        restaurant: restaurant.name,
      });
      return false;
    }
    const local = wallClockAt(opensAt, table.timeZone);
    setState(
      'waiting_for_hours',
      `Calling ${restaurant.name} when its calling hours open: ${spokenTime(local.time)} on ${spokenDate(local.date)}, its time.`,
    );
    await sleep(opensAt - Date.now());
    return true;
  }

  async function tryRestaurant(restaurant: Restaurant): Promise<RestaurantVerdict> {
    status.restaurant = restaurant;
    status.offer = null;
    let wanted: WantedTable = { date: request.date, time: request.time, acceptingOffer: false };
    let unanswered = 0;
    let backoffMs = policy.retryBackoffMs;
    for (let calls = 0; calls < MAX_CALLS_PER_RESTAURANT; calls++) {
      if (!(await awaitCallingHours(restaurant))) return calls === 0 ? 'too_late' : 'next';
      const outcome = await call(restaurant, wanted);
      switch (outcome.kind) {
        case 'booked': {
          const { date, time, partySize, name } = outcome;
          status.booking = { restaurant, date, time, partySize, name };
          setState('booked', sms.booked(status.booking));
          if (!(await text(sms.booked(status.booking))))
            setState('booked', `${sms.booked(status.booking)} Not texted: you opted out of texts.`);
          return 'done';
        }
        case 'alternative_offered': {
          const offer = outcome.alternatives[0];
          if (!offer) return 'next';
          const answer = await askHuman(restaurant, outcome.alternatives);
          if (answer === undefined) {
            setState('lapsed', sms.lapsed(restaurant, offer));
            await text(sms.lapsed(restaurant, offer));
            return 'done';
          }
          if (answer.kind === 'stop') {
            setState('opted_out', 'You opted out of texts, so nothing was booked and nobody more is called.');
            return 'done';
          }
          if (answer.kind === 'no') {
            await text(sms.declined(restaurant));
            setState('declined', `You declined the offer from ${restaurant.name}.`);
            return 'next';
          }
          wanted =
            answer.kind === 'yes'
              ? { date: offer.date, time: offer.time, acceptingOffer: true }
              : { date: wanted.date, time: (answer as { time: string }).time, acceptingOffer: false };
          continue;
        }
        case 'no_answer':
        case 'busy':
        case 'voicemail':
        case 'call_back': {
          unanswered += 1;
          if (unanswered >= policy.maxAttemptsPerRestaurant) return 'next';
          const table = tableAt(restaurant);
          if (timeChecks && Date.now() + backoffMs > table.epochMs - LAST_CALL_BEFORE_TABLE_MS) {
            log.info('too close to the table time to call again', { restaurant: restaurant.name });
            return 'next';
          }
          setState(
            'waiting_to_retry',
            `${restaurant.name}: ${outcome.kind.replace('_', ' ')}; calling again later.`,
          );
          await sleep(backoffMs);
          backoffMs *= 2;
          continue;
        }
        default:
          return 'next'; // full, failed, unclear
      }
    }
    return 'next';
  }

  try {
    await main.run(async () => {
      const tried: string[] = [];
      const tooLate: string[] = [];
      for (const restaurant of request.restaurants) {
        // A fallback reached after long retries, or in a zone ahead of the first: no use calling it.
        if (zonePerRestaurant && Date.now() >= tableAt(restaurant).epochMs) {
          log.info("the table time has passed on this restaurant's clock; not calling", {
            restaurant: restaurant.name,
          });
          tooLate.push(restaurant.name);
          continue;
        }
        const verdict = await tryRestaurant(restaurant);
        if (verdict === 'done') return;
        (verdict === 'too_late' ? tooLate : tried).push(restaurant.name);
      }
      if (status.state === 'declined') return; // the human said no to the last offer: already told
      const report = zonePerRestaurant
        ? sms.notBooked(request, tried, tooLate)
        : sms.notBooked(
            request,
            request.restaurants.map((r) => r.name),
          );
      setState('not_booked', report);
      await text(report);
    });
  } catch (err) {
    if (!(cancelled && isCancellation(err))) throw err;
    setState('cancelled', 'Cancelled; nothing more will be called or texted.');
  } finally {
    finished = true;
  }
  return status;
}

/** The `type` of an activity's ApplicationFailure, from the ActivityFailure that wraps it. */
function failureType(err: unknown): string | undefined {
  return err instanceof ActivityFailure && err.cause instanceof ApplicationFailure
    ? (err.cause.type ?? undefined)
    : undefined;
}

async function stopAwaiting(agentId: string, humanNumber: string, self: string): Promise<void> {
  try {
    await getExternalWorkflowHandle(workflowIds.smsInbox(agentId, humanNumber)).signal(
      stopAwaitingSmsReplySignal,
      {
        workflowId: self,
      },
    );
  } catch {
    // The inbox already ended: nobody holds our registration.
  }
}
