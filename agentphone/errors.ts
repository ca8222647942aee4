/**
 * The one error taxonomy of the AgentPhone client. Every class sets `name` from a literal string:
 * activities use it as the Temporal failure `type`, and workflows branch on that string, never on
 * `instanceof` (classes do not survive serialisation). Whether a failure is worth retrying is decided by
 * one pure function, {@link isRetryable}, also exposed as `error.retryable`.
 */
import type { z } from 'zod';

import { parseRetryAfterMs } from './internal/retry-after';
import type { ErrorBody, ValidationIssue } from './schemas/responses';
import { AgentPhoneError } from './error-root';

export { AgentPhoneError } from './error-root';
export {
  InvalidPhoneNumberError,
  EmergencyNumberError,
  type InvalidPhoneNumberReason,
  type EmergencyNumberReason,
} from './phone/errors';

/** Where a request went; carried by every error that comes from one. */
export interface RequestTarget {
  method: string;
  /** Path without the query string (which may carry phone numbers). */
  path: string;
}

export interface APIErrorInit extends RequestTarget {
  status: number;
  /** Response headers, names lower-cased. */
  headers: Record<string, string>;
  /** The parsed JSON body, or the raw text when it was not JSON. */
  body: unknown;
  requestId?: string | undefined;
}

/**
 * The server answered with a non-2xx status. Subclasses name the common statuses.
 *
 * @example
 * try { await client.agents.retrieve('agt_x'); }
 * catch (e) { if (e instanceof APIError) console.log(e.status, e.code, e.requestId); }
 */
export class APIError extends AgentPhoneError {
  override readonly name: string = 'APIError';
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: unknown;
  readonly requestId: string | undefined;
  readonly method: string;
  readonly path: string;
  /** The documented `error.code`, e.g. `RATE_LIMIT_EXCEEDED`, when the body carried one. */
  readonly code: string | undefined;
  /** The server's own message (from `error.message` or `detail`). */
  readonly detail: string;

  constructor(init: APIErrorInit) {
    const detail = describeErrorBody(init.body);
    super(`${init.status} ${detail} (${init.method} ${init.path})`);
    this.status = init.status;
    this.headers = init.headers;
    this.body = init.body;
    this.requestId = init.requestId;
    this.method = init.method;
    this.path = init.path;
    this.code = errorEnvelope(init.body)?.code;
    this.detail = detail;
  }

  /** See {@link isRetryable}. */
  override get retryable(): boolean {
    return isRetryable(this);
  }
}

/** 400: e.g. a wrong OTP, releasing a released number, an agent without a number. */
export class BadRequestError extends APIError {
  override readonly name = 'BadRequestError';
}

/** 401: missing or invalid API key. */
export class AuthenticationError extends APIError {
  override readonly name = 'AuthenticationError';
}

/** 403: restricted destination (emergency/N11) or an unregistered 10DLC number. */
export class PermissionDeniedError extends APIError {
  override readonly name = 'PermissionDeniedError';
}

/** 404: missing, or owned by another account. */
export class NotFoundError extends APIError {
  override readonly name = 'NotFoundError';
}

/**
 * 409: sign-up for an email that already has an account, number limit, no inventory, ending a call that
 * is not live — or the concurrent-call cap on `POST /v1/calls`, the one 409 that is worth retrying.
 */
export class ConflictError extends APIError {
  override readonly name = 'ConflictError';
}

/** 422: the body failed the server's schema; `issues` holds the field-level details. */
export class UnprocessableEntityError extends APIError {
  override readonly name = 'UnprocessableEntityError';

  /** FastAPI's `detail[]` (`loc`, `msg`, `type`), or the envelope's `details` mapped to the same shape. */
  get issues(): ValidationIssue[] {
    const body = this.body as ErrorBody | undefined;
    if (Array.isArray(body?.detail)) return body.detail;
    return (body?.error?.details ?? []).map((detail) => ({
      loc: detail.field === undefined ? [] : ['body', detail.field],
      msg: detail.message ?? 'invalid',
    }));
  }
}

/** 429: rate limited. `retryAfterMs` is the server's hint (`Retry-After` or `X-RateLimit-Reset`), clamped. */
export class RateLimitError extends APIError {
  override readonly name = 'RateLimitError';

  get retryAfterMs(): number | undefined {
    return parseRetryAfterMs(this.headers);
  }
}

/** 5xx: server or carrier failure (502 = carrier, 503 = no numbers available). */
export class InternalServerError extends APIError {
  override readonly name = 'InternalServerError';
}

/** No response arrived: the connection failed or was reset. The request may or may not have been applied. */
export class APIConnectionError extends AgentPhoneError {
  override readonly name: string = 'APIConnectionError';
  readonly method: string;
  readonly path: string;

  constructor(target: RequestTarget, message = 'Connection error', options?: ErrorOptions) {
    super(`${message} (${target.method} ${target.path})`, options);
    this.method = target.method;
    this.path = target.path;
  }

  /** See {@link isRetryable}. */
  override get retryable(): boolean {
    return isRetryable(this);
  }
}

/** The request did not finish within `timeoutMs`. Like any lost response, the server may have applied it. */
export class APIConnectionTimeoutError extends APIConnectionError {
  override readonly name = 'APIConnectionTimeoutError';

  constructor(target: RequestTarget, timeoutMs: number, options?: ErrorOptions) {
    super(target, `Request timed out after ${timeoutMs} ms`, options);
  }
}

/** A 2xx body did not match its schema. `rawBody` keeps the text exactly as received. */
export class ResponseValidationError extends AgentPhoneError {
  override readonly name = 'ResponseValidationError';
  readonly status: number;
  readonly rawBody: string;
  readonly issues: z.core.$ZodIssue[];
  readonly method: string;
  readonly path: string;
  readonly requestId: string | undefined;

  constructor(
    init: RequestTarget & {
      status: number;
      rawBody: string;
      issues: z.core.$ZodIssue[];
      requestId?: string | undefined;
    },
  ) {
    const where = init.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    super(`Response of ${init.method} ${init.path} failed validation: ${where}`);
    this.status = init.status;
    this.rawBody = init.rawBody;
    this.issues = init.issues;
    this.method = init.method;
    this.path = init.path;
    this.requestId = init.requestId;
  }
}

/** Why a webhook delivery was rejected. */
export type WebhookVerificationReason =
  'missing_header' | 'bad_timestamp' | 'stale' | 'bad_signature' | 'bad_json' | 'bad_payload';

/**
 * A webhook delivery failed verification (answer 401), or, for `bad_json` / `bad_payload`, an authentic
 * body could not be read: keep it (ringflow dead-letters it) rather than answer 4xx, which AgentPhone does
 * not retry.
 */
export class WebhookVerificationError extends AgentPhoneError {
  override readonly name = 'WebhookVerificationError';
  readonly reason: WebhookVerificationReason;

  constructor(reason: WebhookVerificationReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

/** Builds the right {@link APIError} subclass for a non-2xx response. */
export function makeAPIError(init: APIErrorInit): APIError {
  const { status } = init;
  if (status === 400) return new BadRequestError(init);
  if (status === 401) return new AuthenticationError(init);
  if (status === 403) return new PermissionDeniedError(init);
  if (status === 404) return new NotFoundError(init);
  if (status === 409) return new ConflictError(init);
  if (status === 422) return new UnprocessableEntityError(init);
  if (status === 429) return new RateLimitError(init);
  if (status >= 500) return new InternalServerError(init);
  return new APIError(init);
}

/**
 * Whether a failure may succeed if the same request is sent again later. Pure, and checked in a fixed
 * order: no response at all (connection, timeout) → yes; 408, 429 and 5xx → yes; 409 only on
 * `POST /v1/calls`, where it means the concurrent-call cap (the server sends `Retry-After`); everything
 * else (other 4xx, validation, phone and webhook errors, foreign errors) → no.
 *
 * This says nothing about idempotency: whether a *side-effecting* request may be repeated is the
 * caller's decision (ringflow reconciles first).
 *
 * @example
 * catch (e) { if (isRetryable(e)) scheduleRetry(retryAfterMs(e)); else throw e; }
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof APIConnectionError) return true;
  if (!(error instanceof APIError)) return false;
  const { status } = error;
  if (status === 408 || status === 429 || status >= 500) return true;
  if (status === 409) return error.method === 'POST' && error.path === '/v1/calls';
  return false;
}

/**
 * The server's requested wait before a retry, in ms (clamped to 60 s), or `undefined` when it gave none
 * or the error is not an {@link APIError}.
 *
 * @example
 * throw ApplicationFailure.create({ type: e.name, nextRetryDelay: retryAfterMs(e) });
 */
export function retryAfterMs(error: unknown): number | undefined {
  return error instanceof APIError ? parseRetryAfterMs(error.headers) : undefined;
}

function errorEnvelope(body: unknown): ErrorBody['error'] | undefined {
  if (!body || typeof body !== 'object' || !('error' in body)) return undefined;
  const envelope = body.error;
  return envelope && typeof envelope === 'object' ? (envelope as ErrorBody['error']) : undefined;
}

/** The human message of an error body: `error.message` → `detail` (string) → `detail[0].msg` → raw text. */
function describeErrorBody(body: unknown): string {
  const message = errorEnvelope(body)?.message;
  if (typeof message === 'string' && message) return message;
  if (body && typeof body === 'object' && 'detail' in body) {
    const detail = body.detail;
    if (typeof detail === 'string' && detail) return detail;
    if (Array.isArray(detail) && detail.length > 0) {
      const first = detail[0] as { msg?: unknown; loc?: unknown };
      const loc = Array.isArray(first.loc) ? `${first.loc.join('.')}: ` : '';
      if (typeof first.msg === 'string') return `${loc}${first.msg}`;
    }
  }
  if (typeof body === 'string' && body.trim()) return body.trim().slice(0, 200);
  return 'request failed';
}
