import { Context } from '@temporalio/activity';
import type { Logger } from '../common/process/logger';
import { dialableOrFail, resolveAgentId } from './failures';

/** Slack for clocks that disagree between the worker and AgentPhone when matching by time. */
export const CLOCK_SKEW_MS = 30_000;

/**
 * The identity of one side effect across every attempt of its activity: the key the workflow passed and
 * the time the activity was first scheduled (the same on every retry). A retry after an ambiguous failure
 * looks for what this intent may already have done since `startedAtMs` before acting again.
 */
export interface Intent {
  key: string;
  attempt: number;
  startedAtMs: number;
  /** True on a retry: an earlier attempt may have committed before its response was lost. */
  mayHaveCommitted: boolean;
}

export function currentIntent(key: string): Intent {
  const { attempt, scheduledTimestampMs } = Context.current().info;
  return { key, attempt, startedAtMs: scheduledTimestampMs, mayHaveCommitted: attempt > 1 };
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
