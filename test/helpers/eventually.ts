/**
 * The one polling helper of the test suite, for state that announces itself by no event (a simulator
 * list, a delivery log). Prefer an event where there is one: the simulator's long-poll
 * `GET /v1/calls/{id}?wait=true`, a webhook receiver's `untilReceived`, a workflow's `result()` or its
 * history long-poll (`untilHistoryEvent` in ./temporal).
 */

export interface EventuallyOptions {
  /** Give up after this much real time (a guard against a hung test, not a performance claim). */
  timeoutMs?: number;
  /** What is awaited, for the error message. */
  what?: string;
}

/**
 * Calls `check` until it returns something other than undefined and returns that, backing off from
 * 10 ms to 200 ms between calls; throws naming `what` after `timeoutMs` (default 30 s).
 *
 * @example const calls = await eventually(async () => ((await list()).length ? list() : undefined), { what: 'the call' });
 */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  { timeoutMs = 30_000, what = 'the condition' }: EventuallyOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let pause = 10; ; pause = Math.min(pause * 2, 200)) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}
