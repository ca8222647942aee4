/**
 * Starting a campaign from a request held in memory (contacts inline, or a contact file's path) rather
 * than from flags: the same steps as `ringflow campaign start` — the definition checked, every contact
 * checked against the opt-out list before anything is stored, then the pages stored and the campaign
 * started — composed from client/campaign/*. A dry run stops after the check.
 *
 * At merge: client/commands/campaign.ts's start() does the same from flags; the two can share
 * {@link checkedCampaign} once its definition building reads a prompt given as text.
 */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { campaignWorkflow } from '../../workflows';
import {
  DEFAULT_OUTCOMES,
  DEFAULT_RETRY,
  DEFAULT_WINDOW,
  checkDefinition,
  parseDays,
  parseRetry,
  parseWindowHours,
  templateVariables,
} from '../../workflows/campaign/input';
import type { CampaignDefinition, CampaignStatus } from '../../workflows/campaign/types';
import { getCampaignStatusQuery, workflowIds } from '../../workflows/messages';
import { suppressionOf } from '../../common/opt-out';
import { checkContacts, type ContactCheckReport } from '../campaign/contact-check';
import { ContactFileError, readContactFile, type ContactFileRow } from '../campaign/contacts';
import { parseDeadline } from '../campaign/definition-flags';
import { ContactPageWriter, PAGE_KEEP_AFTER_DEADLINE_MS } from '../campaign/store';
import { allOptOuts } from '../opt-out-list';
import type { CommandClient } from '../commands/shared';
import { startOnce } from './start-once';

/** A campaign to start, as an API caller gives it. */
export interface CampaignStartRequest {
  campaignId: string;
  prompt: string;
  greeting?: string | undefined;
  agentId?: string | undefined;
  concurrency?: number | undefined;
  /** `09:00-20:00` */
  window?: string | undefined;
  /** `mon-fri` */
  days?: string | undefined;
  /** `no-answer=3/2h,busy=2/30m,voicemail=1/1d` */
  retry?: string | undefined;
  /** `7d` or an ISO instant */
  deadline?: string | undefined;
  /** The outcome schema (question and answers); the default asks for confirmed/declined/… */
  outcomes?: unknown;
  phoneColumn?: string | undefined;
  contacts: { inline: readonly Record<string, unknown>[] } | { file: string };
}

/** One bad part of the request, by its field (`window`, `contacts[3].phone`, `file`). */
export interface CampaignRequestProblem {
  field: string;
  message: string;
}

export class CampaignRequestError extends Error {
  override readonly name = 'CampaignRequestError';
  constructor(readonly problems: CampaignRequestProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.message}`).join('; '));
  }
}

const DEFAULT_DEADLINE_MS = 14 * 86_400_000;

function part<T>(field: string, read: () => T): T {
  try {
    return read();
  } catch (err) {
    throw new CampaignRequestError([{ field, message: (err as Error).message }]);
  }
}

/** The checked definition and the variables each contact must have; a CampaignRequestError otherwise. */
export function campaignDefinition(
  request: CampaignStartRequest,
  nowMs: number,
): { definition: CampaignDefinition; requiredVariables: string[] } {
  const hours = request.window ? part('window', () => parseWindowHours(request.window!)) : DEFAULT_WINDOW;
  const days = request.days ? part('days', () => parseDays(request.days!)) : DEFAULT_WINDOW.days;
  const checked = checkDefinition({
    campaignId: request.campaignId,
    prompt: request.prompt,
    ...(request.greeting !== undefined ? { greeting: request.greeting } : {}),
    ...(request.agentId ? { agentId: request.agentId } : {}),
    concurrency: request.concurrency ?? 5,
    window: { start: hours.start, end: hours.end, days },
    retry: request.retry ? part('retry', () => parseRetry(request.retry!)) : DEFAULT_RETRY,
    deadlineMs: request.deadline
      ? part('deadline', () => parseDeadline(request.deadline!, nowMs))
      : nowMs + DEFAULT_DEADLINE_MS,
    outcomes: request.outcomes ?? DEFAULT_OUTCOMES,
  });
  if (!checked.ok)
    throw new CampaignRequestError(
      checked.problems.map((p) => {
        const [path = '', ...rest] = p.split(': ');
        const field = path.split('.')[0] ?? path;
        return { field: field === 'deadlineMs' ? 'deadline' : field, message: rest.join(': ') || p };
      }),
    );
  const d = checked.definition;
  return {
    definition: d,
    requiredVariables: [...new Set([...templateVariables(d.prompt), ...templateVariables(d.greeting)])],
  };
}

/** Inline contacts as rows, each value a string (numbers and booleans as written, nested values refused). */
async function* inlineRows(contacts: readonly Record<string, unknown>[]): AsyncGenerator<ContactFileRow> {
  for (const [i, contact] of contacts.entries()) {
    const fields: Record<string, string> = {};
    for (const [key, value] of Object.entries(contact)) {
      if (value === null || value === undefined) continue;
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
        throw new CampaignRequestError([
          { field: `contacts[${i}].${key}`, message: 'give a string or a number, not an object or a list' },
        ]);
      fields[key] = String(value).trim();
    }
    yield { row: i + 1, line: 0, fields };
  }
}

function rowsOf(request: CampaignStartRequest): () => AsyncIterable<ContactFileRow> {
  const contacts = request.contacts;
  if ('inline' in contacts) return () => inlineRows(contacts.inline);
  return () => readContactFile(contacts.file);
}

/** checkContacts, with an unreadable file reported as a problem of `file`. */
async function check(
  request: CampaignStartRequest,
  options: Parameters<typeof checkContacts>[1],
): Promise<ContactCheckReport> {
  try {
    return await checkContacts(rowsOf(request)(), options);
  } catch (err) {
    if (err instanceof ContactFileError)
      throw new CampaignRequestError([{ field: 'file', message: err.message }]);
    throw err;
  }
}

/** The campaign's status when one with this id already runs or ran; undefined when the id is free. */
export async function existingCampaign(
  client: Client,
  campaignId: string,
): Promise<CampaignStatus | undefined> {
  try {
    return await client.workflow.getHandle(workflowIds.campaign(campaignId)).query(getCampaignStatusQuery);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}

export type CampaignStartOutcome =
  | { kind: 'dry_run'; definition: CampaignDefinition; report: ContactCheckReport }
  /** No contact could be called: nothing was stored or started. */
  | { kind: 'refused'; definition: CampaignDefinition; report: ContactCheckReport }
  | { kind: 'started'; definition: CampaignDefinition; report: ContactCheckReport; workflowId: string }
  /** The id was taken (a retried request): the first campaign's status; nothing new was stored. */
  | { kind: 'already_started'; workflowId: string; status: CampaignStatus };

/**
 * Checks everything, then (unless `dryRun`) stores the contacts and starts `campaign:<id>`. The
 * campaign id is the dedupe key: a second start of the same id returns the first campaign.
 */
export async function startCampaign(
  command: CommandClient,
  request: CampaignStartRequest,
  options: { dryRun: boolean; nowMs?: number },
): Promise<CampaignStartOutcome> {
  const { definition, requiredVariables } = campaignDefinition(request, options.nowMs ?? Date.now());
  if ('file' in request.contacts) {
    const file = request.contacts.file;
    await access(file, constants.R_OK).catch((err: Error) => {
      throw new CampaignRequestError([{ field: 'file', message: `cannot read it (${err.message})` }]);
    });
  }
  const { client, taskQueue } = command;
  const workflowId = workflowIds.campaign(definition.campaignId);
  if (!options.dryRun) {
    const existing = await existingCampaign(client, definition.campaignId);
    if (existing) return { kind: 'already_started', workflowId, status: existing };
  }
  const phoneColumn = request.phoneColumn ?? 'phone';
  // The opt-out list is read once, whole, as `ringflow campaign start` does; placeCall checks again.
  const listed = new Set<string>();
  for await (const { entry } of allOptOuts(command.optOuts))
    if (suppressionOf(entry, 'call', command.optOutScope)) listed.add(entry.number);
  const isSuppressed = (e164: string) => listed.has(e164);
  const report = await check(request, { requiredVariables, phoneColumn, isSuppressed });
  if (options.dryRun) return { kind: 'dry_run', definition, report };
  if (report.callable === 0) return { kind: 'refused', definition, report };
  const writer = new ContactPageWriter(
    client,
    taskQueue,
    definition.campaignId,
    definition.deadlineMs + PAGE_KEEP_AFTER_DEADLINE_MS,
  );
  await check(request, { requiredVariables, phoneColumn, isSuppressed, onContact: (c) => writer.add(c) });
  const contacts = await writer.finish();
  const { alreadyStarted, handle } = await startOnce(client, campaignWorkflow, {
    taskQueue,
    workflowId,
    args: [{ definition, contacts }],
  });
  if (alreadyStarted)
    return { kind: 'already_started', workflowId, status: await handle.query(getCampaignStatusQuery) };
  return { kind: 'started', definition, report, workflowId };
}
