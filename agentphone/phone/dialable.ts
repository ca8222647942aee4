import { AREA_CODES } from './area-codes';
import { E164_PATTERN } from './e164-pattern';
import { EmergencyNumberError, InvalidPhoneNumberError } from './errors';
import { isN11, restrictedShortCodeReason } from './emergency';

/** Toll-free area codes: reachable from anywhere in the NANP, so callable although not geographic. */
const TOLL_FREE_AREA_CODES = new Set(['800', '833', '844', '855', '866', '877', '888']);

/**
 * Refuses, before any I/O, every number ringflow must not call or text, and returns the number
 * unchanged otherwise:
 * - {@link EmergencyNumberError}: 911, 112, 999, every N11 code (211, 311, 411, 511, 611, 711, 811,
 *   911), the 988 crisis line — in any formatting — and numbers whose area code is itself an N11 code
 *   (some handsets dial `911…` the moment the third digit is pressed);
 * - {@link InvalidPhoneNumberError}: anything not E.164, not a structurally valid NANP number, or outside
 *   the US and Canada (AgentPhone serves only those; Caribbean NANP codes and premium 900 are refused),
 *   except toll-free 8XX codes.
 *
 * @example
 * assertDialable('+14155551234'); // '+14155551234'
 * assertDialable('+16045551234'); // Canadian: fine
 * assertDialable('+1911');        // throws EmergencyNumberError
 * assertDialable('+18765551234'); // Jamaica: throws InvalidPhoneNumberError
 */
export function assertDialable(e164: string): string {
  const restricted = restrictedShortCodeReason(e164);
  if (restricted) throw new EmergencyNumberError(e164, restricted);
  if (!E164_PATTERN.test(e164)) {
    throw new InvalidPhoneNumberError(
      e164,
      'not_e164',
      `Not an E.164 number (call toE164 first): ${JSON.stringify(e164)}`,
    );
  }
  if (!/^\+1\d{10}$/.test(e164)) {
    throw new InvalidPhoneNumberError(
      e164,
      'not_nanp',
      `Only US and Canadian (+1) numbers can be reached: ${e164}`,
    );
  }
  const areaCode = e164.slice(2, 5);
  const exchange = e164.slice(5, 8);
  if (isN11(areaCode)) throw new EmergencyNumberError(e164, 'n11_area_code');
  if (!/^[2-9]/.test(areaCode) || !/^[2-9]/.test(exchange) || isN11(exchange)) {
    throw new InvalidPhoneNumberError(e164, 'invalid', `Not a valid North American number: ${e164}`);
  }
  if (!TOLL_FREE_AREA_CODES.has(areaCode) && AREA_CODES[areaCode] === undefined) {
    throw new InvalidPhoneNumberError(
      e164,
      'unsupported_destination',
      `Area code ${areaCode} is not a US or Canadian geographic or toll-free code: ${e164}`,
    );
  }
  return e164;
}

/**
 * {@link assertDialable} as a predicate.
 *
 * @example
 * contacts.filter((c) => isDialable(c.phone));
 */
export function isDialable(e164: string): boolean {
  try {
    assertDialable(e164);
    return true;
  } catch (error) {
    if (error instanceof EmergencyNumberError || error instanceof InvalidPhoneNumberError) return false;
    throw error;
  }
}
