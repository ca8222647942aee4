/**
 * The pre-flight check of a campaign's contacts: each row becomes a callable {@link CampaignContact}
 * or a problem with its row number and reason, before anything is stored or dialled.
 */
import { EmergencyNumberError, InvalidPhoneNumberError } from '../../agentphone/errors';
import { assertDialable, timeZonesForNumber, toE164 } from '../../agentphone/phone';
import type { CampaignContact } from '../../workflows/campaign/types';
import type { ContactFileRow } from './contacts';
import { CONTROL_CHARACTER } from '../commands/text-flags';

export type ContactProblemReason =
  | 'unparseable'
  | 'not_dialable'
  | 'duplicate'
  | 'suppressed'
  | 'missing_variable'
  | 'bad_timezone'
  | 'bad_value';

/** The longest value a column may hold: it is read into a prompt or a text, not stored as a document. */
export const MAX_CONTACT_VALUE_CHARS = 2_000;

/** Why a value cannot go into a call's prompt or a text, or undefined when it can. */
function badValue(column: string, value: string): string | undefined {
  if (CONTROL_CHARACTER.test(value)) return `column "${column}" holds a control character`;
  if (value.length > MAX_CONTACT_VALUE_CHARS)
    return `column "${column}" is ${value.length} characters long (at most ${MAX_CONTACT_VALUE_CHARS})`;
  return undefined;
}

export interface ContactProblem {
  row: number;
  reason: ContactProblemReason;
  detail: string;
}

export interface ContactCheckOptions {
  /** Variables the prompt and greeting use: every callable row must have them. */
  requiredVariables: string[];
  phoneColumn?: string;
  /**
   * The opt-out list's check (issue 9 brings it); a suppressed number is reported, never called. It gets
   * the E.164 number.
   */
  isSuppressed?: (e164: string) => boolean | Promise<boolean>;
  /** Each callable contact, in file order (the CLI stores them in pages). */
  onContact?: (contact: CampaignContact) => void | Promise<void>;
  /** How many callable contacts to keep for the dry-run preview. */
  previewCount?: number;
}

export interface ContactCheckReport {
  rows: number;
  callable: number;
  problems: ContactProblem[];
  /** Problems by reason. */
  problemCounts: Partial<Record<ContactProblemReason, number>>;
  preview: CampaignContact[];
}

/**
 * Zones already found good. A file names a few zones over and over, and Intl takes ≈ 0.1 ms to check
 * one: 20 s of a 100k-row start (two passes). Bounded, though IANA has only some 600 names.
 */
const KNOWN_TIME_ZONES = new Set<string>();
const KNOWN_TIME_ZONES_MAX = 1_000;

/** A time zone Intl knows (so the window maths can use it). */
export function isTimeZone(zone: string): boolean {
  if (KNOWN_TIME_ZONES.has(zone)) return true;
  if (zone.length === 0) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    return false;
  }
  if (KNOWN_TIME_ZONES.size < KNOWN_TIME_ZONES_MAX) KNOWN_TIME_ZONES.add(zone);
  return true;
}

/** Checks every row; the numbers seen so far are kept to find duplicates (E.164 strings, ~40 B each). */
export async function checkContacts(
  rows: AsyncIterable<ContactFileRow>,
  options: ContactCheckOptions,
): Promise<ContactCheckReport> {
  const phoneColumn = options.phoneColumn ?? 'phone';
  const seen = new Map<string, number>();
  const report: ContactCheckReport = { rows: 0, callable: 0, problems: [], problemCounts: {}, preview: [] };
  const refuse = (row: number, reason: ContactProblemReason, detail: string) => {
    report.problems.push({ row, reason, detail });
    report.problemCounts[reason] = (report.problemCounts[reason] ?? 0) + 1;
  };
  for await (const { row, fields } of rows) {
    report.rows += 1;
    const raw = fields[phoneColumn];
    if (!raw) {
      refuse(row, 'unparseable', `no "${phoneColumn}" value`);
      continue;
    }
    let phone: string;
    try {
      phone = assertDialable(toE164(raw));
    } catch (err) {
      if (err instanceof EmergencyNumberError) refuse(row, 'not_dialable', err.message);
      else if (err instanceof InvalidPhoneNumberError)
        refuse(row, err.reason === 'unparseable' ? 'unparseable' : 'not_dialable', err.message);
      else throw err;
      continue;
    }
    const first = seen.get(phone);
    if (first !== undefined) {
      refuse(row, 'duplicate', `the same number as row ${first}`);
      continue;
    }
    seen.set(phone, row);
    const { [phoneColumn]: _phone, timezone, ...variables } = fields;
    const bad = Object.entries(variables)
      .map(([column, value]) => badValue(column, value))
      .find((why) => why !== undefined);
    if (bad) {
      refuse(row, 'bad_value', bad);
      continue;
    }
    const missing = options.requiredVariables.filter((name) => !variables[name]);
    if (missing.length > 0) {
      refuse(row, 'missing_variable', `no value for ${missing.map((m) => `{{${m}}}`).join(', ')}`);
      continue;
    }
    if (timezone && !isTimeZone(timezone)) {
      refuse(row, 'bad_timezone', `"${timezone}" is not an IANA time zone (e.g. America/Chicago)`);
      continue;
    }
    const timeZones = timezone ? [timezone] : [...timeZonesForNumber(phone)];
    if (timeZones.length === 0) {
      refuse(row, 'bad_timezone', `no time zone is known for ${phone}'s area code: add a timezone column`);
      continue;
    }
    if (await options.isSuppressed?.(phone)) {
      refuse(row, 'suppressed', 'on the opt-out list');
      continue;
    }
    const contact: CampaignContact = { row, phone, variables, timeZones };
    report.callable += 1;
    if (report.preview.length < (options.previewCount ?? 3)) report.preview.push(contact);
    await options.onContact?.(contact);
  }
  return report;
}
