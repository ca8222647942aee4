import { Context } from '@temporalio/activity';
import { isRetryable, retryAfterMs } from '../agentphone';

/**
 * How a side-effecting activity retries the look-up it reconciles with (the calls or messages already
 * there) inside one attempt, before it fails the attempt: a few tries, backing off, honouring
 * Retry-After, all within a share of the attempt's start-to-close timeout so the POST still has time.
 * Failing the attempt is safe (a retry without a durable baseline knows nothing was posted), but it
 * costs Temporal's backoff (2 s, 4 s, …) on every flow that meets a passing 5xx.
 */
export interface ReadPolicy {
  /** Reads in all, the first included. */
  tries: number;
  /** The most this attempt spends on reads and the waits between them before giving up, in ms. */
  budgetMs: number;
  /** Wait before the second read when the server gave no Retry-After; doubles each time. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** Waits between reads; the default is the activity's cancellation-aware sleep. */
  pause: (ms: number) => Promise<void>;
}

/** The policy for an attempt with this start-to-close timeout: at most a third of it, at most 10 s. */
export function readPolicyFor(
  startToCloseTimeoutMs: number,
  pause: (ms: number) => Promise<void> = (ms) => Context.current().sleep(ms),
): ReadPolicy {
  return {
    tries: 4,
    budgetMs: Math.min(10_000, Math.floor(startToCloseTimeoutMs / 3)),
    firstDelayMs: 250,
    maxDelayMs: 2_000,
    pause,
  };
}

/**
 * Runs `read`, reading again after a retryable AgentPhone failure (no response, 408, 429, 5xx) while
 * the policy allows; throws the last error otherwise. A Retry-After longer than the budget left is
 * not waited out here: the error goes to Temporal, whose retry honours it (`nextRetryDelay`).
 *
 * @example
 * const page = await readWithinAttempt(() => agentphone.calls.list({ search: to }), intent.reads);
 */
export async function readWithinAttempt<T>(
  read: () => Promise<T>,
  policy: ReadPolicy,
  onRetry: (err: unknown, delayMs: number, nextTry: number) => void = () => {},
): Promise<T> {
  const startedMs = Date.now();
  let waitedMs = 0;
  for (let tried = 1; ; tried += 1) {
    try {
      return await read();
    } catch (err) {
      if (!isRetryable(err) || tried >= policy.tries) throw err;
      const delayMs =
        retryAfterMs(err) ?? Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** (tried - 1));
      // Slow failures (timeouts) spend the budget too; the waits count as asked for, however long
      // the pause really took.
      const spentMs = Math.max(Date.now() - startedMs, waitedMs);
      if (spentMs + delayMs > policy.budgetMs) throw err;
      onRetry(err, delayMs, tried + 1);
      await policy.pause(delayMs);
      waitedMs += delayMs;
    }
  }
}
