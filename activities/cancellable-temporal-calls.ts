/**
 * Temporal calls made by an activity end when the activity is cancelled.
 *
 * A query or an update is answered by a workflow worker, and the worker that would answer may be the
 * one shutting down: it stops polling for workflow tasks at once, cancels its regular activities after
 * the grace time (not its local ones: SDK 1.24 lets those run; ./stored-input keeps them off queries),
 * then waits for them to end. A call that ignored the
 * cancellation waited for its own deadline, failed, was retried and waited again, and the worker never
 * stopped (a test's teardown hung on `campaign-settings` queries of 29 s each until its timeout). With
 * the call bound to the activity's cancellation it ends at once; the next attempt, on any worker,
 * repeats it (every such call is a read or is keyed by its request id).
 */
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';

/** The running activity's cancellation signal, or none outside an activity (unit tests call directly). */
function activityCancellationSignal(): AbortSignal | undefined {
  try {
    return Context.current().cancellationSignal;
  } catch {
    return undefined;
  }
}

/**
 * Returns `activities` with every Temporal client call each one makes (through `temporal`) bound to
 * that activity's cancellation.
 *
 * @example const activities = endTemporalCallsOnCancel(activities, deps.temporal) // in createActivities;
 */
export function endTemporalCallsOnCancel<T extends object>(activities: T, temporal: Client): T {
  const bound: Record<string, unknown> = {};
  for (const [name, activity] of Object.entries(activities)) {
    bound[name] =
      typeof activity !== 'function'
        ? activity
        : (...args: unknown[]) => {
            const signal = activityCancellationSignal();
            const run = () => Promise.resolve((activity as (...a: unknown[]) => unknown)(...args));
            return signal ? temporal.withAbortSignal(signal, run) : run();
          };
  }
  return bound as T;
}

/**
 * Waits for `shared` (a call serving several activities, started outside this one's cancellation), or
 * rejects as soon as this activity is cancelled; the shared call goes on for the others.
 */
export function untilThisActivityIsCancelled<T>(shared: Promise<T>): Promise<T> {
  let context: Context;
  try {
    context = Context.current();
  } catch {
    return shared;
  }
  return Promise.race([shared, context.cancelled]);
}

/**
 * Runs `call` unbound from the running activity's cancellation (it serves other activities too), under
 * a signal of its own that is never aborted. One per call: the client adds an abort listener per RPC
 * and never removes it, so one shared signal would keep every RPC's listener for the process's life.
 */
export function clearOfActivityCancellation<T>(temporal: Client, call: () => Promise<T>): Promise<T> {
  return temporal.withAbortSignal(new AbortController().signal, call);
}
