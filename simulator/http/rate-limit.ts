/**
 * Per-account, per-endpoint limits per minute (spec §1.8), counted in real time: request rate is a
 * property of the transport, and simulated time may leap ahead.
 */
export const DEFAULT_RATE_LIMITS: Record<string, number> = {
  'POST /v0/agent/sign-up': 10,
  'POST /v0/agent/verify': 20,
  'POST /v1/agents': 30,
  'PATCH /v1/agents/{agent_id}': 20,
  'DELETE /v1/agents/{agent_id}': 30,
  'POST /v1/numbers': 20,
  'DELETE /v1/numbers/{number_id}': 60,
  'POST /v1/calls': 120,
  'POST /v1/webhooks': 10,
  'POST /v1/webhooks/test': 10,
  '*': 600,
};

const WINDOW_MS = 60_000;

export class RateLimiter {
  private readonly windows = new Map<string, { startMs: number; count: number }>();

  /** @param limits per-route limits (spec-style paths, `*` = default); `false` turns limiting off */
  constructor(private readonly limits: Record<string, number> | false) {}

  /** Counts a request; returns the seconds to wait when it is over the limit, else null. */
  hit(caller: string, route: string): { retryAfterSec: number; resetEpochSec: number } | null {
    if (!this.limits) return null;
    const limit = this.limits[route] ?? this.limits['*'];
    if (limit === undefined) return null;
    const key = `${caller} ${this.limits[route] === undefined ? '*' : route}`;
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || now - window.startMs >= WINDOW_MS) {
      window = { startMs: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    if (window.count <= limit) return null;
    const resetMs = window.startMs + WINDOW_MS;
    return {
      retryAfterSec: Math.max(1, Math.ceil((resetMs - now) / 1000)),
      resetEpochSec: Math.ceil(resetMs / 1000),
    };
  }

  clear(): void {
    this.windows.clear();
  }
}
