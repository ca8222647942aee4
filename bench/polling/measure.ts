/**
 * Pure arithmetic of the webhook-vs-polling benchmark: routes for counting AgentPhone requests, and the
 * call-end → SMS latency in one unit for both sides although the simulator's clock runs `speed` times
 * faster than the wall clock.
 */

/** `GET /v1/calls/call_ab12…?x=1` → `GET /v1/calls/{id}`: requests counted per route, not per id. */
export function apiRoute(method: string, url: string): string {
  const path = url.split('?')[0]!.replace(/\/(call|agt|num|msg|conv|whk|tr)_[0-9a-zA-Z]+/g, '/{id}');
  return `${method} ${path}`;
}

/** Wall times (ms, one clock) of one call's end and of the SMS that followed it. */
export interface CallToSmsTimes {
  /** When `agent.call_ended` reached a receiver: the simulator ends the call and sends it at once. */
  callEndedAt: number;
  /** When the simulator received `POST /v1/messages` for this call's human. */
  smsAt: number;
  /** Polling only: when the poll that first read the call as terminal was sent. */
  terminalPollSentAt?: number;
}

/**
 * Call end → SMS in real-time-equivalent ms. The wait for the next poll is a wait on the simulated clock
 * (polls are 3 simulated seconds apart), so it counts `speed` times its wall length, as it would last
 * against the real API; every request and workflow step after it is real work and counts at its wall
 * length. Webhook-driven (no terminal poll): all of it is work. At speed 1 this is plain wall time.
 */
export function callToSmsMs(times: CallToSmsTimes, speed: number): number {
  if (times.terminalPollSentAt === undefined) return times.smsAt - times.callEndedAt;
  const waitedForPoll = Math.max(0, times.terminalPollSentAt - times.callEndedAt);
  const work = times.smsAt - Math.max(times.callEndedAt, times.terminalPollSentAt);
  return waitedForPoll * speed + work;
}

/** Counts per route divided by `calls`, to 2 decimals, routes sorted. */
export function perCall(counts: ReadonlyMap<string, number>, calls: number): Record<string, number> {
  return Object.fromEntries(
    [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([route, n]) => [route, round2(n / calls)]),
  );
}

export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
