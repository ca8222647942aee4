/**
 * `ringflow campaign start`: flags and files → a checked definition (and schedule plan) → the one
 * launch every caller shares (client/operations/start-campaign.ts) → the report, as text or JSON.
 * Every flag is checked before anything is read from Temporal, stored or called.
 */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { EXIT } from '../exit-codes';
import type { CommandOutput } from '../output';
import { commandClient, UsageError, type CommandClient } from '../commands/shared';
import {
  launchCampaign,
  type CampaignLaunchOutcome,
  type CampaignLaunch,
} from '../operations/start-campaign';
import type { ContactCheckReport } from './contact-check';
import { readContactFile } from './contacts';
import { definitionFromFlags, fileFlag, type CampaignStartFlags } from './definition-flags';
import { checkReportLines, dryRunJson, previewLines, statusLines } from './report';
import type { ScheduledRunExtras } from './schedule';
import {
  schedulePlanFromFlags,
  wantsSchedule,
  type CampaignScheduleFlags,
  type CampaignSchedulePlan,
} from './schedule-flags';
import { schedulePlanJson, schedulePlanLines } from './schedule-report';
import type { CampaignDefinition } from '../../workflows/campaign/types';

/** Every flag of `campaign start`, as commander parses them. */
export interface CampaignStartCommandFlags extends CampaignStartFlags, CampaignScheduleFlags {
  file?: string | undefined;
  phoneColumn?: string | undefined;
  dryRun?: boolean | undefined;
  json?: boolean | undefined;
}

/** Inputs of the campaign command beyond argv: tests lower the `--every` floor and shorten each fired run's checks. */
export interface CampaignCommandOptions {
  minEveryMs?: number;
  scheduledRunExtras?: ScheduledRunExtras;
}

/** Runs `campaign start`; resolves with the exit code (a dry run: 0 when some row can be called, else 2). */
export async function startCampaignCommand(
  flags: CampaignStartCommandFlags,
  output: CommandOutput,
  options: CampaignCommandOptions = {},
): Promise<number | void> {
  if (!flags.file)
    throw new UsageError(
      'Missing --file (the contacts: .csv, .jsonl or .json; see `ringflow campaign start --help`).',
    );
  const file = flags.file;
  // An unreadable file is a bad flag, refused before anything is read or reached.
  await fileFlag('file', () => access(file, constants.R_OK));
  const nowMs = Date.now();
  // --at / --cron / --every: the schedule's name is the --id; each run gets its own id and deadline.
  const schedule = wantsSchedule(flags) ? schedulePlanFromFlags(flags, nowMs, options) : undefined;
  const { definition, requiredVariables } = await definitionFromFlags(
    schedule ? { ...flags, id: schedule.name, deadline: undefined } : flags,
    nowMs,
  );
  const launch: CampaignLaunch = {
    definition,
    requiredVariables,
    rows: () => readContactFile(file),
    phoneColumn: flags.phoneColumn ?? 'phone',
    schedule,
    scheduledRunExtras: options.scheduledRunExtras,
  };
  const dryRun = flags.dryRun === true;
  let connected: CommandClient | undefined;
  // A dry run waits for Temporal only briefly: the opt-out list is one check among many there.
  const connect = async () =>
    (connected = await commandClient(process.env, dryRun ? { connectTimeoutMs: 1_500 } : {}));
  try {
    return render(await launchCampaign(launch, connect, { dryRun }), output);
  } finally {
    await connected?.close();
  }
}

/** The check report and the schedule; no campaign id, since each run gets its own. */
function scheduledJson(
  report: ContactCheckReport,
  definition: CampaignDefinition,
  schedule: CampaignSchedulePlan,
) {
  const { campaignId: _eachRunHasItsOwn, ...checked } = dryRunJson(report, definition);
  return { schedule: schedulePlanJson(schedule), ...checked };
}

function render(outcome: CampaignLaunchOutcome, output: CommandOutput): number | void {
  switch (outcome.kind) {
    case 'dry_run': {
      const { report, definition, schedule } = outcome;
      if (outcome.optOutListUnread)
        output.note(`Not checked against the opt-out list: ${outcome.optOutListUnread}`);
      output.result(
        schedule ? scheduledJson(report, definition, schedule) : dryRunJson(report, definition),
        () => [
          ...checkReportLines(report),
          ...previewLines(report, definition),
          ...(schedule ? schedulePlanLines(schedule) : []),
        ],
      );
      return report.callable > 0 ? EXIT.ok : EXIT.badInput;
    }
    case 'refused':
      throw new UsageError(
        `${checkReportLines(outcome.report).join('\n')}\n--file: no row can be called: nothing was stored or called.`,
      );
    case 'schedule_exists':
      throw new UsageError(
        `--id: a schedule "${outcome.scheduleName}" exists already; choose another id (nothing was stored or called).`,
      );
    case 'already_started':
      output.result({ workflowId: outcome.workflowId, alreadyStarted: true, status: outcome.status }, [
        `${outcome.workflowId} was started before: nothing new was stored or called. Its status:`,
        ...statusLines(outcome.status),
      ]);
      return;
    case 'scheduled': {
      const { report, definition, schedule, scheduleId } = outcome;
      output.result({ scheduleId, ...scheduledJson(report, definition, schedule) }, [
        ...checkReportLines(report),
        `Scheduled ${scheduleId} (${outcome.pageCount} pages of contacts stored once for every run).`,
        ...schedulePlanLines(schedule),
      ]);
      return;
    }
    case 'started':
      output.result({ workflowId: outcome.workflowId, ...dryRunJson(outcome.report, outcome.definition) }, [
        ...checkReportLines(outcome.report),
        `Started ${outcome.workflowId} (${outcome.pageCount} pages of contacts stored).`,
      ]);
      return;
  }
}
