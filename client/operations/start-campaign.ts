/**
 * Launching a campaign, one way for every caller: {@link launchCampaign} takes a checked definition and
 * a way to read its contacts, checks every row (first without, then against the opt-out list) before
 * anything is stored, and then — unless it is a dry run — stores the pages and starts the campaign or
 * creates its Temporal Schedule. `ringflow campaign start` builds the definition from flags and files;
 * the MCP tool `start_campaign` from a request held in memory ({@link startCampaign}); both render the
 * same outcomes.
 */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { campaignWorkflow } from '../../workflows';
import type { CampaignDefinition, CampaignStatus } from '../../workflows/campaign/types';
import { getCampaignStatusQuery, workflowIds } from '../../workflows/messages';
import { suppressionOf } from '../../common/opt-out';
import { checkContacts, type ContactCheckOptions, type ContactCheckReport } from '../campaign/contact-check';
import { ContactFileError, readContactFile, type ContactFileRow } from '../campaign/contacts';
import {
  campaignScheduleExists,
  createCampaignSchedule,
  type ScheduledRunExtras,
} from '../campaign/schedule';
import type { CampaignSchedulePlan } from '../campaign/schedule-flags';
import { ContactPageWriter, PAGE_KEEP_AFTER_DEADLINE_MS } from '../campaign/store';
import { allOptOuts } from '../opt-out-list';
import type { CommandClient } from '../commands/shared';
import { startOnce } from './start-once';
import { campaignDefinition, type CampaignSettings } from './campaign-definition';
import { RequestFieldError } from './field-problem';

/** A campaign to start, as an API caller gives it: its settings and its contacts. */
export interface CampaignStartRequest extends CampaignSettings {
  phoneColumn?: string | undefined;
  contacts: { inline: readonly Record<string, unknown>[] } | { file: string };
}

/** Inline contacts as rows, each value a string (numbers and booleans as written, nested values refused). */
async function* inlineRows(contacts: readonly Record<string, unknown>[]): AsyncGenerator<ContactFileRow> {
  for (const [i, contact] of contacts.entries()) {
    const fields: Record<string, string> = {};
    for (const [key, value] of Object.entries(contact)) {
      if (value === null || value === undefined) continue;
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
        throw new RequestFieldError([
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

/** A campaign ready to launch: its checked definition, its contacts, and a schedule or none. */
export interface CampaignLaunch {
  definition: CampaignDefinition;
  /** The `{{variables}}` every contact must have a value for. */
  requiredVariables: readonly string[];
  /** Reads the contacts from the start; called once per pass (check, then store). */
  rows: () => AsyncIterable<ContactFileRow>;
  phoneColumn: string;
  /** `--at` / `--cron` / `--every`: a Temporal Schedule starts each run (its own id and deadline). */
  schedule?: CampaignSchedulePlan | undefined;
  /** Tests shorten each fired run's checks. */
  scheduledRunExtras?: ScheduledRunExtras | undefined;
}

/** How {@link launchCampaign} reaches Temporal; called at most once, after the first check passed. */
export type CampaignLaunchConnector = () => Promise<CommandClient>;

export type CampaignLaunchOutcome =
  /**
   * Checked, nothing stored or called. `optOutListUnread` says why the list was not read (a dry run
   * goes on without a reachable Temporal; a real start does not).
   */
  | {
      kind: 'dry_run';
      definition: CampaignDefinition;
      report: ContactCheckReport;
      schedule?: CampaignSchedulePlan | undefined;
      optOutListUnread?: string | undefined;
    }
  /** No contact could be called: nothing was stored or started. */
  | {
      kind: 'refused';
      definition: CampaignDefinition;
      report: ContactCheckReport;
      schedule?: CampaignSchedulePlan | undefined;
      optOutListUnread?: string | undefined;
    }
  | {
      kind: 'started';
      definition: CampaignDefinition;
      report: ContactCheckReport;
      workflowId: string;
      pageCount: number;
    }
  | {
      kind: 'scheduled';
      definition: CampaignDefinition;
      report: ContactCheckReport;
      schedule: CampaignSchedulePlan;
      scheduleId: string;
      pageCount: number;
    }
  /** The id was taken (a retried request): the first campaign's status; nothing new was stored. */
  | { kind: 'already_started'; workflowId: string; status: CampaignStatus }
  /** A schedule of this name exists: nothing was stored. */
  | { kind: 'schedule_exists'; scheduleName: string };

/**
 * Checks every contact, then (unless `dryRun`) stores the pages and starts `campaign:<id>` or creates
 * the schedule. A file with no callable row is refused before Temporal is reached. The campaign id is
 * the dedupe key: a second start of the same id returns the first campaign's status.
 */
export async function launchCampaign(
  launch: CampaignLaunch,
  connect: CampaignLaunchConnector,
  options: { dryRun: boolean },
): Promise<CampaignLaunchOutcome> {
  const { definition, schedule, phoneColumn } = launch;
  const requiredVariables = [...launch.requiredVariables];
  const checkRows = (more: Omit<ContactCheckOptions, 'requiredVariables' | 'phoneColumn'> = {}) =>
    checkContacts(launch.rows(), { requiredVariables, phoneColumn, ...more });
  // A file with no callable row at all is refused before anything is reached (Temporal included).
  const beforeList = await checkRows();
  if (beforeList.callable === 0)
    return { kind: options.dryRun ? 'dry_run' : 'refused', definition, report: beforeList, schedule };
  let command: CommandClient | undefined;
  let optOutListUnread: string | undefined;
  try {
    command = await connect();
  } catch (err) {
    // A dry run still checks everything else, and says the list was not read.
    if (!options.dryRun) throw err;
    optOutListUnread = (err as Error).message;
  }
  const workflowId = workflowIds.campaign(definition.campaignId);
  if (command && !options.dryRun && !schedule) {
    const existing = await existingCampaign(command.client, definition.campaignId);
    if (existing) return { kind: 'already_started', workflowId, status: existing };
  }
  // The opt-out list is read once, whole (a set of numbers), so that checking 100k rows costs no query
  // per row; the dial-time check in placeCall still decides for each call.
  const listed = new Set<string>();
  if (command)
    for await (const { entry } of allOptOuts(command.optOuts))
      if (suppressionOf(entry, 'call', command.optOutScope)) listed.add(entry.number);
  const isSuppressed = (e164: string) => listed.has(e164);
  // First pass: the whole check, before anything is stored (a file that fails halfway stores nothing).
  const report = await checkRows({ isSuppressed });
  if (options.dryRun || !command) return { kind: 'dry_run', definition, report, schedule, optOutListUnread };
  if (report.callable === 0) return { kind: 'refused', definition, report, schedule };

  // Second pass: the same rows, stored in pages; then the campaign (or the schedule), which reads them.
  const { client, taskQueue } = command;
  if (schedule && (await campaignScheduleExists(client, schedule.name)))
    return { kind: 'schedule_exists', scheduleName: schedule.name };
  // A schedule's contacts are stored once, under the schedule, for every run it fires.
  const storeId = schedule ? workflowIds.campaignScheduleStore(schedule.name) : definition.campaignId;
  const writer = new ContactPageWriter(
    client,
    taskQueue,
    storeId,
    schedule ? schedule.keepPagesUntilMs : definition.deadlineMs + PAGE_KEEP_AFTER_DEADLINE_MS,
  );
  await checkRows({ isSuppressed, onContact: (c) => writer.add(c) });
  const contacts = await writer.finish();
  if (schedule) {
    const { scheduleId } = await createCampaignSchedule(
      client,
      taskQueue,
      schedule,
      definition,
      { ...contacts, storeId },
      launch.scheduledRunExtras,
    );
    return { kind: 'scheduled', definition, report, schedule, scheduleId, pageCount: contacts.pageCount };
  }
  const { alreadyStarted, handle } = await startOnce(client, campaignWorkflow, {
    taskQueue,
    workflowId,
    args: [{ definition, contacts }],
  });
  if (alreadyStarted)
    return { kind: 'already_started', workflowId, status: await handle.query(getCampaignStatusQuery) };
  return { kind: 'started', definition, report, workflowId, pageCount: contacts.pageCount };
}

/** What the MCP tool gets back (no schedules there). */
export type CampaignStartOutcome = Extract<
  CampaignLaunchOutcome,
  { kind: 'dry_run' | 'refused' | 'started' | 'already_started' }
>;

/**
 * {@link launchCampaign} for a request held in memory (the MCP tool): the definition from the
 * request's fields, the contacts inline or from a file; each problem a RequestFieldError by field,
 * found before `connect` is called.
 */
export async function startCampaign(
  connect: CampaignLaunchConnector,
  request: CampaignStartRequest,
  options: { dryRun: boolean; nowMs?: number },
): Promise<CampaignStartOutcome> {
  // Every field is checked before Temporal is reached: a bad request costs no connection.
  const { definition, requiredVariables } = campaignDefinition(request, options.nowMs ?? Date.now());
  if ('file' in request.contacts) {
    const file = request.contacts.file;
    await access(file, constants.R_OK).catch((err: Error) => {
      throw new RequestFieldError([{ field: 'file', message: `cannot read it (${err.message})` }]);
    });
  }
  // Unlike the CLI's, this dry run needs Temporal: its report always includes the opt-out list.
  const command = await connect();
  let outcome: CampaignLaunchOutcome;
  try {
    outcome = await launchCampaign(
      { definition, requiredVariables, rows: rowsOf(request), phoneColumn: request.phoneColumn ?? 'phone' },
      () => Promise.resolve(command),
      { dryRun: options.dryRun },
    );
  } catch (err) {
    if (err instanceof ContactFileError)
      throw new RequestFieldError([{ field: 'file', message: err.message }]);
    throw err;
  }
  if (outcome.kind === 'scheduled' || outcome.kind === 'schedule_exists')
    throw new Error('a campaign without a schedule cannot be scheduled');
  return outcome;
}
