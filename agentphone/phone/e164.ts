import { ParseError, parsePhoneNumberWithError, type CountryCode } from 'libphonenumber-js';

import { EmergencyNumberError, InvalidPhoneNumberError } from './errors';
import { isN11, restrictedShortCodeReason } from './emergency';

/**
 * Normalises a human-written phone number to E.164. Numbers without a `+` country code are read in
 * `defaultCountry` (US and CA share `+1`). Raises before any I/O:
 * {@link EmergencyNumberError} for 911/112/999, N11 codes and 988 in any formatting, and
 * {@link InvalidPhoneNumberError} for anything that is not a valid number or that carries an extension
 * (an extension cannot be dialled through the API, and dropping it would reach the wrong person).
 *
 * This does not check that AgentPhone may dial the number; use `assertDialable` for that.
 *
 * @example
 * toE164('(415) 555-1234');   // '+14155551234'
 * toE164('+44 20 7946 0958'); // '+442079460958'
 * toE164('911');              // throws EmergencyNumberError
 */
export function toE164(input: string, defaultCountry: CountryCode = 'US'): string {
  const trimmed = input.trim();
  const restricted = restrictedShortCodeReason(trimmed);
  if (restricted) throw new EmergencyNumberError(trimmed, restricted);

  let phone;
  try {
    phone = parsePhoneNumberWithError(trimmed, { defaultCountry });
  } catch (error) {
    const why = error instanceof ParseError ? error.message.toLowerCase().replaceAll('_', ' ') : 'unreadable';
    throw new InvalidPhoneNumberError(
      input,
      'unparseable',
      `Not a phone number (${why}): ${JSON.stringify(input)}`,
    );
  }
  if (phone.ext) {
    throw new InvalidPhoneNumberError(
      input,
      'has_extension',
      `Extensions cannot be dialled: ${JSON.stringify(input)}`,
    );
  }
  if (phone.countryCallingCode === '1' && isN11(phone.nationalNumber.slice(0, 3))) {
    throw new EmergencyNumberError(trimmed, 'n11_area_code');
  }
  if (!phone.isValid()) {
    throw new InvalidPhoneNumberError(input, 'invalid', `Not a valid phone number: ${JSON.stringify(input)}`);
  }
  return phone.number;
}
