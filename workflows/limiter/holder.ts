/**
 * The holder's side of the cross-flow limiter, for callWorkflow: count today's attempt to the
 * recipient, wait for a live-call slot, and give it back when the call is over.
 */
import {
  CancellationScope,
  condition,
  getExternalWorkflowHandle,
  log,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { apiActivityOptions } from '../activity-options';
import { callAttemptVerdictSignal, callSlotGrantedSignal, releaseCallSlotSignal } from '../messages';
import type { CallAttemptVerdict, CallSlotGrant, CallSlotPhase } from './types';

const { countCallAttempt, requestCallSlot } = proxyActivities<Activities>(apiActivityOptions('5 minutes'));

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
 * Counts this attempt against the recipient's daily cap, then waits (durably, FIFO) for a live-call
 * slot within the account's and the number's caps. A cancel while waiting withdraws the request.
 * `leaseMs` bounds how long the slot may be held before the limiter checks this workflow still runs.
 *
 * @example
 * const slot = await acquireCallSlot({ toNumber, agentId, leaseMs });
 * if (slot.kind === 'capped') return cappedResult(slot);
 * try { … place and follow the call … } finally { await releaseCallSlot(slot); }
 */
export async function acquireCallSlot(
  call: { toNumber: string; agentId?: string | undefined; leaseMs: number },
  onPhase: (phase: CallSlotPhase) => void = () => {},
): Promise<HeldCallSlot | CappedCallAttempt> {
  const { workflowId, runId, firstExecutionRunId } = workflowInfo();
  // From the start event, so a replay (which may run under another run id) matches the limiter's
  // answers to this request exactly as the original run did.
  const requestId = `${workflowId}/${firstExecutionRunId}`;
  let verdict: CallAttemptVerdict | undefined;
  let grant: CallSlotGrant | undefined;
  setHandler(callAttemptVerdictSignal, (v) => {
    if (v.requestId === requestId) verdict ??= v;
  });
  setHandler(callSlotGrantedSignal, (g) => {
    if (g.requestId === requestId) grant ??= g;
  });

  onPhase('counting_attempt');
  await CancellationScope.nonCancellable(() =>
    countCallAttempt({ holderWorkflowId: workflowId, requestId, toNumber: call.toNumber, nowMs: Date.now() }),
  );
  await condition(() => verdict !== undefined);
  if (!verdict!.allowed) {
    log.info('recipient capped for today', { attemptsToday: verdict!.attemptsToday, cap: verdict!.cap });
    onPhase('capped');
    return { kind: 'capped', attemptsToday: verdict!.attemptsToday, cap: verdict!.cap };
  }

  onPhase('waiting_for_slot');
  // Not interrupted: once the request may be queued, we must know the limiter to withdraw it.
  const { limiterWorkflowId } = await CancellationScope.nonCancellable(() =>
    requestCallSlot({
      holderWorkflowId: workflowId,
      holderRunId: runId,
      requestId,
      agentId: call.agentId,
      leaseMs: call.leaseMs,
    }),
  );
  try {
    await condition(() => grant !== undefined);
  } catch (err) {
    await releaseCallSlot({ kind: 'held', limiterWorkflowId, requestId, leaseId: '' });
    throw err;
  }
  onPhase('holding_slot');
  return { kind: 'held', limiterWorkflowId, requestId, leaseId: grant!.leaseId };
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
