/**
 * Shared helpers of the simulator's integration tests: a simulator bound to 127.0.0.1:0, a JSON
 * caller for its control API, and a webhook receiver that records raw requests.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { buildSimulator, type Simulator, type SimulatorOptions } from '../../../simulator/index';

export interface RunningSimulator {
  sim: Simulator;
  baseUrl: string;
  /** JSON call against the simulator (API or control); returns status, headers and parsed body. */
  call(method: string, path: string, body?: unknown, apiKey?: string | null): Promise<JsonResponse>;
  /** `call` with the ready account's key. */
  api(method: string, path: string, body?: unknown): Promise<JsonResponse>;
  close(): Promise<void>;
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read JSON bodies loosely and assert on them
  body: any;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const sim = await buildSimulator({ speed: 'instant', seed: 42, rateLimits: false, ...options });
  const baseUrl = await sim.listen({ port: 0 });
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    apiKey?: string | null,
  ): Promise<JsonResponse> => {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (apiKey) headers.authorization = `Bearer ${apiKey}`;
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // non-JSON bodies (WAV, SSE) stay text
    }
    return { status: response.status, headers: response.headers, body: parsed };
  };
  return {
    sim,
    baseUrl,
    call,
    api: (method, path, body) => call(method, path, body, sim.account.apiKey),
    close: () => sim.close(),
  };
}

/**
 * The long-poll path that returns a call once it has ended. It asks for the longest wait the API
 * allows (300 s of simulated time): under `instant` speed every pending timer fires on the next tick in
 * due order, so a shorter wait than the call's remaining length (voicemail rings 18 s, no-answer 30 s)
 * would win the race whenever the request arrives before the call's end timer has fired.
 */
export const untilEnded = (callId: string): string => `/v1/calls/${callId}?wait=true&timeout=300`;

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  rawBody: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read JSON bodies loosely and assert on them
  body: any;
  receivedAt: number;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Statuses to answer with, one per request, then 200. */
  respondWith(...statuses: number[]): void;
  /**
   * Resolves with everything received once `count` webhooks have arrived (at once if they have): an
   * event, not a poll. Rejects after `timeoutMs` of real time, a guard against a hung test.
   */
  untilReceived(count?: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const queue: number[] = [];
  const waiters = new Set<{ count: number; resolve: (all: ReceivedWebhook[]) => void }>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      received.push({ headers: request.headers, rawBody, body: JSON.parse(rawBody), receivedAt: Date.now() });
      for (const waiter of waiters) if (received.length >= waiter.count) waiter.resolve([...received]);
      response.statusCode = queue.shift() ?? 200;
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/agentphone`,
    received,
    respondWith: (...statuses) => queue.push(...statuses),
    untilReceived: (count = 1, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        if (received.length >= count) return resolve([...received]);
        const guard = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`${received.length} of ${count} webhooks arrived in ${timeoutMs} ms`));
        }, timeoutMs);
        const waiter = {
          count,
          resolve: (all: ReceivedWebhook[]) => {
            clearTimeout(guard);
            waiters.delete(waiter);
            resolve(all);
          },
        };
        waiters.add(waiter);
      }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
