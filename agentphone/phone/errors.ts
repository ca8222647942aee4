/**
 * The errors of the phone guards, raised before any I/O. They live with the guards so that importing
 * agentphone/phone (as workflows do) needs nothing of the client but the dependency-free error root;
 * agentphone/errors.ts re-exports them, so the public API is unchanged.
 */
import { AgentPhoneError } from '../error-root';

/** Why a phone number was refused before any I/O. */
export type InvalidPhoneNumberReason =
  'unparseable' | 'not_e164' | 'invalid' | 'has_extension' | 'not_nanp' | 'unsupported_destination';

/**
 * The input is not a usable phone number (or not one AgentPhone can reach: US/CA only). Raised before
 * any I/O.
 *
 * @example
 * try { toE164('555-12'); } catch (e) { if (e instanceof InvalidPhoneNumberError) console.log(e.reason); }
 */
export class InvalidPhoneNumberError extends AgentPhoneError {
  override readonly name = 'InvalidPhoneNumberError';
  readonly input: string;
  readonly reason: InvalidPhoneNumberReason;

  constructor(input: string, reason: InvalidPhoneNumberReason, message: string) {
    super(message);
    this.input = input;
    this.reason = reason;
  }
}

/** Why a number counts as an emergency or restricted service. */
export type EmergencyNumberReason = 'emergency' | 'n11' | 'crisis_line' | 'n11_area_code';

/**
 * Emergency services (911, 112, 999), any N11 service code (211–911), the 988 crisis line, or a number
 * whose area code is an N11 code. Never dialled or texted; raised before any I/O.
 */
export class EmergencyNumberError extends AgentPhoneError {
  override readonly name = 'EmergencyNumberError';
  readonly input: string;
  readonly reason: EmergencyNumberReason;

  constructor(input: string, reason: EmergencyNumberReason) {
    super(`Refusing to contact ${input}: ${reason.replaceAll('_', ' ')} numbers are never dialled`);
    this.input = input;
    this.reason = reason;
  }
}
