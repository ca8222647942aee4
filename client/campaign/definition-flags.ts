/** `ringflow campaign start` flags → a checked campaign definition, each problem naming its flag. */
import { readFile } from 'node:fs/promises';
import { UsageError } from '../commands/shared';
import {
  campaignDefinition,
  newCampaignId,
  type CheckedCampaignDefinition,
} from '../operations/campaign-definition';
import { RequestFieldError, type FieldProblem } from '../operations/field-problem';

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

/** A flag whose reading is asynchronous (a file): its failure a UsageError naming the flag. */
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

/** The flag each campaign setting comes from, where its name is not the flag's. */
const FLAG_OF: Record<string, string> = {
  campaignId: 'id',
  prompt: 'prompt-file',
  agentId: 'agent-id',
  pricePerMinuteUsd: 'price-per-minute',
  maxCallMinutes: 'max-call-minutes',
  voicemailMessage: 'voicemail',
  followUps: 'follow-up',
};

/** The operation's field problems as `--flag: …` lines, ending with what did not happen. */
export function flagProblemsError(problems: readonly FieldProblem[]): UsageError {
  const lines = problems.map((p) => `--${FLAG_OF[p.field] ?? p.field}: ${p.message}`);
  return new UsageError(
    lines.length === 1
      ? `${lines[0]} (nothing was stored or called).`
      : `${lines.join('\n')}\n(nothing was stored or called)`,
  );
}

/**
 * Reads the prompt, outcome and follow-up files, then checks every flag through the one campaign
 * definition both surfaces share (client/operations/campaign-definition.ts): a UsageError naming the
 * first flag that cannot be read, or every flag the definition refuses.
 */
export async function definitionFromFlags(
  flags: CampaignStartFlags,
  nowMs: number,
): Promise<CheckedCampaignDefinition> {
  const promptFile = flags.promptFile;
  if (!promptFile) throw new UsageError('Missing --prompt-file (the call prompt, with {{variables}}).');
  const prompt = await fileFlag('prompt-file', () => readFile(promptFile, 'utf8'));
  const outcomesFile = flags.outcomes;
  const outcomes = outcomesFile
    ? await fileFlag('outcomes', async () => JSON.parse(await readFile(outcomesFile, 'utf8')) as unknown)
    : undefined;
  const followUps = flags.followUp ? await readFollowUps(flags.followUp) : undefined;
  try {
    return campaignDefinition(
      {
        campaignId: flags.id ?? newCampaignId(nowMs),
        prompt,
        greeting: flags.greeting,
        agentId: flags.agentId,
        // Not a number ("five") is refused by the definition's check, naming --concurrency.
        concurrency: flags.concurrency === undefined ? undefined : Number(flags.concurrency),
        window: flags.window,
        days: flags.days,
        retry: flags.retry,
        deadline: flags.deadline,
        outcomes,
        ...budgetFromFlags(flags),
        // `hangup` (the default) leaves no message; anything else is the message's template.
        voicemailMessage:
          flags.voicemail !== undefined && flags.voicemail.trim().toLowerCase() !== 'hangup'
            ? flags.voicemail
            : undefined,
        followUps,
      },
      nowMs,
    );
  } catch (err) {
    if (err instanceof RequestFieldError) throw flagProblemsError(err.problems);
    throw err;
  }
}
