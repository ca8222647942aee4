import {
  CancellationScope,
  CancelledFailure,
  condition,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { Suppression } from '../common/opt-out';
import { apiActivityOptions } from './activity-options';
import { acquireCallSlot, releaseCallSlot, type CappedCallAttempt } from './limiter/holder';
import type { CallSlotPhase } from './limiter/types';
import { leaveMailbox } from './mailbox';
import { callEndedSignal, callResultSignal, getCallSlotPhaseQuery, workflowIds } from './messages';
import { DEFAULT_CALL_CHECKS, type CallCheckSchedule, type CallEndedNotice, type CallRecord } from './types';

/** Placing a call: a few quick attempts; every retry reconciles with the API before posting again. */
const { placeCall } = proxyActivities<Activities>(apiActivityOptions('5 minutes'));
const { subscribeToCallEvents, fetchCall, endCall } = proxyActivities<Activities>(apiActivityOptions());
/** Recording a spoken opt-out only talks to Temporal: let it retry through a long outage. */
const { recordSpokenOptOut } = proxyActivities<Activities>(apiActivityOptions('1 hour'));
/** Marks the outcome for the metrics when recordSpokenOptOut (which counts it otherwise) is skipped. */
const { noteCallOutcome } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '5 seconds',
  retry: { maximumAttempts: 3 },
});

export interface CallInput {
  /** The agent that calls; defaults to the worker's configured agent. */
  agentId?: string;
  /** E.164 number to call. */
  toNumber: string;
  /** The autonomous agent's instructions for this call. */
  systemPrompt: string;
  initialGreeting?: string;
  /** Fills `{{name}}` placeholders in the prompt and greeting. */
  variables?: Record<string, string>;
  /** Safety-net timing; defaults to DEFAULT_CALL_CHECKS. */
  checks?: Partial<CallCheckSchedule>;
  /**
   * Also signal the result to the parent workflow (`call-result`, a {@link CallResultReport}) the moment
   * it is known, alongside giving the live-call slot back rather than after it: the parent can act on it
   * one round trip sooner. The parent must still wait for this workflow to finish before it ends.
   */
  reportResultToParent?: boolean;
}

/** What a call workflow started with `reportResultToParent` signals its parent. */
export interface CallResultReport {
  /** The reporting call workflow (a parent may have had several). */
  callWorkflowId: string;
  result: CallResult;
}

/** A call that was placed and ended, or (`capped`) not placed because of today's cap. */
export interface EndedCallResult extends CallRecord {
  suppressed: false;
  /**
   * How ringflow learnt the result: the webhook, a safety-net check, or it gave up waiting; `capped`:
   * not placed, the recipient has had RINGFLOW_MAX_ATTEMPTS_PER_RECIPIENT_PER_DAY calls today.
   */
  source: 'webhook' | 'check' | 'gave-up' | 'capped';
  /** Safety-net status checks made (zero when the webhook came in time). */
  checks: number;
  /** True when the call was found by reconciling after an ambiguous failure, not from the POST. */
  reconciled: boolean;
}

/** A call not placed: the number is on the opt-out list (no AgentPhone request was made for it). */
export interface SuppressedCallResult {
  suppressed: true;
  status: 'suppressed';
  agentId: string;
  toNumber: string;
  suppression: Suppression;
}

/** What a call came to; callers branch on `suppressed`. */
export type CallResult = EndedCallResult | SuppressedCallResult;

/**
 * One outbound AI call, start to end (reusable by every flow): place it exactly once, subscribe to its
 * mailbox, then wait for `agent.call_ended` while a durable safety net checks the call only when no event
 * came (first after `firstCheckMs`, then doubling to `maxIntervalMs`). Cancelling the workflow ends a live
 * call. A number on the opt-out list is not called (result `suppressed`, no mailbox, no checks); every
 * ended call's transcript is read for a spoken opt-out ("stop calling me"), which lists the callee.
 *
 * @example
 * const result = await executeChild(callWorkflow, {
 *   workflowId: workflowIds.reservationCall(requestId, 1),
 *   args: [{ toNumber: '+14155550100', systemPrompt: 'Book a table for 2…' }],
 * });
 */
export async function callWorkflow(input: CallInput): Promise<CallResult> {
  let phase: CallSlotPhase = 'counting_attempt';
  setHandler(getCallSlotPhaseQuery, () => phase);
  const slot = await acquireCallSlot(
    {
      toNumber: input.toNumber,
      agentId: input.agentId,
      leaseMs: callSlotLeaseMs({ ...DEFAULT_CALL_CHECKS, ...input.checks }),
    },
    (next) => (phase = next),
  );
  // Nothing held, nothing to wait for: the result itself is as quick as a report.
  if (slot.kind === 'capped') return cappedCallResult(input, slot);
  let released = false;
  const release = async () => {
    released = true;
    await releaseCallSlot(slot);
    phase = 'released';
  };
  try {
    const result = await placeAndFollowCall(input);
    // Both signals go out in one workflow task: the parent need not wait for the slot's release.
    await Promise.all([release(), reportToParent(input, result)]);
    return result;
  } finally {
    if (!released) await release();
  }
}

/** Tells the parent the result at once when asked to (`reportResultToParent`); a parent gone needs nothing. */
async function reportToParent(input: CallInput, result: CallResult): Promise<void> {
  const parent = workflowInfo().parent;
  if (!input.reportResultToParent || !parent) return;
  try {
    await getExternalWorkflowHandle(parent.workflowId, parent.runId).signal(callResultSignal, {
      callWorkflowId: workflowInfo().workflowId,
      result,
    });
  } catch (err) {
    // The parent's wait for this workflow's own result still gets it.
    log.warn('could not report the result to the parent', { error: String(err) });
  }
}

/**
 * How long a call may hold its live-call slot before the limiter asks whether this workflow still
 * runs: placing (5 min at most), following it until the safety net gives up, ending it, and a margin.
 */
function callSlotLeaseMs(checks: CallCheckSchedule): number {
  return checks.giveUpAfterMs + 20 * 60_000;
}

/** The result of a call that was not placed because the recipient is at today's cap: nothing was dialled. */
function cappedCallResult(input: CallInput, capped: CappedCallAttempt): EndedCallResult {
  return {
    suppressed: false,
    callId: '',
    status: 'capped',
    disconnectionReason: `attempts_per_recipient_per_day_reached (${capped.attemptsToday}/${capped.cap})`,
    durationSeconds: 0,
    startedAt: null,
    endedAt: null,
    from: null,
    to: input.toNumber,
    direction: 'outbound',
    transcript: [],
    summary: null,
    userSentiment: null,
    callSuccessful: null,
    source: 'capped',
    checks: 0,
    reconciled: false,
  };
}

/** Places the call exactly once and follows it to its end (the call's slot is already held). */
async function placeAndFollowCall(input: CallInput): Promise<CallResult> {
  const checks: CallCheckSchedule = { ...DEFAULT_CALL_CHECKS, ...input.checks };
  const self = workflowInfo().workflowId;
  let notice: CallEndedNotice | undefined;
  setHandler(callEndedSignal, (incoming) => {
    notice ??= incoming; // a repeat delivery changes nothing
  });

  // Placing is not interrupted by a cancel: we must learn the call id to be able to end the call.
  const placed = await CancellationScope.nonCancellable(() =>
    placeCall({
      intentKey: self,
      agentId: input.agentId,
      toNumber: input.toNumber,
      systemPrompt: input.systemPrompt,
      initialGreeting: input.initialGreeting,
      variables: input.variables,
    }),
  );
  if (placed.suppressed) {
    log.info('on the opt-out list; not called', { channel: placed.suppression.channel });
    const { agentId, toNumber, suppression } = placed;
    return { suppressed: true, status: 'suppressed', agentId, toNumber, suppression };
  }
  const placedAt = Date.now();
  const mailbox = workflowIds.callEvents(placed.callId);
  log.info('call placed', { callId: placed.callId, reconciled: placed.reconciled });

  try {
    // A cancel that came while the call was being placed: the call is live now, so end it (below).
    if (CancellationScope.current().consideredCancelled)
      throw new CancelledFailure('Cancelled while the call was being placed.');
    await subscribeToCallEvents({ callId: placed.callId, subscriberWorkflowId: self });

    let checksMade = 0;
    let wait = checks.firstCheckMs;
    for (;;) {
      const remaining = checks.giveUpAfterMs - (Date.now() - placedAt);
      if (remaining <= 0) break;
      if (await condition(() => notice !== undefined, Math.min(wait, remaining))) {
        return ended(
          notice!.call,
          { source: 'webhook', checks: checksMade, reconciled: placed.reconciled },
          notice!.spokenOptOut,
        );
      }
      checksMade += 1;
      const found = await fetchCall({ callId: placed.callId });
      if (found.ended) {
        await leaveMailbox(mailbox);
        return ended(found.call, { source: 'check', checks: checksMade, reconciled: placed.reconciled });
      }
      wait = Math.min(wait * 2, checks.maxIntervalMs);
    }

    // No event and the call still looks live after giveUpAfterMs: end it rather than pay for it forever.
    log.warn('giving up on call', { callId: placed.callId });
    await endCall({ callId: placed.callId });
    await leaveMailbox(mailbox);
    const last = await fetchCall({ callId: placed.callId });
    return ended(last.call, { source: 'gave-up', checks: checksMade, reconciled: placed.reconciled });
  } catch (err) {
    if (isCancellation(err)) {
      await CancellationScope.nonCancellable(async () => {
        await endCall({ callId: placed.callId });
        await leaveMailbox(mailbox);
      });
    }
    throw err;
  }
}

/**
 * The result of an ended call, once its transcript was read for a spoken opt-out (no heuristics in
 * workflow code): the ingress read the webhook's (`spoken`; null: none, so nothing to record and no
 * activity on the way to the result); otherwise, or when it found one, the activity reads and records.
 */
async function ended(
  call: CallRecord,
  how: Pick<EndedCallResult, 'source' | 'checks' | 'reconciled'>,
  spoken?: CallEndedNotice['spokenOptOut'],
): Promise<EndedCallResult> {
  if (spoken === null) {
    try {
      await noteCallOutcome({ status: call.status });
    } catch (err) {
      if (isCancellation(err)) throw err;
      // A count is not worth failing a call for; the result stands.
      log.warn('could not count the call outcome', { callId: call.callId, error: String(err) });
    }
    return { ...call, suppressed: false, ...how };
  }
  try {
    const spoken = await recordSpokenOptOut({ call });
    if (spoken.optedOut) log.info('spoken opt-out recorded', { callId: call.callId, added: spoken.added });
  } catch (err) {
    if (isCancellation(err)) throw err;
    // The call itself is over and its result stands; the transcript keeps the evidence for an operator.
    log.error('could not record a spoken opt-out', { callId: call.callId, error: String(err) });
  }
  return { ...call, suppressed: false, ...how };
}
