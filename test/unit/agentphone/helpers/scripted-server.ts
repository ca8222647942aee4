/**
 * A tiny HTTP server over real sockets for client tests: it records every request and answers from a
 * script of responses, in order (the last one repeats). Binds 127.0.0.1 on port 0.
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Raw body text ('' when none). */
  text: string;
  /** Parsed JSON body, or undefined. */
  json: unknown;
}

export interface ScriptedResponse {
  status?: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string or bytes as they are. */
  body?: unknown;
  /** Wait this long before answering (to provoke client timeouts). */
  delayMs?: number;
  /** Write these chunks with pauses instead of `body` (server-sent events). */
  chunks?: { data: string; delayMs?: number }[];
  /** Close the socket without answering. */
  drop?: boolean;
}

export type Responder = ScriptedResponse | ((request: RecordedRequest) => ScriptedResponse);

export class ScriptedServer {
  readonly requests: RecordedRequest[] = [];
  #script: Responder[] = [];
  #server: Server | undefined;
  url = '';

  /** Replaces the script; responses are used in order, the last one for every later request. */
  reply(...responses: Responder[]): this {
    this.#script = responses;
    this.requests.length = 0;
    return this;
  }

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const recorded: RecordedRequest = {
          method: req.method ?? 'GET',
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          text,
          json: text ? safeJson(text) : undefined,
        };
        this.requests.push(recorded);
        const responder = this.#script[Math.min(this.requests.length - 1, this.#script.length - 1)] ?? {
          status: 200,
          body: {},
        };
        const response = typeof responder === 'function' ? responder(recorded) : responder;
        void answer(res, response);
      });
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()) ?? resolve());
  }

  /** The single recorded request; fails the test if there is not exactly one. */
  only(): RecordedRequest {
    if (this.requests.length !== 1)
      throw new Error(`expected exactly one request, got ${this.requests.length}`);
    return this.requests[0]!;
  }
}

async function answer(res: ServerResponse, response: ScriptedResponse): Promise<void> {
  if (response.delayMs) await new Promise((resolve) => setTimeout(resolve, response.delayMs));
  if (response.drop) {
    res.socket?.destroy();
    return;
  }
  const headers = { ...response.headers };
  if (response.chunks) {
    res.writeHead(response.status ?? 200, { 'content-type': 'text/event-stream', ...headers });
    for (const chunk of response.chunks) {
      if (chunk.delayMs) await new Promise((resolve) => setTimeout(resolve, chunk.delayMs));
      if (res.destroyed) return;
      res.write(chunk.data);
    }
    res.end();
    return;
  }
  let payload: string | Uint8Array = '';
  if (typeof response.body === 'string' || response.body instanceof Uint8Array) {
    payload = response.body;
  } else if (response.body !== undefined) {
    payload = JSON.stringify(response.body);
    headers['content-type'] ??= 'application/json';
  }
  res.writeHead(response.status ?? 200, headers);
  res.end(payload);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
