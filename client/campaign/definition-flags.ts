/** `ringflow campaign start` flags → a checked campaign definition, each problem naming its flag. */
import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import {
  DEFAULT_OUTCOMES,
  DEFAULT_RETRY,
  DEFAULT_WINDOW,
  checkDefinition,
  parseDays,
  parseDuration,
  parseRetry,
  parseWindowHours,
  templateVariables,
} from '../../workflows/campaign/input';
import type { CampaignDefinition } from '../../workflows/campaign/types';
import { UsageError } from '../commands/shared';

/** The definition flags of `campaign start`, as commander names them (`--prompt-file` → `promptFile`). */
export interface CampaignStartFlags {
  promptFile?: string | undefined;
  greeting?: string | undefined;
  agentId?: string | undefined;
  concurrency?: string | undefined;
  window?: string | undefined;
  days?: string | undefined;
  retry?: string | undefined;
  deadline?: string | undefined;
  outcomes?: string | undefined;
  id?: string | undefined;
  budgetMinutes?: string | undefined;
  budgetUsd?: string | undefined;
  pricePerMinute?: string | undefined;
  maxCallMinutes?: string | undefined;
  voicemail?: string | undefined;
  followUp?: string | undefined;
}

/**
 * `--follow-up confirmed=sms-confirmed.txt,no-answer=missed.txt` → `{confirmed: <text>, no_answer: <text>}`,
 * each text read from its file; the keys are checked against the outcome schema with the definition.
 */
export async function readFollowUps(spec: string): Promise<Record<string, string>> {
  const texts: Record<string, string> = {};
  for (const part of spec.split(',')) {
    const match = /^\s*([a-z][a-z0-9_-]*)=(.+?)\s*$/.exec(part);
    if (!match)
      throw badFlag(
        'follow-up',
        new Error(`"${part}" is not outcome=file (e.g. confirmed=sms-confirmed.txt,no-answer=missed.txt)`),
      );
    const key = match[1]!.replaceAll('-', '_');
    if (texts[key] !== undefined) throw badFlag('follow-up', new Error(`"${key}" is given twice`));
    texts[key] = await fileFlag('follow-up', () => readFile(match[2]!, 'utf8'));
  }
  return texts;
}

/** `--budget-minutes 500` / `--budget-usd 49.90`: a positive number, else an error naming the flag. */
export function positiveNumberFlag(name: string, spec: string): number {
  const value = Number(spec.trim().replace(/^\$/, ''));
  if (spec.trim() === '' || !Number.isFinite(value) || value <= 0)
    throw badFlag(name, new Error(`"${spec}" is not a positive number`));
  return value;
}

/** The budget flags → the definition's budget fields (absent flags: absent fields). */
export function budgetFromFlags(flags: CampaignStartFlags) {
  const minutes = flags.budgetMinutes;
  const usd = flags.budgetUsd;
  const price = flags.pricePerMinute;
  const maxCall = flags.maxCallMinutes;
  return {
    ...(minutes !== undefined || usd !== undefined
      ? {
          budget: {
            ...(minutes !== undefined ? { minutes: positiveNumberFlag('budget-minutes', minutes) } : {}),
            ...(usd !== undefined ? { usd: positiveNumberFlag('budget-usd', usd) } : {}),
          },
        }
      : {}),
    ...(price !== undefined ? { pricePerMinuteUsd: positiveNumberFlag('price-per-minute', price) } : {}),
    ...(maxCall !== undefined ? { maxCallMinutes: positiveNumberFlag('max-call-minutes', maxCall) } : {}),
  };
}

const DEFAULT_DEADLINE_MS = 14 * 86_400_000;

function flag<T>(name: string, read: () => T): T {
  try {
    return read();
  } catch (err) {
    throw badFlag(name, err);
  }
}

/** {@link flag} for a flag whose reading is asynchronous (a file). */
export async function fileFlag<T>(name: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    throw badFlag(name, err);
  }
}

function badFlag(name: string, err: unknown): UsageError {
  return new UsageError(`--${name}: ${(err as Error).message} (nothing was stored or called).`);
}

/** `2026-12-20T18:00:00Z` (an instant) or `7d` / `36h` (from now). */
export function parseDeadline(spec: string, nowMs: number): number {
  const at = /^\d+[mhd]$/.test(spec) ? nowMs + parseDuration(spec) : Date.parse(spec);
  if (!/^\d+[mhd]$/.test(spec) && (!/^\d{4}-\d{2}-\d{2}T/.test(spec) || Number.isNaN(at)))
    throw new Error(
      `"${spec}" is neither an ISO instant with its zone (2026-12-20T18:00:00Z) nor a duration (7d)`,
    );
  if (at <= nowMs) throw new Error(`${spec} has passed`);
  if (at - nowMs > MAX_DEADLINE_MS)
    throw new Error(
      `${spec} is more than ${MAX_DEADLINE_MS / 86_400_000} days away (a campaign runs a year at most)`,
    );
  return at;
}

/** The furthest a campaign's deadline may be: a year (a recurring schedule makes each run its own). */
export const MAX_DEADLINE_MS = 365 * 86_400_000;

/** Reads the prompt and outcome files and checks every flag; throws a UsageError naming the first bad one. */
export async function definitionFromFlags(
  flags: CampaignStartFlags,
  nowMs: number,
): Promise<{ definition: CampaignDefinition; requiredVariables: string[] }> {
  const promptFile = flags.promptFile;
  if (!promptFile) throw new UsageError('Missing --prompt-file (the call prompt, with {{variables}}).');
  const prompt = await fileFlag('prompt-file', () => readFile(promptFile, 'utf8'));
  const outcomesFile = flags.outcomes;
  const outcomes = outcomesFile
    ? await fileFlag('outcomes', async () => JSON.parse(await readFile(outcomesFile, 'utf8')) as unknown)
    : DEFAULT_OUTCOMES;
  const followUps = flags.followUp ? await readFollowUps(flags.followUp) : undefined;
  const hours = flags.window ? flag('window', () => parseWindowHours(flags.window!)) : DEFAULT_WINDOW;
  const days = flags.days ? flag('days', () => parseDays(flags.days!)) : DEFAULT_WINDOW.days;
  const candidate = {
    campaignId: flags.id ?? `c-${new Date(nowMs).toISOString().slice(0, 10)}-${randomUUID().slice(0, 8)}`,
    prompt,
    ...(flags.greeting !== undefined ? { greeting: flags.greeting } : {}),
    ...(flags.agentId ? { agentId: flags.agentId } : {}),
    concurrency: flags.concurrency === undefined ? 5 : Number(flags.concurrency),
    window: { start: hours.start, end: hours.end, days },
    retry: flags.retry ? flag('retry', () => parseRetry(flags.retry!)) : DEFAULT_RETRY,
    deadlineMs: flags.deadline
      ? flag('deadline', () => parseDeadline(flags.deadline!, nowMs))
      : nowMs + DEFAULT_DEADLINE_MS,
    outcomes,
    ...budgetFromFlags(flags),
    // `hangup` (the default) leaves no message; anything else is the message's template.
    ...(flags.voicemail !== undefined && flags.voicemail.trim().toLowerCase() !== 'hangup'
      ? { voicemailMessage: flags.voicemail }
      : {}),
    ...(followUps ? { followUps } : {}),
  };
  const checked = checkDefinition(candidate);
  if (!checked.ok) {
    const FLAG_OF: Record<string, string> = {
      campaignId: 'id',
      prompt: 'prompt-file',
      outcomes: 'outcomes',
      pricePerMinuteUsd: 'price-per-minute',
      maxCallMinutes: 'max-call-minutes',
      voicemailMessage: 'voicemail',
      followUps: 'follow-up',
    };
    const problems = checked.problems.map((p) => {
      const field = p.split(/[.:]/)[0]!;
      return `--${FLAG_OF[field] ?? field}: ${p}`;
    });
    throw new UsageError(`${problems.join('\n')}\n(nothing was stored or called)`);
  }
  const d = checked.definition;
  const requiredVariables = [
    ...new Set([
      ...templateVariables(d.prompt),
      ...templateVariables(d.greeting),
      ...templateVariables(d.voicemailMessage),
      ...Object.values(d.followUps ?? {}).flatMap((t) => templateVariables(t)),
    ]),
  ];
  return { definition: d, requiredVariables };
}
