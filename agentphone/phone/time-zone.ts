import { AREA_CODES } from './area-codes';

/**
 * The IANA time zone a US/CA number most likely rings in, from its area code, or `undefined` for
 * non-NANP, toll-free and unknown codes. For area codes that span zones this is the zone most of the
 * code's population lives in; see {@link timeZonesForNumber} for all of them.
 *
 * @example
 * timeZoneForNumber('+16025551234'); // 'America/Phoenix' (Arizona keeps no DST)
 * timeZoneForNumber('+18505551234'); // 'America/Chicago' (Florida panhandle)
 */
export function timeZoneForNumber(e164: string): string | undefined {
  return timeZonesForNumber(e164)[0];
}

/**
 * Every IANA zone a number's area code spans, most populous first (empty when unknown). A calling
 * window that must hold for the recipient wherever they are can intersect these.
 *
 * @example
 * timeZonesForNumber('+14235551234'); // ['America/New_York', 'America/Chicago']
 */
export function timeZonesForNumber(e164: string): readonly string[] {
  const match = /^\+1(\d{3})\d{7}$/.exec(e164);
  const entry = match?.[1] === undefined ? undefined : AREA_CODES[match[1]];
  return entry ? entry.slice(1) : [];
}
