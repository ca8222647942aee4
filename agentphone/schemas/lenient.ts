/**
 * Lenient readers for wire fields ringflow does not strictly need. The docs are loose about shapes (a
 * field shown in an example may be missing or null, a number may arrive as a string, a date-time in
 * another form), so these never fail: a value they cannot read becomes `undefined`. Use them only for
 * fields whose absence ringflow can live with; a field ringflow needs stays a strict schema. Each is
 * `.optional()` so that a missing key is `undefined` too (zod 4 otherwise requires the key).
 */
import { z } from 'zod';

/** A string as it came, or a number written as a string; anything else is `undefined`. */
export const looseString = z
  .unknown()
  .transform((value): string | undefined =>
    typeof value === 'string'
      ? value
      : typeof value === 'number' && Number.isFinite(value)
        ? String(value)
        : undefined,
  )
  .optional();

/** A non-empty string (or a number written as one): the shape of an id. Empty or other → `undefined`. */
export const looseId = looseString.transform((value) => (value ? value : undefined)).optional();

/** A finite number, or a decimal string such as `"89"` or `"89.5"`; anything else is `undefined`. */
export const looseNumber = z
  .unknown()
  .transform((value): number | undefined => {
    if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
    if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
    return undefined;
  })
  .optional();

/** A boolean, or `"true"`/`"false"` (any case); anything else is `undefined`. */
export const looseBoolean = z
  .unknown()
  .transform((value): boolean | undefined => {
    if (typeof value === 'boolean') return value;
    if (typeof value === 'string') {
      const lower = value.trim().toLowerCase();
      if (lower === 'true') return true;
      if (lower === 'false') return false;
    }
    return undefined;
  })
  .optional();

/** Unix times below this are seconds, above it milliseconds (10^11 s is the year 5138). */
const SECONDS_LIMIT = 1e11;

/**
 * A date-time in any form the API might use, normalised to ISO 8601 UTC (`toISOString()`): RFC 3339
 * with `Z`, an offset, fractional seconds or a space for the `T`; or Unix seconds or milliseconds, as a
 * number or a decimal string. What no reading makes a real date is `undefined`.
 */
export const looseTimestamp = z
  .unknown()
  .transform((value): string | undefined => {
    let millis: number;
    if (typeof value === 'number') millis = value < SECONDS_LIMIT ? value * 1000 : value;
    else if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)) {
      const n = Number(value);
      millis = n < SECONDS_LIMIT ? n * 1000 : n;
    } else if (typeof value === 'string') {
      // `Date.parse` reads RFC 3339 and RFC 2822; some engines refuse a space for the `T`, so try both.
      millis = Date.parse(value.trim());
      if (Number.isNaN(millis)) millis = Date.parse(value.trim().replace(' ', 'T'));
    } else return undefined;
    return Number.isFinite(millis) && !Number.isNaN(new Date(millis).getTime())
      ? new Date(millis).toISOString()
      : undefined;
  })
  .optional();

/** A plain JSON object, or `undefined` for anything else (null, arrays, scalars). */
export const looseRecord = z
  .unknown()
  .transform((value): Record<string, unknown> | undefined =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined,
  )
  .optional();
