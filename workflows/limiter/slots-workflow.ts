import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { apiActivityOptions } from '../activity-options';
import { timeToContinueAsNew } from '../continue-as-new';
import {
  callSlotGrantedSignal,
  getCallSlotsQuery,
  releaseCallSlotSignal,
  requestCallSlotsUpdate,
} from '../messages';
import { CallSlots } from './slots';
import type { CallSlotLease, CallSlotsSnapshot } from './types';

const { findClosedCallSlotHolders } = proxyActivities<Activities>(apiActivityOptions('2 minutes'));

export interface CallSlotsInput {
  /** The deployment it limits (the task queue), for logs. */
  deployment: string;
  /** Carried across continue-as-new: caps, queue, leases, counters. */
  snapshot?: CallSlotsSnapshot;
  /** With waiters queued and nothing released for this long, check whether the holders still run. */
  blockedCheckMs?: number;
  /** End after this long with no holder and nobody waiting (the next request starts it again). */
  idleTimeoutMs?: number;
  continueAsNewAfterEvents?: number;
}

const DEFAULT_BLOCKED_CHECK_MS = 60_000;
const DEFAULT_IDLE_TIMEOUT_MS = 24 * 60 * 60_000;

/**
 * The live-call limiter of one deployment (`call-slots:account:<deployment>`), design decision 12: every
 * outbound call (callWorkflow, which reservations, callbacks and campaigns all go through) holds a slot
 * while it is placed and followed, so live calls never exceed the account's cap nor the per-number cap.
 * Holders ask by update-with-start (the takeCallSlot activity, batched per worker process): granted in its result when a slot is
 * free, else queued FIFO and granted later by a signal.
 *
 * Nothing leaks: a crashed worker loses nothing (the holder workflow goes on on another worker and
 * releases in a `finally`); a holder that closed without releasing (terminated, reset, timed out) is
 * found when its lease runs out, or sooner when others wait, by describing the holders, and its slot
 * is taken back. A holder still running past its lease keeps the slot for another term: the caps hold.
 */
export async function callSlotsWorkflow(input: CallSlotsInput): Promise<void> {
  const slots = new CallSlots(input.snapshot);
  let changed = true;
  let lastReleaseMs = Date.now();
  // The answer is the update's result: a holder granted at once needs no signal (most calls, below the
  // caps); a queued one is signalled its grant later. Granting here may grant queued others too: the
  // loop signals those. A worker sends every request that queued up in it meanwhile in one update,
  // in arrival order, so they are queued in that order and answered in one workflow task.
  setHandler(requestCallSlotsUpdate, (requests) => {
    for (const req of requests) slots.request(req);
    slots.grant(Date.now());
    changed = true;
    return requests.map((req) => slots.answerNow(req.requestId));
  });
  setHandler(releaseCallSlotSignal, ({ requestId }) => {
    slots.release(requestId);
    lastReleaseMs = Date.now();
    changed = true;
  });
  setHandler(getCallSlotsQuery, () => slots.snapshot());

  const blockedCheckMs = input.blockedCheckMs ?? DEFAULT_BLOCKED_CHECK_MS;
  const idleTimeoutMs = input.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  while (!timeToContinueAsNew(input.continueAsNewAfterEvents)) {
    if (changed) {
      changed = false;
      slots.grant(Date.now());
      await notifyGrants(slots);
      continue;
    }
    const now = Date.now();
    const untilExpiry = (slots.nextExpiryMs() ?? Infinity) - now;
    const untilBlockedCheck = slots.isBlocked() ? lastReleaseMs + blockedCheckMs - now : Infinity;
    const wait = Math.max(0, Math.min(untilExpiry, untilBlockedCheck, idleTimeoutMs));
    if (await condition(() => changed, wait)) continue;

    if (slots.isIdle() && !changed) {
      if (Date.now() - lastReleaseMs >= idleTimeoutMs) return;
      continue;
    }
    const overdue = slots.overdue(Date.now());
    const blocked = slots.isBlocked() && Date.now() - lastReleaseMs >= blockedCheckMs;
    if (overdue.length === 0 && !blocked) continue;
    await reclaimClosedHolders(slots, blocked ? [...slots.allLeases()] : overdue);
    if (blocked) lastReleaseMs = Date.now(); // the next check of a still-blocked queue waits a term
    changed = true;
  }
  await condition(allHandlersFinished);
  await continueAsNew<typeof callSlotsWorkflow>({ ...input, snapshot: slots.snapshot() });
}

/** Tells each newly granted holder; a holder that has closed meanwhile frees its slot at once. */
async function notifyGrants(slots: CallSlots): Promise<void> {
  for (const lease of slots.takeGrantsToNotify()) {
    try {
      await getExternalWorkflowHandle(lease.holderWorkflowId, lease.holderRunId).signal(
        callSlotGrantedSignal,
        { requestId: lease.requestId, leaseId: lease.leaseId, expiresAtMs: lease.expiresAtMs },
      );
    } catch (err) {
      log.info('slot holder gone before its grant', { holder: lease.holderWorkflowId, error: String(err) });
      slots.holderGone(lease.requestId);
    }
  }
}

/** Takes back the slots of holders that closed; the still-running ones past their lease get a new term. */
async function reclaimClosedHolders(slots: CallSlots, leases: CallSlotLease[]): Promise<void> {
  const closed = new Set(
    await findClosedCallSlotHolders({
      holders: leases.map(({ requestId, holderWorkflowId, holderRunId }) => ({
        requestId,
        holderWorkflowId,
        holderRunId,
      })),
    }),
  );
  const now = Date.now();
  for (const lease of leases) {
    if (closed.has(lease.requestId)) {
      log.warn('reclaimed the slot of a closed holder', {
        holder: lease.holderWorkflowId,
        lease: lease.leaseId,
      });
      slots.reclaim(lease.requestId);
    } else if (lease.expiresAtMs <= now) {
      log.warn('slot holder still running past its lease: extended', { holder: lease.holderWorkflowId });
      slots.extend(lease.requestId, now);
    }
  }
}
