/**
 * Runs an activity the way Temporal runs its retries, one MockActivityEnvironment per attempt: every
 * attempt shares the first one's scheduled time and start-to-close timeout, and gets the details of the
 * latest heartbeat any earlier attempt recorded (what Temporal hands a retry). An intent's record goes
 * through {@link recordAsHeartbeat}, which a test can make fail (Temporal unreachable).
 */
import { Context } from '@temporalio/activity';
import type { Logger } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { IntentRecorder } from '../../../activities/intent';

/**
 * The `recordIntent` unit tests pass: the record becomes the attempt's heartbeat, as the real recorder's
 * awaited RPC makes it; it rejects when the attempt was run with `recordFails`.
 */
export const recordAsHeartbeat: IntentRecorder = async (baseline) => {
  Context.current().heartbeat(baseline);
};

/** A `pauseBeforeReread` that returns at once and remembers every wait asked for. */
export function instantPauses() {
  const waitedMs: number[] = [];
  return { waitedMs, pause: async (ms: number) => void waitedMs.push(ms) };
}

/** The SDK's own log lines (an attempt failed, as expected) would only clutter the test output. */
const quiet: Logger = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

export class ActivityAttempts {
  /** Heartbeat details in the order attempts recorded them. */
  readonly heartbeats: unknown[] = [];
  #attempt = 0;

  constructor(readonly scheduledTimestampMs: number) {}

  /**
   * Runs the next attempt of `fn`. With `recordFails`, recording a heartbeat throws in this attempt, as
   * the real recorder does when Temporal cannot be reached: nothing reaches later attempts.
   */
  async next<A extends unknown[], R>(
    fn: (...args: A) => Promise<R>,
    args: A,
    options: { recordFails?: boolean } = {},
  ): Promise<R> {
    this.#attempt += 1;
    const env = new MockActivityEnvironment(
      {
        attempt: this.#attempt,
        scheduledTimestampMs: this.scheduledTimestampMs,
        currentAttemptScheduledTimestampMs: this.scheduledTimestampMs,
        startToCloseTimeoutMs: 30_000,
        heartbeatDetails: this.heartbeats.at(-1),
      },
      { logger: quiet },
    );
    env.on('heartbeat', (d: unknown) => {
      if (options.recordFails) throw new Error('14 UNAVAILABLE: Temporal unreachable');
      this.heartbeats.push(d);
    });
    return env.run(fn, ...args);
  }

  /** Runs the next attempt and returns the error it fails with (fails the test if it succeeds). */
  async failing<A extends unknown[], R>(
    fn: (...args: A) => Promise<R>,
    args: A,
    options: { recordFails?: boolean } = {},
  ): Promise<unknown> {
    try {
      await this.next(fn, args, options);
    } catch (err) {
      return err;
    }
    throw new Error(`attempt ${this.#attempt} was expected to fail but succeeded`);
  }
}
