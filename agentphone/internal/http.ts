/**
 * The one place that talks HTTP: builds the request, applies the timeout, retries what may be retried,
 * logs one line per attempt (never headers or bodies), and turns responses into parsed values or
 * errors. Resources describe endpoints; they never touch undici directly.
 */
import { setTimeout as sleepFor } from 'node:timers/promises';

import { Agent, request, type Dispatcher } from 'undici';
import type { z } from 'zod';

import type { AgentPhoneLogger } from '../logger';
import {
  AgentPhoneError,
  APIConnectionError,
  APIConnectionTimeoutError,
  ResponseValidationError,
  isRetryable,
  makeAPIError,
  retryAfterMs,
  type RequestTarget,
} from '../errors';
import { appendQuery, type QueryValue } from './query';
import { backoffMs } from './retry-after';

/** Per-call overrides, accepted as the last argument of every client method. */
export interface RequestOptions {
  /** Retries after the first attempt; `0` sends exactly one request. Ignored for never-retried calls. */
  maxRetries?: number;
  /** Whole-request deadline in ms (for streams: until the response headers arrive). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * Whether the client may repeat a request by itself. `idempotent`: safe to send twice (reads, deletes,
 * replacements). `never`: a side effect a repeat would duplicate (dial, text, buy, create) — the caller
 * reconciles and decides.
 */
export type RetryPolicy = 'idempotent' | 'never';

export interface Endpoint<S extends z.ZodType> {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  query?: Readonly<Record<string, QueryValue>> | undefined;
  body?: unknown;
  schema: S;
  /** `required` (default) fails without a key; `none` never sends it (sign-up/verify). */
  auth?: 'required' | 'none' | 'optional';
  /** Defaults to `idempotent` for GET/PATCH/DELETE and `never` for POST. */
  retry?: RetryPolicy;
  /** What an empty 2xx body stands for (e.g. a 204 on a DELETE); without it an empty body must pass the schema as `undefined`. */
  emptyBody?: z.input<S>;
}

export interface HttpSettings {
  apiKey: string | undefined;
  baseUrl: string;
  timeoutMs: number;
  maxRetries: number;
  logger: AgentPhoneLogger;
  dispatcher: Dispatcher | undefined;
  initialRetryDelayMs: number;
  maxRetryDelayMs: number;
  sleep: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
}

/** A 2xx response held as bytes (recordings). */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** A 2xx response whose body is still streaming (server-sent events). */
export interface StreamResponse {
  status: number;
  headers: Record<string, string>;
  body: AsyncIterable<Uint8Array> & { destroy(error?: Error): unknown };
}

interface Received {
  status: number;
  headers: Record<string, string>;
  body: Dispatcher.ResponseData['body'];
  requestId: string | undefined;
  /** Call once the body has been consumed. */
  done(): void;
}

const USER_AGENT = 'ringflow-agentphone/0.1';

export class HttpClient {
  readonly #settings: HttpSettings;
  /** Created only when the caller brought no dispatcher; closed by {@link close}. */
  readonly #ownDispatcher: Agent | undefined;

  constructor(settings: HttpSettings) {
    this.#settings = settings;
    this.#ownDispatcher = settings.dispatcher
      ? undefined
      : new Agent({ keepAliveTimeout: 10_000, connections: 64 });
  }

  /** Sends a JSON request and returns the body parsed by `endpoint.schema`. */
  async json<S extends z.ZodType>(endpoint: Endpoint<S>, options: RequestOptions = {}): Promise<z.output<S>> {
    return this.#withRetries(endpoint, options, async (target, signal) => {
      const received = await this.#send(endpoint, options, signal, target, 'application/json');
      let text: string;
      try {
        text = await received.body.text();
      } finally {
        received.done();
      }
      return parseBody(endpoint, target, received, text);
    });
  }

  /** Sends a request and returns the 2xx body as bytes. */
  async raw(
    endpoint: Omit<Endpoint<z.ZodType>, 'schema'>,
    options: RequestOptions = {},
  ): Promise<RawResponse> {
    return this.#withRetries(endpoint, options, async (target, signal) => {
      const received = await this.#send(endpoint, options, signal, target, '*/*');
      try {
        const body = new Uint8Array(await received.body.arrayBuffer());
        return { status: received.status, headers: received.headers, body };
      } finally {
        received.done();
      }
    });
  }

  /**
   * Opens a streaming response. The timeout covers only the wait for headers; the body then streams
   * for as long as the server keeps it open (heartbeats keep it alive).
   */
  async stream(
    endpoint: Omit<Endpoint<z.ZodType>, 'schema'>,
    options: RequestOptions = {},
  ): Promise<StreamResponse> {
    return this.#withRetries(endpoint, options, async (target, signal) => {
      const received = await this.#send(endpoint, options, signal, target, 'text/event-stream', 'headers');
      received.done();
      return { status: received.status, headers: received.headers, body: received.body };
    });
  }

  async close(): Promise<void> {
    await this.#ownDispatcher?.close();
  }

  async #withRetries<T>(
    endpoint: Omit<Endpoint<z.ZodType>, 'schema'>,
    options: RequestOptions,
    attempt: (target: RequestTarget, signal: AbortSignal | undefined) => Promise<T>,
  ): Promise<T> {
    const target = { method: endpoint.method, path: endpoint.path };
    const policy = endpoint.retry ?? (endpoint.method === 'POST' ? 'never' : 'idempotent');
    const maxRetries = policy === 'never' ? 0 : (options.maxRetries ?? this.#settings.maxRetries);
    for (let retry = 0; ; retry++) {
      try {
        return await attempt(target, options.signal);
      } catch (error) {
        if (retry >= maxRetries || !isRetryable(error) || options.signal?.aborted) throw error;
        const delayMs =
          retryAfterMs(error) ??
          backoffMs(retry, this.#settings.initialRetryDelayMs, this.#settings.maxRetryDelayMs);
        this.#settings.logger.warn(
          { ...target, retry: retry + 1, of: maxRetries, delayMs, error: (error as Error).name },
          'agentphone request failed; retrying',
        );
        await (this.#settings.sleep ?? defaultSleep)(delayMs, options.signal);
      }
    }
  }

  async #send(
    endpoint: Omit<Endpoint<z.ZodType>, 'schema'>,
    options: RequestOptions,
    callerSignal: AbortSignal | undefined,
    target: RequestTarget,
    accept: string,
    deadline: 'body' | 'headers' = 'body',
  ): Promise<Received> {
    const { apiKey, baseUrl, logger } = this.#settings;
    const timeoutMs = options.timeoutMs ?? this.#settings.timeoutMs;
    const auth = endpoint.auth ?? 'required';
    if (auth === 'required' && !apiKey) {
      throw new AgentPhoneError('No AgentPhone API key: pass `apiKey` or set AGENTPHONE_API_KEY');
    }

    const headers: Record<string, string> = { accept, 'user-agent': USER_AGENT };
    if (auth !== 'none' && apiKey) headers.authorization = `Bearer ${apiKey}`;
    let body: string | undefined;
    if (endpoint.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(endpoint.body);
    }
    const url = appendQuery(new URL(endpoint.path, baseUrl), endpoint.query);

    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    const signal = callerSignal ? AbortSignal.any([callerSignal, timeout.signal]) : timeout.signal;
    const log = logger.child({ method: target.method, path: target.path });
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);

    const fail = (error: unknown): never => {
      clearTimeout(timer);
      if (callerSignal?.aborted) throw callerSignal.reason ?? error;
      const timedOut = timeout.signal.aborted || isConnectTimeout(error);
      const failure = timedOut
        ? new APIConnectionTimeoutError(target, timeoutMs, { cause: error })
        : new APIConnectionError(target, describeNetworkError(error), { cause: error });
      log.warn({ durationMs: elapsed(), error: failure.name }, 'agentphone request got no response');
      throw failure;
    };

    let response: Dispatcher.ResponseData;
    try {
      response = await request(url, {
        method: endpoint.method,
        headers,
        body,
        signal,
        dispatcher: this.#settings.dispatcher ?? this.#ownDispatcher,
      });
    } catch (error) {
      return fail(error);
    }
    if (deadline === 'headers') clearTimeout(timer);

    const responseHeaders = flattenHeaders(response.headers);
    const requestId = responseHeaders['x-request-id'] ?? responseHeaders['request-id'];
    const status = response.statusCode;
    const logLine = { status, durationMs: elapsed(), requestId };

    if (status < 200 || status >= 300) {
      let text = '';
      try {
        text = await response.body.text();
      } catch (error) {
        return fail(error);
      }
      clearTimeout(timer);
      const apiError = makeAPIError({
        ...target,
        status,
        headers: responseHeaders,
        body: parseMaybeJson(text),
        requestId,
      });
      log.warn({ ...logLine, error: apiError.name, code: apiError.code }, 'agentphone request failed');
      throw apiError;
    }

    log.debug(logLine, 'agentphone request');
    // Body reads can still fail or time out; map those like a missing response.
    const guardedBody = guardBody(response.body, fail);
    return {
      status,
      headers: responseHeaders,
      body: guardedBody,
      requestId,
      done: () => clearTimeout(timer),
    };
  }
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return sleepFor(ms, undefined, signal ? { signal } : undefined);
}

/** Wraps body readers so an abort or reset mid-body becomes an APIConnection(Timeout)Error. */
function guardBody(
  body: Dispatcher.ResponseData['body'],
  fail: (error: unknown) => never,
): Dispatcher.ResponseData['body'] {
  const text = body.text.bind(body);
  const arrayBuffer = body.arrayBuffer.bind(body);
  return Object.assign(body, {
    text: () => text().catch(fail),
    arrayBuffer: () => arrayBuffer().catch(fail),
  });
}

function parseBody<S extends z.ZodType>(
  endpoint: Endpoint<S>,
  target: RequestTarget,
  received: Received,
  text: string,
): z.output<S> {
  let value: unknown;
  if (text.trim() === '') {
    value = endpoint.emptyBody;
  } else {
    try {
      value = JSON.parse(text);
    } catch {
      throw new ResponseValidationError({
        ...target,
        status: received.status,
        rawBody: text,
        requestId: received.requestId,
        issues: [{ code: 'custom', path: [], message: 'body is not JSON', input: text }],
      });
    }
  }
  const parsed = endpoint.schema.safeParse(value);
  if (!parsed.success) {
    throw new ResponseValidationError({
      ...target,
      status: received.status,
      rawBody: text,
      requestId: received.requestId,
      issues: parsed.error.issues,
    });
  }
  return parsed.data;
}

function parseMaybeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function flattenHeaders(headers: Dispatcher.ResponseData['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function isConnectTimeout(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT'
  );
}

function describeNetworkError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' ? `Connection error: ${code} ${message}` : `Connection error: ${message}`;
}
