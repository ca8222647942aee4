/**
 * One outbound AI call, followed to its end INSIDE the calling workflow: callWorkflow runs it as its
 * whole body, and a campaign contact runs it once per attempt with no child workflow per call (issue
 * 10: a call child was a whole workflow execution per attempt). Not a workflow itself: the worker's
 * workflow index never exports it.
 */
import {
  CancellationScope,
  CancelledFailure,
  condition,
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
import { callEndedSignal, workflowIds } from './messages';
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

/** What to call and say: the part of a call's input every flow gives. */
export interface OutboundCallInput {
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
}

/** How the calling workflow runs this call. */
export interface OutboundCallOptions {
  /**
   * The call's intent: placeCall's exactly-once key (every retry and replay reuses it) and, with the
   * workflow's first run id, its limiter request id. Unique per call within the workflow: a workflow
   * that makes several calls gives each its own (a campaign contact: `…:contact:<row>:call:<n>`).
   */
  intentKey: string;
  /** Told each step of getting the live-call slot, for a status query. */
  onSlotPhase?: (phase: CallSlotPhase) => void;
  /**
   * Run with the result in the same workflow task as the slot's release (callWorkflow signals its
   * parent here), so neither waits for the other.
   */
  alongsideRelease?: (result: CallResult) => Promise<void>;
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
 * Places one call and follows it to its end, in the calling workflow: take a live-call slot from the
 * cross-flow limiter (or learn the recipient is capped today), place the call exactly once under
 * `intentKey`, subscribe this workflow to the call's mailbox, then wait for `agent.call_ended` while a
 * durable safety net checks the call only when no event came (first after `firstCheckMs`, then
 * doubling to `maxIntervalMs`), giving up (and ending the call) after `giveUpAfterMs`. The slot is
 * given back however it ends. Cancelling the calling workflow ends a live call. A number on the
 * opt-out list is not called (`suppressed`); an ended call's transcript is read for a spoken opt-out.
 *
 * Safe to run several times, one after another, in one workflow: each call takes only its own
 * `call-ended` (a late or repeated webhook of an earlier call is ignored) and its own slot grant.
 *
 * @example
 * const result = await followOutboundCall(
 *   { toNumber: '+14155550100', systemPrompt: 'Remind {{name}}…', variables: { name: 'Ann' } },
 *   { intentKey: workflowIds.campaignContactCall(campaignId, row, 2) },
 * );
 */
export async function followOutboundCall(
  input: OutboundCallInput,
  { intentKey, onSlotPhase = () => {}, alongsideRelease }: OutboundCallOptions,
): Promise<CallResult> {
  const slot = await acquireCallSlot(
    {
      toNumber: input.toNumber,
      agentId: input.agentId,
      leaseMs: callSlotLeaseMs({ ...DEFAULT_CALL_CHECKS, ...input.checks }),
      intentKey,
    },
    onSlotPhase,
  );
  if (slot.kind === 'capped') return cappedCallResult(input, slot);
  const release = async () => {
    await releaseCallSlot(slot);
    onSlotPhase('released');
  };
  let result: CallResult;
  try {
    result = await placeAndFollowCall(input, intentKey);
  } catch (err) {
    await release(); // not interruptible: a cancelled or failed call frees its slot too
    throw err;
  }
  await Promise.all([release(), alongsideRelease?.(result)]);
  return result;
}

/**
 * How long a call may hold its live-call slot before the limiter asks whether its workflow still
 * runs: placing (5 min at most), following it until the safety net gives up, ending it, and a margin.
 */
function callSlotLeaseMs(checks: CallCheckSchedule): number {
  return checks.giveUpAfterMs + 20 * 60_000;
}

/** The result of a call that was not placed because the recipient is at today's cap: nothing was dialled. */
function cappedCallResult(input: OutboundCallInput, capped: CappedCallAttempt): EndedCallResult {
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
async function placeAndFollowCall(input: OutboundCallInput, intentKey: string): Promise<CallResult> {
  const checks: CallCheckSchedule = { ...DEFAULT_CALL_CHECKS, ...input.checks };
  // Placing is not interrupted by a cancel: we must learn the call id to be able to end the call.
  const placed = await CancellationScope.nonCancellable(() =>
    placeCall({
      intentKey,
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
  const notice = awaitCallEnded(placed.callId);

  try {
    // A cancel that came while the call was being placed: the call is live now, so end it (below).
    if (CancellationScope.current().consideredCancelled)
      throw new CancelledFailure('Cancelled while the call was being placed.');
    await subscribeToCallEvents({ callId: placed.callId, subscriberWorkflowId: workflowInfo().workflowId });

    let checksMade = 0;
    let wait = checks.firstCheckMs;
    for (;;) {
      const remaining = checks.giveUpAfterMs - (Date.now() - placedAt);
      if (remaining <= 0) break;
      if (await condition(() => notice.current !== undefined, Math.min(wait, remaining))) {
        const { call, spokenOptOut } = notice.current!;
        return ended(
          call,
          { source: 'webhook', checks: checksMade, reconciled: placed.reconciled },
          spokenOptOut,
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
 * Takes the `call-ended` of `callId` only, the first delivery of it. Registered once the call id is
 * known and before subscribing (the mailbox delivers only to subscribers, so nothing of this call can
 * come earlier). The handler replaces the previous call's: a late or repeated notice of an earlier
 * call in the same workflow is logged and ignored, never taken for this call's end.
 */
function awaitCallEnded(callId: string): { current: CallEndedNotice | undefined } {
  const notice: { current: CallEndedNotice | undefined } = { current: undefined };
  setHandler(callEndedSignal, (incoming) => {
    if (incoming.call.callId !== callId) {
      log.info('call-ended of another call ignored', { callId: incoming.call.callId, current: callId });
      return;
    }
    notice.current ??= incoming; // a repeat delivery changes nothing
  });
  return notice;
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
