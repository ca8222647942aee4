/**
 * Webhook signatures (§10): `X-Webhook-Signature: sha256=<hex HMAC-SHA256(secret, ts + "." + body)>`
 * over the exact body bytes, with `X-Webhook-Timestamp` in Unix seconds and a 5-minute replay window.
 * The key is the UTF-8 bytes of the whole `whsec_...` string (not base64-decoded).
 *
 * Verify strictly, parse leniently (design decision 10): the signature, the timestamp window and the
 * header checks refuse a delivery; once it is authentic, only a lenient envelope is read, since the docs
 * are loose about shapes. The strict typed reading stays available as {@link parseWebhookEvent}.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

import { WebhookVerificationError } from './errors';
import {
  WebhookEnvelopeSchema,
  WebhookEventSchema,
  type WebhookEnvelope,
  type WebhookEvent,
} from './schemas/webhooks';

export const SIGNATURE_HEADER = 'X-Webhook-Signature';
export const TIMESTAMP_HEADER = 'X-Webhook-Timestamp';
export const WEBHOOK_ID_HEADER = 'X-Webhook-ID';
export const EVENT_HEADER = 'X-Webhook-Event';

/** A request's headers: a fetch `Headers`, or node's `IncomingHttpHeaders`-like record (any case). */
export type HeadersLike = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

export interface VerifyWebhookInput {
  /** The body exactly as received, before any JSON parsing. */
  rawBody: string | Uint8Array;
  headers: HeadersLike;
  /** The current secret, or several during rotation (account and agent secrets, or old and new). */
  secrets: string | readonly string[];
  /** Allowed clock difference in either direction, default 300 s. */
  toleranceSec?: number;
  /** The receiver's clock, default `Date.now()`. */
  now?: Date | number;
}

/**
 * The strict half of receiving a webhook: headers present, timestamp inside the window, and the HMAC
 * matching one of the secrets. Nothing of the body is read. Throws {@link WebhookVerificationError} with
 * `reason` `missing_header`, `bad_timestamp`, `stale` (outside the window, past or future) or
 * `bad_signature` (no secret matches); a receiver answers each with 401.
 *
 * @example
 * verifyWebhookSignature({ rawBody, headers: request.headers, secrets: [current, previous] });
 * // From here on the body is authentic: never answer 4xx for its shape.
 */
export function verifyWebhookSignature(input: VerifyWebhookInput): void {
  const signature = readHeader(input.headers, SIGNATURE_HEADER);
  const timestamp = readHeader(input.headers, TIMESTAMP_HEADER);
  if (signature === undefined || timestamp === undefined) {
    throw new WebhookVerificationError(
      'missing_header',
      `Missing ${signature === undefined ? SIGNATURE_HEADER : TIMESTAMP_HEADER}`,
    );
  }
  if (!/^\d+$/.test(timestamp)) {
    throw new WebhookVerificationError('bad_timestamp', `${TIMESTAMP_HEADER} is not Unix seconds`);
  }
  const nowSec = Math.floor(toMillis(input.now ?? Date.now()) / 1000);
  const toleranceSec = input.toleranceSec ?? 300;
  if (Math.abs(nowSec - Number(timestamp)) > toleranceSec) {
    throw new WebhookVerificationError('stale', `Timestamp is more than ${toleranceSec} s away from now`);
  }

  const received = Buffer.from(signature, 'utf8');
  const body = bodyBytes(input.rawBody);
  const secrets = (typeof input.secrets === 'string' ? [input.secrets] : input.secrets).filter(
    (secret) => secret,
  );
  const matches = secrets.some((secret) => {
    const expected = Buffer.from(computeSignature(secret, timestamp, body), 'utf8');
    return expected.length === received.length && timingSafeEqual(expected, received);
  });
  if (!matches)
    throw new WebhookVerificationError('bad_signature', 'Signature does not match any configured secret');
}

/**
 * Reads a body leniently as a webhook envelope: JSON with an `event` name; every other field is optional
 * (see {@link WebhookEnvelopeSchema}). Throws {@link WebhookVerificationError} `bad_json` (not JSON) or
 * `bad_payload` (not an object, or no event name). Called after {@link verifyWebhookSignature}, these two
 * mean an authentic event ringflow cannot read: keep it (a dead letter), do not answer 4xx.
 */
export function parseWebhookEnvelope(rawBody: string | Uint8Array): WebhookEnvelope {
  let json: unknown;
  try {
    json = JSON.parse(bodyBytes(rawBody).toString('utf8'));
  } catch {
    throw new WebhookVerificationError('bad_json', 'Body is not JSON');
  }
  const parsed = WebhookEnvelopeSchema.safeParse(json);
  if (!parsed.success) {
    throw new WebhookVerificationError('bad_payload', 'Body is not an object with an `event` name');
  }
  return parsed.data;
}

/**
 * Verifies a webhook delivery strictly and reads its envelope leniently: signature first
 * ({@link verifyWebhookSignature}), then {@link parseWebhookEnvelope}. Only `event` must be present;
 * route on the fields you need (`data.callId`, `data.messageId`), or call {@link parseWebhookEvent} for
 * the fully typed event when the documented shape is what you want.
 *
 * @example
 * const envelope = verifyWebhook({ rawBody, headers: request.headers, secrets: [current, previous] });
 * if (envelope.event === 'agent.call_ended') await deliver(LooseCallEndedDataSchema.parse(envelope.data ?? {}));
 */
export function verifyWebhook(input: VerifyWebhookInput): WebhookEnvelope {
  verifyWebhookSignature(input);
  return parseWebhookEnvelope(input.rawBody);
}

/**
 * The strict, typed reading of a webhook body (an envelope from {@link verifyWebhook}, or parsed JSON):
 * each known event must match its documented schema. Unknown event names come back as `UnknownEvent`.
 * Throws {@link WebhookVerificationError} `bad_payload` naming where a known event departs from the docs.
 *
 * @example
 * const event = parseWebhookEvent(verifyWebhook({ rawBody, headers, secrets }));
 * if (isCallEndedEvent(event)) console.log(event.data.transcript?.length);
 */
export function parseWebhookEvent(body: unknown): WebhookEvent {
  const parsed = WebhookEventSchema.safeParse(body);
  if (!parsed.success) {
    const where = parsed.error.issues.slice(0, 3).map((issue) => issue.path.join('.') || '(root)');
    throw new WebhookVerificationError(
      'bad_payload',
      `Payload does not match its event schema at ${where.join(', ')}`,
    );
  }
  return parsed.data;
}

export interface SignWebhookInput {
  /** The event to serialise (once) as the body; or give `rawBody` to sign bytes as they are. */
  payload?: unknown;
  rawBody?: string;
  secret: string;
  /** Unix seconds or a Date, default now. */
  timestamp?: number | Date;
  /** Delivery id, stable across retries of one delivery. */
  id?: string;
  /** Event name for `X-Webhook-Event`; defaults to `payload.event`. */
  event?: string;
}

export interface SignedWebhook {
  body: string;
  headers: Record<string, string>;
}

/**
 * Signs a webhook body the way AgentPhone does (for the simulator and tests).
 *
 * @example
 * const { body, headers } = signWebhook({ payload: event, secret: 'whsec_test', id: 'whd_1' });
 * await fetch(url, { method: 'POST', body, headers });
 */
export function signWebhook(input: SignWebhookInput): SignedWebhook {
  const body = input.rawBody ?? JSON.stringify(input.payload);
  const timestamp = String(
    typeof input.timestamp === 'number'
      ? Math.floor(input.timestamp)
      : Math.floor(toMillis(input.timestamp ?? Date.now()) / 1000),
  );
  const event = input.event ?? eventName(input.payload);
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    [SIGNATURE_HEADER]: computeSignature(input.secret, timestamp, Buffer.from(body, 'utf8')),
    [TIMESTAMP_HEADER]: timestamp,
  };
  if (input.id !== undefined) headers[WEBHOOK_ID_HEADER] = input.id;
  if (event !== undefined) headers[EVENT_HEADER] = event;
  return { body, headers };
}

function computeSignature(secret: string, timestamp: string, body: Buffer): string {
  const mac = createHmac('sha256', Buffer.from(secret, 'utf8'));
  mac.update(`${timestamp}.`, 'utf8');
  mac.update(body);
  return `sha256=${mac.digest('hex')}`;
}

function readHeader(headers: HeadersLike, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(
    headers as Record<string, string | readonly string[] | undefined>,
  )) {
    if (key.toLowerCase() === wanted) return typeof value === 'string' ? value : value?.[0];
  }
  return undefined;
}

function bodyBytes(rawBody: string | Uint8Array): Buffer {
  return typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : Buffer.from(rawBody);
}

function toMillis(value: Date | number): number {
  return value instanceof Date ? value.getTime() : value;
}

function eventName(payload: unknown): string | undefined {
  if (payload && typeof payload === 'object' && 'event' in payload) {
    const { event } = payload;
    return typeof event === 'string' ? event : undefined;
  }
  return undefined;
}
