/**
 * The steps a reservation is made of, each a few activities: call a restaurant, text the human, ask
 * them about an offer, wait for calling hours. They act on a ReservationRun and return what happened.
 */
import {
  CancellationScope,
  condition,
  log,
  proxyActivities,
  proxyLocalActivities,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { describeSuppression } from '../../common/opt-out';
import type { ReservationOutcome, TimeSlot } from '../../outcome/reservation';
import { apiActivityOptions } from '../activity-options';
import { leaveMailbox } from '../mailbox';
import { workflowIds } from '../messages';
import { followOutboundCall, type CallResult, type OutboundCallInput } from '../outbound-call';
import type { ReplyReading } from '../types';
import type { ReservationRun } from './run';
import { reservationCallScript, sms, spokenDate, spokenTime, type WantedTable } from './text';
import { ANY_HOUR, type PlannedRestaurant } from './types';

const { sendSms, awaitSmsReply } = proxyActivities<Activities>(apiActivityOptions());
const { nextCallingHoursOpening } = proxyLocalActivities<Activities>({ startToCloseTimeout: '10 seconds' });
/**
 * Reading the call's outcome is a local activity: it runs inside the workflow task that got the call's
 * result, so the confirmation SMS is scheduled in that same task (no activity dispatch and no second
 * task on the hot path). Still recorded in history (a marker), so a better reader needs no patch. An LLM
 * extractor, when configured, makes it a network call: the same per-attempt bound as other activities.
 */
const { extractReservationOutcome } = proxyLocalActivities<Activities>(apiActivityOptions());

/** No call later than this before the table time: a booking that late is no use. */
export const LAST_CALL_BEFORE_TABLE_MS = 30 * 60_000;
/** Unreadable SMS replies tolerated per offer before treating the offer as unanswered. */
const MAX_UNREADABLE_REPLIES = 3;

/** Texts the human; false when they are on the opt-out list (texted STOP…), so nothing was sent. */
export async function textHuman(run: ReservationRun, body: string): Promise<boolean> {
  const sent = await sendSms({
    intentKey: run.nextSmsIntent(workflowInfo().workflowId),
    agentId: run.request.agentId,
    toNumber: run.request.notifyNumber,
    body,
  });
  if (sent.suppressed) {
    log.info('the human is on the opt-out list; not texted', { channel: sent.suppression.channel });
    return false;
  }
  run.recordSms(sent);
  return true;
}

/** A restaurant not called: its number is on the opt-out list. */
export interface SuppressedRestaurant {
  kind: 'suppressed';
  reason: string;
}

/** One call to the restaurant (made inline, no child workflow), and what came of it; none when it is suppressed. */
export async function callRestaurant(
  run: ReservationRun,
  restaurant: PlannedRestaurant,
  wanted: WantedTable,
): Promise<ReservationOutcome | SuppressedRestaurant> {
  const n = run.callsMade + 1;
  // The call's intent key: the id its child workflow had before calls were made inline, so a call's
  // exactly-once key and the status's `workflowId` field read as they always have.
  const workflowId = workflowIds.reservationCall(run.request.requestId, n);
  const { name, phone } = restaurant;
  run.setState('calling', `Calling ${name} (call ${n}).`);
  const result = await callAndTakeItsResult(run, workflowId, {
    agentId: run.request.agentId,
    toNumber: phone,
    ...reservationCallScript(run.request, { name, phone }, wanted),
    ...(run.policy.callChecks ? { checks: run.policy.callChecks } : {}),
  });
  if (result.suppressed) {
    const reason = `not called: ${describeSuppression(result.suppression)}`;
    run.recordCall({ workflowId, callId: null, restaurant: name, outcome: 'suppressed', reason });
    return { kind: 'suppressed', reason };
  }
  if (result.source === 'capped') {
    // Not placed: the restaurant has had today's calls (RINGFLOW_MAX_ATTEMPTS_PER_RECIPIENT_PER_DAY).
    // Nobody answered "no", so it is treated as "call back later": retried within the policy's tries.
    const reason = `not called: ${result.disconnectionReason ?? "today's call cap reached"}`;
    run.recordCall({ workflowId, callId: null, restaurant: name, outcome: 'capped', reason });
    return { kind: 'call_back', evidence: [], source: 'analysis', reason };
  }
  const { partySize, flexMinutes } = run.request;
  const outcome = await extractReservationOutcome({
    call: result,
    request: { partySize, date: wanted.date, time: wanted.time, flexMinutes, name: run.request.name },
  });
  run.recordCall({
    workflowId,
    callId: result.callId,
    restaurant: name,
    outcome: outcome.kind,
    reason: outcome.reason,
  });
  return outcome;
}

/**
 * Makes the call inline (followOutboundCall, in this workflow: no call child to start, report and
 * complete on the way to the confirmation) and returns its result as soon as it is known, in the same
 * workflow task as the slot's release, not after the release is acknowledged; the run keeps the call's
 * own end, which the reservation awaits before it finishes. A cancel still waits for that end (it ends
 * the live call and frees the slot first).
 */
async function callAndTakeItsResult(
  run: ReservationRun,
  intentKey: string,
  input: OutboundCallInput,
): Promise<CallResult> {
  let known: CallResult | undefined;
  const finished = followOutboundCall(input, {
    intentKey,
    alongsideRelease: async (result) => void (known = result),
  });
  run.trackCall(finished);
  // Not cancellable: on a cancel, the call's own (cancelled) end is what this waits for.
  const early = CancellationScope.nonCancellable(() => condition(() => known !== undefined)).then(
    () => known!,
  );
  return Promise.race([finished, early]);
}

/** What the human can answer an offer with. */
export type OfferAnswer = Extract<ReplyReading, { kind: 'yes' | 'no' | 'time' | 'stop' }>;

function isOfferAnswer(reading: ReplyReading): reading is OfferAnswer {
  return (
    reading.kind === 'yes' || reading.kind === 'no' || reading.kind === 'time' || reading.kind === 'stop'
  );
}

/** Texts the offer and waits for the human's answer; undefined when no usable answer came in time. */
export async function askHuman(
  run: ReservationRun,
  restaurant: PlannedRestaurant,
  offers: TimeSlot[],
): Promise<OfferAnswer | undefined> {
  const offer = offers[0]!;
  const { notifyNumber } = run.request;
  run.awaitReply(offer);
  run.setState(
    'awaiting_reply',
    `Waiting for your reply to the ${spokenTime(offer.time)} offer from ${restaurant.name}.`,
  );
  const self = workflowInfo().workflowId;
  // Subscribe to the inbox before texting, so even an instant answer finds us waiting.
  const { agentId, inboxWorkflowId } = await awaitSmsReply({
    agentId: run.request.agentId,
    humanNumber: notifyNumber,
    subscriberWorkflowId: self,
  });
  try {
    if (!(await textHuman(run, sms.offer(restaurant, run.request, offers)))) return { kind: 'stop' };
    for (let unreadable = 0; unreadable < MAX_UNREADABLE_REPLIES; unreadable++) {
      if (!(await condition(() => run.reply !== undefined, run.policy.replyTimeoutMs))) return undefined;
      const reply = run.reply!;
      if (isOfferAnswer(reply)) return reply;
      run.discardReply();
      await awaitSmsReply({ agentId, humanNumber: notifyNumber, subscriberWorkflowId: self });
      if (!(await textHuman(run, sms.didNotUnderstand()))) return { kind: 'stop' };
    }
    return undefined;
  } finally {
    run.stopAwaitingReply();
    await CancellationScope.nonCancellable(() => leaveMailbox(inboxWorkflowId));
  }
}

/**
 * Waits until the restaurant's calling hours (its own clock); false, without waiting, when they open
 * too close to the table time for a call to be of use.
 */
export async function awaitCallingHours(
  run: ReservationRun,
  restaurant: PlannedRestaurant,
): Promise<boolean> {
  const hours = run.policy.callingHours;
  if (hours.start === ANY_HOUR.start && hours.end === ANY_HOUR.end) return true;
  const { opensAtMs, local } = await nextCallingHoursOpening({
    timeZone: restaurant.timeZone,
    hours,
    afterMs: Date.now(),
  });
  if (opensAtMs <= Date.now()) return true;
  if (opensAtMs > restaurant.tableAtMs - LAST_CALL_BEFORE_TABLE_MS) {
    log.info('calling hours open too close to the table time; not calling', { restaurant: restaurant.name });
    return false;
  }
  run.setState(
    'waiting_for_hours',
    `Calling ${restaurant.name} when its calling hours open: ${spokenTime(local.time)} on ${spokenDate(local.date)}, its time.`,
  );
  await sleep(opensAtMs - Date.now());
  return true;
}
