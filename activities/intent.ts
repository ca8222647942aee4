import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { Logger } from '../common/process/logger';
import { dialableOrFail, nonRetryable, resolveAgentId } from './failures';
import { readPolicyFor, type ReadPolicy } from './read-within-attempt';

/**
 * What an intent saw before it first posted: the ids of the calls or messages that already looked like
 * the one it was about to make (same recipient; for an SMS, the same text). It travels to later
 * attempts as the activity's heartbeat details, so a retry can tell its own side effect from an earlier
 * intent's identical one without trusting clocks.
 */
export interface IntentBaseline {
  existingIds: string[];
}

/**
 * Makes a baseline durable on the Temporal server before the caller posts, and rejects when it could
 * not (server unreachable, attempt already timed out or cancelled): then the caller must not post.
 */
export type IntentRecorder = (baseline: IntentBaseline) => Promise<void>;

/**
 * The identity of one side effect across every attempt of its activity: the key the workflow passed and
 * what earlier attempts durably recorded. A retry after an ambiguous failure looks for what this intent
 * may already have done before acting again.
 */
export interface Intent {
  key: string;
  attempt: number;
  /**
   * True when an earlier attempt recorded a baseline, and so may have posted after it (commit-then-drop,
   * timeout, worker crash after the POST). An attempt posts only once its baseline is on the server, so
   * a retry without one knows no earlier attempt posted: it acts as a first attempt, with no guessing.
   */
  mayHaveCommitted: boolean;
  /** What an earlier attempt recorded before it posted; undefined on a first attempt or if none posted. */
  baseline: IntentBaseline | undefined;
  /** How this attempt retries its look-ups before it gives up (bounded by its start-to-close timeout). */
  reads: ReadPolicy;
  record: IntentRecorder;
}

export function currentIntent(
  key: string,
  record: IntentRecorder,
  pause?: (ms: number) => Promise<void>,
): Intent {
  const { attempt, heartbeatDetails, startToCloseTimeoutMs } = Context.current().info;
  const baseline = attempt > 1 ? baselineFrom(heartbeatDetails) : undefined;
  return {
    key,
    attempt,
    mayHaveCommitted: baseline !== undefined,
    baseline,
    reads: readPolicyFor(startToCloseTimeoutMs, pause),
    record,
  };
}

/** Heartbeat details as a baseline, or undefined when they are missing or of another shape. */
function baselineFrom(details: unknown): IntentBaseline | undefined {
  if (typeof details !== 'object' || details === null) return undefined;
  const { existingIds } = details as { existingIds?: unknown };
  if (!Array.isArray(existingIds) || !existingIds.every((id) => typeof id === 'string')) return undefined;
  return { existingIds };
}

/**
 * Records baselines as this attempt's heartbeat details with an awaited RPC, so the record is on the
 * server before the caller posts. `Context.heartbeat()` is not enough: it only queues the details (and
 * later ones are throttled), so after a kill -9 between it and the POST a retry would see no record
 * although a call was placed. The client must use the worker's data converter (the worker reads the
 * details back as the next attempt's `heartbeatDetails`).
 *
 * A local activity has no heartbeat details to carry a record to its retry: the side-effecting
 * activities must be scheduled as regular activities, and fail for good here otherwise.
 */
export function temporalIntentRecorder(temporal: Pick<Client, 'activity'>): IntentRecorder {
  return async (baseline) => {
    const { taskToken, isLocal, activityType } = Context.current().info;
    if (isLocal)
      throw nonRetryable(
        'IntentNotRecordable',
        `${activityType} ran as a local activity, which cannot record what it saw before posting; schedule it with proxyActivities`,
      );
    await temporal.activity.heartbeat(taskToken, baseline);
  };
}

/**
 * Finds this intent's own earlier side effect among `lookAlikes` (calls or messages to the same
 * recipient, newest first), or decides there is none so the caller may post; then records, before the
 * caller posts, what a later attempt must not mistake for its own.
 *
 * - A first attempt, or a retry of attempts that never recorded (so never posted), posts; it only
 *   records the look-alikes that exist now.
 * - A retry with a baseline takes the first look-alike that was not there before: an identical call or
 *   text of another intent a few seconds earlier is in the baseline, so it is never taken for ours.
 *
 * There is no fallback by time: without a durable baseline nothing of ours can exist, and a window
 * around the intent's start would take the contact's previous call (a campaign's earlier try) for ours.
 * Every attempt that posts records again, so a third attempt still has the baseline.
 */
export function reconcileIntent<T extends { id: string }>(
  intent: Intent,
  lookAlikes: readonly T[],
): { own: T } | { own: undefined; recordBeforePosting(): Promise<void> } {
  const baseline = intent.baseline;
  if (intent.mayHaveCommitted && baseline) {
    const own = lookAlikes.find((item) => !baseline.existingIds.includes(item.id));
    if (own) return { own };
  }
  // Nothing of ours is there: every look-alike belongs to someone else, and so does the baseline's.
  const existingIds = [...new Set([...(baseline?.existingIds ?? []), ...lookAlikes.map((i) => i.id)])];
  return { own: undefined, recordBeforePosting: () => intent.record({ existingIds }) };
}

/**
 * What every side-effecting activity settles before any request: the intent, the agent it acts as, the
 * recipient's dialable E.164 number (bad input fails for good here) and a logger naming all three.
 */
export function beginSideEffect(
  request: { intentKey: string; agentId?: string | undefined; toNumber: string },
  deps: {
    logger: Logger;
    defaultAgentId?: string | undefined;
    recordIntent: IntentRecorder;
    /** Waits between look-up retries (tests pass one that records and returns at once). */
    pauseBeforeReread?: ((ms: number) => Promise<void>) | undefined;
  },
) {
  const intent = currentIntent(request.intentKey, deps.recordIntent, deps.pauseBeforeReread);
  const agentId = resolveAgentId(request.agentId, deps.defaultAgentId);
  const toNumber = dialableOrFail(request.toNumber);
  const log = deps.logger.child({ intent: intent.key, attempt: intent.attempt, agentId });
  return { intent, agentId, toNumber, log };
}
