import type { Duration } from '@temporalio/common';
import type { ActivityOptions } from '@temporalio/workflow';

/**
 * How every activity that talks to AgentPhone or Temporal is run: 30 s per attempt, retries backing off
 * from 2 s to a minute, and a bound on the whole intent. The activities reconcile before repeating a
 * side effect, so retrying them is safe; non-retryable failures (bad input, opted-out contact) stop at once.
 */
export function apiActivityOptions(scheduleToCloseTimeout: Duration = '10 minutes'): ActivityOptions {
  return {
    startToCloseTimeout: '30 seconds',
    scheduleToCloseTimeout,
    retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
  };
}
