/**
 * The holder's side of the cross-flow limiter, for callWorkflow: count today's attempt to the
 * recipient and take a live-call slot in one activity, wait for the slot only when it is queued, and
 * give it back when the call is over.
 */
import {
  CancellationScope,
  CancelledFailure,
  condition,
  getExternalWorkflowHandle,
  log,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { apiActivityOptions } from '../activity-options';
import { callSlotGrantedSignal, releaseCallSlotSignal } from '../messages';
import type { CallSlotGrant, CallSlotPhase } from './types';

const { takeCallSlot } = proxyActivities<Activities>(apiActivityOptions('5 minutes'));

/** A slot this call workflow holds until {@link releaseCallSlot}. */
export interface HeldCallSlot {
  kind: 'held';
  limiterWorkflowId: string;
  requestId: string;
  leaseId: string;
}

/** The recipient has had today's attempts: the call is not placed. */
export interface CappedCallAttempt {
  kind: 'capped';
  attemptsToday: number;
  cap: number;
}

/**
 * Counts this attempt against the recipient's daily cap and asks for a live-call slot within the
 * account's and the number's caps, in one activity (takeCallSlot: both answers are update results);
 * when no slot is free it waits (durably, FIFO) for the grant signal. A cancel while waiting withdraws
 * the request. `leaseMs` bounds how long the slot may be held before the limiter checks this workflow
 * still runs.
 *
 * @example
 * const slot = await acquireCallSlot({ toNumber, agentId, leaseMs });
 * if (slot.kind === 'capped') return cappedResult(slot);
 * try { … place and follow the call … } finally { await releaseCallSlot(slot); }
 */
export async function acquireCallSlot(
  call: {
    toNumber: string;
    agentId?: string | undefined;
    leaseMs: number;
    /** The call's intent key when one workflow makes several calls (default: the workflow id). */
    intentKey?: string | undefined;
  },
  onPhase: (phase: CallSlotPhase) => void = () => {},
): Promise<HeldCallSlot | CappedCallAttempt> {
  const { workflowId, runId, firstExecutionRunId } = workflowInfo();
  // From the start event, so a replay (which may run under another run id) matches the limiter's
  // answers to this request exactly as the original run did; the intent key tells apart the calls of
  // one workflow (a campaign contact's attempts), so attempt 2 is never taken for attempt 1.
  const requestId = `${call.intentKey ?? workflowId}/${firstExecutionRunId}`;
  let grant: CallSlotGrant | undefined;
  // Set before asking: a queued request's grant may come before the activity's result does.
  setHandler(callSlotGrantedSignal, (g) => {
    if (g.requestId === requestId) grant ??= g;
  });

  onPhase('counting_attempt');
  // Not interrupted: once the request may be queued, we must know the limiter to withdraw it.
  const answer = await CancellationScope.nonCancellable(() =>
    takeCallSlot({
      holderWorkflowId: workflowId,
      holderRunId: runId,
      requestId,
      toNumber: call.toNumber,
      agentId: call.agentId,
      leaseMs: call.leaseMs,
      nowMs: Date.now(),
    }),
  );
  if (answer.kind === 'capped') {
    log.info('recipient capped for today', { attemptsToday: answer.attemptsToday, cap: answer.cap });
    onPhase('capped');
    return { kind: 'capped', attemptsToday: answer.attemptsToday, cap: answer.cap };
  }
  const { limiterWorkflowId } = answer;
  if (answer.kind === 'granted') grant ??= answer.grant;
  const asked: HeldCallSlot = { kind: 'held', limiterWorkflowId, requestId, leaseId: grant?.leaseId ?? '' };
  if (grant === undefined) {
    onPhase('waiting_for_slot');
    try {
      await condition(() => grant !== undefined);
    } catch (err) {
      await releaseCallSlot(asked);
      throw err;
    }
  } else if (CancellationScope.current().consideredCancelled) {
    // Cancelled while the activity ran: the slot it took goes back, and nobody is dialled.
    await releaseCallSlot(asked);
    throw new CancelledFailure('Cancelled while taking a call slot.');
  }
  onPhase('holding_slot');
  return { ...asked, leaseId: grant!.leaseId };
}

/** Gives the slot back (not interruptible: a cancelled call must still free it). */
export async function releaseCallSlot(slot: HeldCallSlot): Promise<void> {
  await CancellationScope.nonCancellable(async () => {
    try {
      await getExternalWorkflowHandle(slot.limiterWorkflowId).signal(releaseCallSlotSignal, {
        requestId: slot.requestId,
      });
    } catch (err) {
      // The limiter is gone (it cannot be while we hold a slot, unless terminated): nothing to free.
      log.warn('could not release the call slot', { limiter: slot.limiterWorkflowId, error: String(err) });
    }
  });
}
