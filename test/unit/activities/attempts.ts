/**
 * Runs an activity the way Temporal runs its retries, one MockActivityEnvironment per attempt: every
 * attempt shares the first one's scheduled time, and gets the details of the latest heartbeat any
 * earlier attempt recorded (what Temporal hands a retry), unless a test says the heartbeat was lost.
 */
import type { Logger } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';

/** The SDK's own log lines (an attempt failed, as expected) would only clutter the test output. */
const quiet: Logger = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

export class ActivityAttempts {
  /** Heartbeat details in the order attempts recorded them. */
  readonly heartbeats: unknown[] = [];
  #attempt = 0;

  constructor(readonly scheduledTimestampMs: number) {}

  /** Runs the next attempt of `fn`. With `heartbeatLost`, this attempt sees no earlier details. */
  async next<A extends unknown[], R>(
    fn: (...args: A) => Promise<R>,
    args: A,
    options: { heartbeatLost?: boolean } = {},
  ): Promise<R> {
    this.#attempt += 1;
    const details = options.heartbeatLost ? undefined : this.heartbeats.at(-1);
    const env = new MockActivityEnvironment(
      {
        attempt: this.#attempt,
        scheduledTimestampMs: this.scheduledTimestampMs,
        currentAttemptScheduledTimestampMs: this.scheduledTimestampMs,
        heartbeatDetails: details,
      },
      { logger: quiet },
    );
    env.on('heartbeat', (d: unknown) => this.heartbeats.push(d));
    return env.run(fn, ...args);
  }

  /** Runs the next attempt and returns the error it fails with (fails the test if it succeeds). */
  async failing<A extends unknown[], R>(fn: (...args: A) => Promise<R>, args: A): Promise<unknown> {
    try {
      await this.next(fn, args);
    } catch (err) {
      return err;
    }
    throw new Error(`attempt ${this.#attempt} was expected to fail but succeeded`);
  }
}
