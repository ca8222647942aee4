/** The longest wait any server hint may impose; a longer hint is clamped (an hourly cap must not park a worker). */
export const MAX_RETRY_AFTER_MS = 60_000;

/** Case-insensitive header lookup over the plain lower-cased record the client keeps. */
type HeaderRecord = Readonly<Record<string, string>>;

/**
 * How long the server asks us to wait, in ms, or `undefined` when it gave no usable hint.
 * Order: `Retry-After` as delta-seconds, then as an HTTP date, then `X-RateLimit-Reset` as epoch
 * seconds (what the official SDK reads too). The result is clamped to `[0, MAX_RETRY_AFTER_MS]`.
 */
export function parseRetryAfterMs(headers: HeaderRecord, now: number = Date.now()): number | undefined {
  const retryAfter = headers['retry-after']?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return clamp(Number(retryAfter) * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return clamp(date - now);
  }
  const reset = headers['x-ratelimit-reset']?.trim();
  if (reset && /^\d+(\.\d+)?$/.test(reset)) return clamp(Number(reset) * 1000 - now);
  return undefined;
}

function clamp(ms: number): number {
  return Math.min(Math.max(0, Math.ceil(ms)), MAX_RETRY_AFTER_MS);
}

/** Exponential backoff with full jitter for retries the server gave no hint for. */
export function backoffMs(
  attempt: number,
  initialMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
