import { Context } from '@temporalio/activity';
import type { Logger } from '../common/process/logger';
import { dialableOrFail, resolveAgentId } from './failures';

/** Slack for clocks that disagree between the worker and AgentPhone when matching by time. */
export const CLOCK_SKEW_MS = 30_000;

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
 * The identity of one side effect across every attempt of its activity: the key the workflow passed and
 * the time the activity was first scheduled (the same on every retry). A retry after an ambiguous failure
 * looks for what this intent may already have done before acting again.
 */
export interface Intent {
  key: string;
  attempt: number;
  startedAtMs: number;
  /** True on a retry: an earlier attempt may have committed before its response was lost. */
  mayHaveCommitted: boolean;
  /** What an earlier attempt recorded before it posted; undefined on a first attempt or if it was lost. */
  baseline: IntentBaseline | undefined;
}

export function currentIntent(key: string): Intent {
  const { attempt, scheduledTimestampMs, heartbeatDetails } = Context.current().info;
  return {
    key,
    attempt,
    startedAtMs: scheduledTimestampMs,
    mayHaveCommitted: attempt > 1,
    baseline: attempt > 1 ? baselineFrom(heartbeatDetails) : undefined,
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
 * Finds this intent's own earlier side effect among `lookAlikes` (calls or messages to the same
 * recipient, newest first), or decides there is none so the caller may post; then records, before the
 * caller posts, what a later attempt must not mistake for its own.
 *
 * - A first attempt posts; it only records the look-alikes that exist now.
 * - A retry with a baseline takes the first look-alike that was not there before: an identical call or
 *   text of another intent a few seconds earlier is in the baseline, so it is never taken for ours.
 * - A retry without one (the recording attempt died before its heartbeat reached Temporal) falls back
 *   to `sinceIntentBegan`, a time window around `intent.startedAtMs`.
 *
 * The baseline is sent as a heartbeat. The SDK sends a first heartbeat at once, flushes it before it
 * reports a failed attempt, and Temporal hands the details to the next attempt even without a
 * heartbeat timeout; every attempt that posts records it again, so a third attempt still has it.
 */
export function reconcileIntent<T extends { id: string }>(
  intent: Intent,
  lookAlikes: readonly T[],
  sinceIntentBegan: (item: T) => boolean,
): { own: T } | { own: undefined; recordBeforePosting(): void } {
  if (intent.mayHaveCommitted) {
    const baseline = intent.baseline;
    const own = baseline
      ? lookAlikes.find((item) => !baseline.existingIds.includes(item.id))
      : lookAlikes.find(sinceIntentBegan);
    if (own) return { own };
  }
  // Nothing of ours is there: every look-alike belongs to someone else, and so does the baseline's.
  const existingIds = [...new Set([...(intent.baseline?.existingIds ?? []), ...lookAlikes.map((i) => i.id)])];
  return {
    own: undefined,
    recordBeforePosting: () => Context.current().heartbeat({ existingIds } satisfies IntentBaseline),
  };
}

/**
 * What every side-effecting activity settles before any request: the intent, the agent it acts as, the
 * recipient's dialable E.164 number (bad input fails for good here) and a logger naming all three.
 */
export function beginSideEffect(
  request: { intentKey: string; agentId?: string | undefined; toNumber: string },
  deps: { logger: Logger; defaultAgentId?: string | undefined },
) {
  const intent = currentIntent(request.intentKey);
  const agentId = resolveAgentId(request.agentId, deps.defaultAgentId);
  const toNumber = dialableOrFail(request.toNumber);
  const log = deps.logger.child({ intent: intent.key, attempt: intent.attempt, agentId });
  return { intent, agentId, toNumber, log };
}
