/**
 * The opt-out list's rules, pure and workflow-safe (issue 9 §1, design decision 12): which shard holds
 * a number, what an entry records, and whether an entry stops a call or a text under the configured
 * scope. The list itself is a set of shard workflows (workflows/opt-out/); the activities, the CLI and
 * the SMS inbox reach them through client/opt-out-list.ts.
 */

/**
 * How many shard workflows hold the list. Fixed for a deployment: a number's shard comes from its keyed
 * hash, so changing it would strand every entry in its old shard. 1024 keeps a shard at ~1k entries at
 * 1M numbers (~0.2 MB carried across continue-as-new, well under Temporal's 2 MB payload limit and its
 * 512 KB warning) while an import of 100k numbers is still only ~1k batched updates.
 */
export const OPT_OUT_SHARD_COUNT = 1024;

/** How a number got on the list. `cli`: an operator's `ringflow suppress add`; `import`: a DNC file. */
export const OptOutChannel = {
  sms: 'sms',
  voice: 'voice',
  cli: 'cli',
  import: 'import',
} as const;
export type OptOutChannel = (typeof OptOutChannel)[keyof typeof OptOutChannel];
export const OPT_OUT_CHANNELS = Object.values(OptOutChannel);

/**
 * Which contacts an opt-out stops. `all` (the default): any opt-out stops both calls and texts, as
 * TCPA/CTIA treat a revoked consent as covering the contact. `per-channel`: an SMS STOP stops texts, a
 * spoken one stops calls; operator entries (CLI, import) stop both.
 */
export const OPT_OUT_SCOPES = ['all', 'per-channel'] as const;
export type OptOutScope = (typeof OPT_OUT_SCOPES)[number];

/** What ringflow is about to do to a contact. */
export type ContactKind = 'call' | 'sms';

/** The longest reason and source kept (entries are carried whole across continue-as-new). */
export const OPT_OUT_REASON_MAX_CHARS = 200;
export const OPT_OUT_SOURCE_MAX_CHARS = 120;

/** One opt-out of one number by one channel. */
export interface OptOutMark {
  /** Why, in a few words: "texted STOP", "said: stop calling me", an operator's note. */
  reason: string;
  /** Where it came from: the message id, the call id, the operator, the imported file. */
  source: string;
  /** When it was recorded (ISO 8601). */
  at: string;
}

/**
 * A number's entry: the number itself (export must produce it; encrypted at rest with the payload
 * codec) and its opt-outs, at most one per channel (the first one is kept: it is when consent ended).
 */
export interface OptOutEntry {
  number: string;
  marks: Partial<Record<OptOutChannel, OptOutMark>>;
}

/** One write to the list: add `number` (its key computed by the writer) with a mark for `channel`. */
export interface OptOutWrite {
  numberKey: string;
  number: string;
  channel: OptOutChannel;
  mark: OptOutMark;
}

/** The opt-out that stops a contact, as callers report it. */
export interface Suppression {
  number: string;
  channel: OptOutChannel;
  reason: string;
  source: string;
  at: string;
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * The shard of a number, from its keyed hash (`n` + base32): the first two base32 characters give 10
 * uniformly distributed bits.
 *
 * @example optOutShardOf('nq4…') // 0…1023
 */
export function optOutShardOf(numberKey: string): number {
  const high = BASE32.indexOf(numberKey.charAt(1));
  const low = BASE32.indexOf(numberKey.charAt(2));
  if (!numberKey.startsWith('n') || high < 0 || low < 0)
    throw new Error(`not a number key: ${numberKey.slice(0, 3)}…`);
  return ((high << 5) | low) % OPT_OUT_SHARD_COUNT;
}

/** Which marks stop `contact` under `scope`: per channel, a text is stopped by SMS, CLI and import marks. */
function stops(channel: OptOutChannel, contact: ContactKind, scope: OptOutScope): boolean {
  if (scope === 'all' || channel === 'cli' || channel === 'import') return true;
  return contact === 'sms' ? channel === 'sms' : channel === 'voice';
}

/**
 * The opt-out that stops `contact` with this entry, or undefined when none does (or there is no entry).
 * The earliest applicable mark is reported: it is when consent ended.
 */
export function suppressionOf(
  entry: OptOutEntry | null | undefined,
  contact: ContactKind,
  scope: OptOutScope,
): Suppression | undefined {
  if (!entry) return undefined;
  let found: Suppression | undefined;
  for (const channel of OPT_OUT_CHANNELS) {
    const mark = entry.marks[channel];
    if (!mark || !stops(channel, contact, scope)) continue;
    if (!found || mark.at < found.at) found = { number: entry.number, channel, ...mark };
  }
  return found;
}

/** "+1… is on the opt-out list (texted STOP, by sms, since 2026-12-01T09:00:00.000Z)". */
export function describeSuppression(s: Suppression): string {
  return `${s.number} is on the opt-out list (${s.reason}, by ${s.channel}, since ${s.at})`;
}
