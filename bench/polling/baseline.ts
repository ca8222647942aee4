/**
 * The baseline of the webhook-vs-polling benchmark: what the AgentPhone guide suggests a script do,
 * written as a user would, with plain `fetch` and no Temporal — create the call, poll
 * `GET /v1/calls/{id}` every few seconds until the call is terminal, then text the human.
 */
import type { PlannedReservation } from './plan';

export interface PollingBaselineInput {
  baseUrl: string;
  apiKey: string;
  agentId: string;
  reservations: readonly PlannedReservation[];
  /** Reservations in flight at once (each is one live call, then one SMS). */
  concurrency: number;
  /** Wall milliseconds between polls: the guide's 3 s divided by the simulator's speed. */
  pollIntervalMs: number;
}

/** What the script saw of one reservation (wall times from `performance.now()`). */
export interface PolledReservation {
  index: number;
  callId: string;
  /** When the poll that first read a terminal status was sent. */
  terminalPollSentAt: number;
  polls: number;
  status: string;
}

const TERMINAL = new Set(['completed', 'failed', 'busy', 'no-answer', 'canceled']);

/** Books every reservation `concurrency` at a time; throws on any API error (a benchmark, not a product). */
export async function runPollingBaseline(input: PollingBaselineInput): Promise<PolledReservation[]> {
  const headers = { authorization: `Bearer ${input.apiKey}`, 'content-type': 'application/json' };
  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${input.baseUrl}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  const bookOne = async (r: PlannedReservation): Promise<PolledReservation> => {
    const call = await api<{ id: string }>('POST', '/v1/calls', {
      agentId: input.agentId,
      toNumber: r.restaurantPhone,
      systemPrompt: `Book a table for 2 on ${r.date} at 19:00 under the name Bench.`,
    });
    let polls = 0;
    for (;;) {
      await sleep(input.pollIntervalMs);
      const sentAt = performance.now();
      polls += 1;
      const detail = await api<{
        status: string;
        summary?: string | null;
        lastTranscriptSnippet?: string | null;
      }>('GET', `/v1/calls/${call.id}`);
      if (!TERMINAL.has(detail.status)) continue;
      await api('POST', '/v1/messages', {
        agent_id: input.agentId,
        to_number: r.notifyNumber,
        body: `Your reservation call ${detail.status}: ${detail.summary ?? detail.lastTranscriptSnippet ?? ''}`,
      });
      return { index: r.index, callId: call.id, terminalPollSentAt: sentAt, polls, status: detail.status };
    }
  };

  const results: PolledReservation[] = [];
  let next = 0;
  const lane = async () => {
    while (next < input.reservations.length) results.push(await bookOne(input.reservations[next++]!));
  };
  await Promise.all(Array.from({ length: Math.min(input.concurrency, input.reservations.length) }, lane));
  return results.sort((a, b) => a.index - b.index);
}
