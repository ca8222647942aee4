export { AREA_CODES, type AreaCodeEntry } from './area-codes';
export { assertDialable, isDialable } from './dialable';
export { toE164 } from './e164';
export { timeZoneForNumber, timeZonesForNumber } from './time-zone';
export {
  InvalidPhoneNumberError,
  EmergencyNumberError,
  type InvalidPhoneNumberReason,
  type EmergencyNumberReason,
} from './errors';
