import type { EmergencyNumberReason } from './errors';

/** Emergency numbers of the US/CA (911) and the two most often dialled by mistake from abroad. */
const EMERGENCY_CODES = new Set(['911', '112', '999']);

/** The 988 Suicide & Crisis Lifeline. */
const CRISIS_CODES = new Set(['988']);

/**
 * Whether `input` is a short service code that must never be dialled, and why. Accepts the bare code
 * and the forms a caller may build from it (`+1911`, `1-911`, `(911)`), so no formatting slips past.
 */
export function restrictedShortCodeReason(input: string): EmergencyNumberReason | undefined {
  const match = /^\+?1?(\d{3})$/.exec(input.replace(/[\s().-]/g, ''));
  const code = match?.[1];
  if (code === undefined) return undefined;
  if (EMERGENCY_CODES.has(code)) return 'emergency';
  if (CRISIS_CODES.has(code)) return 'crisis_line';
  if (isN11(code)) return 'n11';
  return undefined;
}

/** N11 service codes: 211 community services … 811 dig-safe, 911 emergency. */
export function isN11(code: string): boolean {
  return /^[2-9]11$/.test(code);
}
