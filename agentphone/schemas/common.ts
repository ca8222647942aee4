import { z } from 'zod';

import { E164_PATTERN } from '../phone/e164-pattern';

export { E164_PATTERN } from '../phone/e164-pattern';

/** A phone number in E.164 form, e.g. `+14155551234`. */
export const E164Schema = z.string().regex(E164_PATTERN, 'must be an E.164 phone number like +14155551234');

/** A NANP number in E.164 form (`+1` and ten digits): the only country code AgentPhone serves. */
export const NanpE164Schema = z.string().regex(/^\+1\d{10}$/, 'must be a +1 number in E.164 form');

/**
 * Date-times from the API, kept as the wire string. Examples use `YYYY-MM-DDTHH:MM:SSZ`, but FastAPI may
 * emit fractional seconds, `+00:00`, or no offset at all, so any RFC 3339-like form that `Date.parse`
 * understands is accepted.
 */
export const TimestampSchema = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$/,
    'must be an ISO 8601 date-time',
  )
  .refine((value) => !Number.isNaN(Date.parse(value)), 'must be a real date-time');

/** Hosts for which plain `http://` is allowed: the local stack and tests run without TLS. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function isLoopbackHost(hostname: string): boolean {
  return (
    LOOPBACK_HOSTS.has(hostname) || hostname.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(hostname)
  );
}

/**
 * An absolute URL that must be https, except on loopback hosts where http is allowed (the real API
 * requires https everywhere; ringflow's local stack and the simulator speak plain http on 127.0.0.1).
 */
export const SecureUrlSchema = z
  .string()
  .min(1)
  .max(2083)
  .refine((value) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return false;
    }
    if (url.protocol === 'https:') return true;
    return url.protocol === 'http:' && isLoopbackHost(url.hostname);
  }, 'must be an absolute https URL (http is allowed only for localhost / 127.0.0.1)');

/**
 * An integer query parameter: a number from the client, or a decimal string from a query string (the
 * simulator parses `URLSearchParams`). Out-of-range values fail like FastAPI's `ge`/`le` bounds (422).
 */
export function queryInt(min: number, max: number = Number.MAX_SAFE_INTEGER) {
  return z
    .union([
      z.number(),
      z
        .string()
        .regex(/^-?\d+$/, 'must be an integer')
        .transform(Number),
    ])
    .pipe(z.number().int().min(min).max(max));
}

/** A boolean query parameter: `true`/`false` (also `1`/`0`) as a string, or a boolean. */
export const QueryBooleanSchema = z.union([
  z.boolean(),
  z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1'),
]);
