/**
 * `ringflow campaign start|status|pause|resume|cancel|update`: scheduled call campaigns. `start` checks
 * every row of the contact file and the flags before anything is stored or called; `--dry-run` prints
 * that report and what the first calls would say, and stops there.
 */
import { checkContacts } from '../campaign/contact-check';
import { readContactFile } from '../campaign/contacts';
import {
  definitionFromFlags,
  fileFlag,
  parseDeadline,
  positiveNumberFlag,
} from '../campaign/definition-flags';
import { checkReportLines, dryRunJson, previewLines, statusLines } from '../campaign/report';
import { ContactPageWriter, PAGE_KEEP_AFTER_DEADLINE_MS } from '../campaign/store';
import { readCampaignResults } from '../campaign/result-reader';
import { writeCampaignResults } from '../campaign/result-rows';
import { watchCommand } from '../campaign/watch-command';
import { reportCommand } from '../campaign/report-command';
import { constants, createWriteStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { campaignWorkflow } from '../../workflows';
import { parseDays, parseWindowHours } from '../../workflows/campaign/input';
import {
  cancelCampaignUpdate,
  getCampaignStatusQuery,
  pauseCampaignUpdate,
  resumeCampaignUpdate,
  updateCampaignUpdate,
  workflowIds,
  type CampaignChange,
} from '../../workflows/messages';
import type { CampaignStatus } from '../../workflows/campaign/types';
import { allOptOuts } from '../opt-out-list';
import { suppressionOf } from '../../common/opt-out';
import { EXIT } from '../exit-codes';
import { commandClient, parseFlags, printJson, UsageError } from './shared';
import {
  SCHEDULE_FLAGS,
  schedulePlanFromFlags,
  wantsSchedule,
  type CampaignSchedulePlan,
} from '../campaign/schedule-flags';
import {
  campaignScheduleExists,
  createCampaignSchedule,
  type ScheduledRunExtras,
} from '../campaign/schedule';
import { schedulePlanJson, schedulePlanLines } from '../campaign/schedule-report';

const USAGE = `Usage:
  ringflow campaign start --file contacts.csv|.jsonl|.json --prompt-file p.txt [--greeting …]
      [--concurrency 5] [--window 09:00-20:00] [--days mon-fri] [--retry no-answer=3/2h,busy=2/30m,voicemail=1/1d]
      [--deadline 7d|<ISO instant>] [--outcomes schema.json] [--phone-column phone] [--agent-id …] [--id name]
      [--budget-minutes N] [--budget-usd X] [--price-per-minute 0.13] [--max-call-minutes 10]
      [--voicemail hangup|<message with {{variables}}>] [--follow-up confirmed=sms.txt,no-answer=…]
      [--at <ISO instant>|"<local time> <zone>" | --cron "<m h dom mon dow>" [--cron-timezone UTC] | --every 1d]
      [--overlap skip|buffer-one|allow-all] [--dry-run] [--json]
  ringflow campaign schedules list|show|pause|resume|trigger|delete [<id>] [--note …] [--json]
  ringflow campaign status|pause|resume <id> [--json]
  ringflow campaign cancel <id> [--end-live-calls] [--json]
  ringflow campaign update <id> [--concurrency N] [--window HH:MM-HH:MM --days …] [--deadline …]
      [--budget-minutes N] [--budget-usd X] [--json]
  ringflow campaign results <id> [--format csv|json] [--out file]
  ringflow campaign watch <id>
  ringflow campaign report <id> --out report.html [--include-numbers]`;

const FLAGS = {
  file: { type: 'string' },
  'prompt-file': { type: 'string' },
  greeting: { type: 'string' },
  'agent-id': { type: 'string' },
  concurrency: { type: 'string' },
  window: { type: 'string' },
  days: { type: 'string' },
  retry: { type: 'string' },
  deadline: { type: 'string' },
  outcomes: { type: 'string' },
  'phone-column': { type: 'string' },
  id: { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
  'end-live-calls': { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  format: { type: 'string', default: 'csv' },
  out: { type: 'string' },
  'include-numbers': { type: 'boolean', default: false },
  ...SCHEDULE_FLAGS,
  'budget-minutes': { type: 'string' },
  'budget-usd': { type: 'string' },
  'price-per-minute': { type: 'string' },
  'max-call-minutes': { type: 'string' },
  voicemail: { type: 'string' },
  'follow-up': { type: 'string' },
} as const;

type Values = ReturnType<typeof parseFlags<typeof FLAGS>>['values'];

/** Inputs of `main` beyond argv: tests lower the `--every` floor and shorten each fired run's checks. */
export interface CampaignCommandOptions {
  minEveryMs?: number;
  scheduledRunExtras?: ScheduledRunExtras;
}

export async function main(argv: string[], options: CampaignCommandOptions = {}): Promise<number | void> {
  if (argv[0] === 'schedules') return (await import('./campaign-schedules')).main(argv.slice(1));
  const { values, positionals } = parseFlags(argv, FLAGS, USAGE);
  const [action, id] = positionals;
  if (action === 'start') return start(values, options);
  if (action === 'results') return results(id, values);
  if (action === 'watch') return watchCommand(id, USAGE);
  if (action === 'report') return reportCommand(id, values, USAGE);
  if (!action || !['status', 'pause', 'resume', 'cancel', 'update'].includes(action))
    throw new UsageError(`${action ? `Unknown action "${action}".` : 'Missing the action.'}\n\n${USAGE}`);
  if (!id) throw new UsageError(`Missing the campaign id.\n\n${USAGE}`);
  const change = action === 'update' ? changeOf(values) : undefined;
  const { client, close } = await commandClient();
  try {
    const handle = client.workflow.getHandle(workflowIds.campaign(id));
    let status: CampaignStatus;
    if (action === 'status') status = await handle.query(getCampaignStatusQuery);
    else if (action === 'pause') status = await handle.executeUpdate(pauseCampaignUpdate);
    else if (action === 'resume') status = await handle.executeUpdate(resumeCampaignUpdate);
    else if (action === 'cancel')
      status = await handle.executeUpdate(cancelCampaignUpdate, {
        args: [{ endLiveCalls: values['end-live-calls'] }],
      });
    else status = await handle.executeUpdate(updateCampaignUpdate, { args: [change!] });
    if (values.json) printJson(status);
    else console.log(statusLines(status).join('\n'));
  } finally {
    await close();
  }
}

function changeOf(values: Values): CampaignChange {
  const change: CampaignChange = {};
  if (values.concurrency !== undefined) change.concurrency = Number(values.concurrency);
  if (values.window !== undefined || values.days !== undefined) {
    if (!values.window || !values.days) throw new UsageError('--window and --days go together in an update.');
    try {
      change.window = { ...parseWindowHours(values.window), days: parseDays(values.days) };
    } catch (err) {
      throw new UsageError(`--window/--days: ${(err as Error).message}`);
    }
  }
  if (values.deadline !== undefined) {
    try {
      change.deadlineMs = parseDeadline(values.deadline, Date.now());
    } catch (err) {
      throw new UsageError(`--deadline: ${(err as Error).message}`);
    }
  }
  const minutes = values['budget-minutes'];
  const usd = values['budget-usd'];
  if (minutes !== undefined || usd !== undefined)
    change.budget = {
      ...(minutes !== undefined ? { minutes: positiveNumberFlag('budget-minutes', minutes) } : {}),
      ...(usd !== undefined ? { usd: positiveNumberFlag('budget-usd', usd) } : {}),
    };
  if (values['price-per-minute'] !== undefined || values['max-call-minutes'] !== undefined)
    throw new UsageError(
      '--price-per-minute and --max-call-minutes are set at start; update changes --budget-minutes or --budget-usd.',
    );
  if (Object.keys(change).length === 0) throw new UsageError(`Nothing to update.\n\n${USAGE}`);
  return change;
}

/** The check report and the schedule; no campaign id, since each run gets its own. */
function scheduledJson(
  report: Awaited<ReturnType<typeof checkContacts>>,
  definition: Awaited<ReturnType<typeof definitionFromFlags>>['definition'],
  schedule: CampaignSchedulePlan,
) {
  const { campaignId: _eachRunHasItsOwn, ...checked } = dryRunJson(report, definition);
  return { schedule: schedulePlanJson(schedule), ...checked };
}

/** A dry run's report (exit 0 when some row can be called, else 1), or the refusal of a start. */
function reportOrRefuse(
  report: Awaited<ReturnType<typeof checkContacts>>,
  definition: Awaited<ReturnType<typeof definitionFromFlags>>['definition'],
  values: Values,
  schedule?: CampaignSchedulePlan,
): number {
  if (values['dry-run']) {
    if (values.json)
      printJson(schedule ? scheduledJson(report, definition, schedule) : dryRunJson(report, definition));
    else
      console.log(
        [
          ...checkReportLines(report),
          ...previewLines(report, definition),
          ...(schedule ? schedulePlanLines(schedule) : []),
        ].join('\n'),
      );
    return report.callable > 0 ? EXIT.ok : EXIT.badInput;
  }
  throw new UsageError(
    `${checkReportLines(report).join('\n')}\n--file: no row can be called: nothing was stored or called.`,
  );
}

async function start(values: Values, options: CampaignCommandOptions): Promise<number | void> {
  if (!values.file) throw new UsageError(`Missing --file (the contacts).\n\n${USAGE}`);
  const file = values.file;
  // An unreadable file is a bad flag, refused before anything is read or reached.
  await fileFlag('file', () => access(file, constants.R_OK));
  // --at / --cron / --every: the schedule's name is the --id; each run gets its own id and deadline.
  const schedule = wantsSchedule(values) ? schedulePlanFromFlags(values, Date.now(), options) : undefined;
  const { definition, requiredVariables } = await definitionFromFlags(
    schedule ? { ...values, id: schedule.name, deadline: undefined } : values,
    Date.now(),
  );
  const phoneColumn = values['phone-column'] ?? 'phone';
  // A file with no callable row at all is refused before anything is reached (Temporal included).
  const beforeList = await checkContacts(readContactFile(file), { requiredVariables, phoneColumn });
  if (beforeList.callable === 0) return reportOrRefuse(beforeList, definition, values, schedule);
  // The opt-out list is read once, whole (a set of numbers), so that checking 100k rows costs no
  // query per row; the dial-time check in placeCall still decides for each call. A dry run without a
  // reachable Temporal still checks everything else, and says the list was not read.
  let connected: Awaited<ReturnType<typeof commandClient>> | undefined;
  try {
    // A dry run waits for Temporal only briefly: the list is one check among many there.
    connected = await commandClient(process.env, values['dry-run'] ? { connectTimeoutMs: 1_500 } : {});
  } catch (err) {
    if (!values['dry-run']) throw err;
    console.error(`Not checked against the opt-out list: ${(err as Error).message}`);
  }
  const close = connected ? connected.close : async () => {};
  try {
    const listed = new Set<string>();
    if (connected)
      for await (const { entry } of allOptOuts(connected.optOuts))
        if (suppressionOf(entry, 'call', connected.optOutScope)) listed.add(entry.number);
    const isSuppressed = (e164: string) => listed.has(e164);
    // First pass: the whole check, before anything is stored (a file that fails halfway stores nothing).
    const report = await checkContacts(readContactFile(file), {
      requiredVariables,
      phoneColumn,
      isSuppressed,
    });
    if (values['dry-run'] || report.callable === 0)
      return reportOrRefuse(report, definition, values, schedule);

    // Second pass: the same rows, stored in pages; then the campaign, which reads them.
    const { client, taskQueue } = connected!;
    if (schedule && (await campaignScheduleExists(client, schedule.name)))
      throw new UsageError(
        `--id: a schedule "${schedule.name}" exists already; choose another id (nothing was stored or called).`,
      );
    // A schedule's contacts are stored once, under the schedule, for every run it fires.
    const storeId = schedule ? workflowIds.campaignScheduleStore(schedule.name) : definition.campaignId;
    const writer = new ContactPageWriter(
      client,
      taskQueue,
      storeId,
      schedule ? schedule.keepPagesUntilMs : definition.deadlineMs + PAGE_KEEP_AFTER_DEADLINE_MS,
    );
    await checkContacts(readContactFile(file), {
      requiredVariables,
      phoneColumn,
      isSuppressed,
      onContact: (c) => writer.add(c),
    });
    const contacts = await writer.finish();
    if (schedule) {
      const { scheduleId } = await createCampaignSchedule(
        client,
        taskQueue,
        schedule,
        definition,
        { ...contacts, storeId },
        options.scheduledRunExtras,
      );
      if (values.json) printJson({ scheduleId, ...scheduledJson(report, definition, schedule) });
      else
        console.log(
          [
            ...checkReportLines(report),
            `Scheduled ${scheduleId} (${contacts.pageCount} pages of contacts stored once for every run).`,
            ...schedulePlanLines(schedule),
          ].join('\n'),
        );
      return;
    }
    const workflowId = workflowIds.campaign(definition.campaignId);
    await client.workflow.start(campaignWorkflow, {
      taskQueue,
      workflowId,
      args: [{ definition, contacts }],
    });
    if (values.json) printJson({ workflowId, ...dryRunJson(report, definition) });
    else
      console.log(
        [
          ...checkReportLines(report),
          `Started ${workflowId} (${contacts.pageCount} pages of contacts stored).`,
        ].join('\n'),
      );
  } finally {
    await close();
  }
}

/** One row per stored contact, streamed to stdout or `--out` (the phone included: the list is the operator's). */
async function results(id: string | undefined, values: Values): Promise<void> {
  if (!id) throw new UsageError(`Missing the campaign id.\n\n${USAGE}`);
  const format = values.format;
  if (format !== 'csv' && format !== 'json')
    throw new UsageError(`--format: "${format}" is not a results format; use csv or json.`);
  const { client, close } = await commandClient();
  try {
    const rows = readCampaignResults(client, id);
    // The first row is read before the file is created, so an unknown id leaves no empty file behind.
    const first = await rows.next();
    const output = values.out ? createWriteStream(values.out) : process.stdout;
    const all = (async function* () {
      if (!first.done) yield first.value;
      yield* rows;
    })();
    const count = await writeCampaignResults(all, format, output);
    if (values.out) console.error(`${count} rows written to ${values.out}.`);
  } finally {
    await close();
  }
}
