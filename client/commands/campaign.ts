/**
 * `ringflow campaign start|status|watch|pause|resume|cancel|update|results|report|schedules`: call
 * campaigns. `start` checks every row of the contact file and the flags before anything is stored or
 * called; `--dry-run` prints that report and what the first calls would say, and stops there.
 */
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
import { positiveNumberFlag } from '../campaign/definition-flags';
import { parseDeadline } from '../operations/campaign-definition';
import { statusLines } from '../campaign/report';
import { reportCommand } from '../campaign/report-command';
import { resultsCommand } from '../campaign/results-command';
import {
  startCampaignCommand,
  type CampaignCommandOptions,
  type CampaignStartCommandFlags,
} from '../campaign/start-command';
import { watchCommand } from '../campaign/watch-command';
import { CommandOutput } from '../output';
import { addScheduleCommands } from './campaign-schedules';
import {
  Option,
  jsonOption,
  type Command,
  ringflowCommand,
  runCommand,
  withExamples,
  type ExitCodeSink,
} from './command-kit';
import { commandClient, UsageError } from './shared';

export type { CampaignCommandOptions };

/** The flags of `campaign update`. */
interface CampaignUpdateFlags {
  concurrency?: string;
  window?: string;
  days?: string;
  deadline?: string;
  budgetMinutes?: string;
  budgetUsd?: string;
  /** Accepted only to say where it belongs (it is set at start). */
  pricePerMinute?: string;
  maxCallMinutes?: string;
  json?: boolean;
}

/** The declaration of `ringflow campaign` and its subcommands (no side effects). */
export function command(exitWith: ExitCodeSink, options: CampaignCommandOptions = {}) {
  const campaign = withExamples(
    ringflowCommand(
      'campaign',
      "call a list of people with one prompt, inside a calling window on each person's clock, with retries, budgets and follow-up texts",
    ),
    [
      ['ringflow campaign start --file contacts.csv --prompt-file prompt.txt --dry-run', 'check first'],
      'ringflow campaign watch c-2026-12-01-1a2b3c4d',
      'ringflow campaign results c-2026-12-01-1a2b3c4d --out results.csv',
    ],
  );
  startDeclaration(campaign, exitWith, options);
  controlDeclarations(campaign, exitWith);
  updateDeclaration(campaign, exitWith);
  withExamples(
    campaign
      .command('results')
      .description('one row per contact (final state, answer, attempts, phone), as CSV or JSON')
      .argument('<id>', 'the campaign id `campaign start` printed')
      .option('--format <format>', 'csv (default) or json (one array)')
      .option('--out <file>', 'write the rows to this file (default: stdout)')
      .option('--json', 'the same as --format json')
      .action(
        exitWith((id: string, flags: { format?: string; out?: string; json?: boolean }) =>
          resultsCommand(id, flags),
        ),
      ),
    [
      'ringflow campaign results spring-checkups --out results.csv',
      ['ringflow campaign results spring-checkups --json | jq length', 'the rows as one JSON array'],
    ],
  );
  withExamples(
    campaign
      .command('watch')
      .description(
        'follow a campaign until it ends: a progress bar on a terminal, a line per change in a pipe; ' +
          'exit 0 completed, 3 cancelled (Ctrl-C stops the watcher, not the campaign)',
      )
      .argument('<id>', 'the campaign id `campaign start` printed')
      .addOption(new Option('--json', 'one JSON line per change, then the final status (for scripts)'))
      .action(exitWith((id: string, flags: { json?: boolean }) => watchCommand(id, flags))),
    [
      'ringflow campaign watch spring-checkups',
      ['ringflow campaign watch spring-checkups --json | jq -c .status.done', 'progress for a script'],
    ],
  );
  withExamples(
    campaign
      .command('report')
      .description('write a self-contained HTML report (charts, answers, costs) of a campaign')
      .argument('<id>', 'the campaign id `campaign start` printed')
      .option('--out <file>', 'the HTML file to write (e.g. report.html); required')
      .option('--include-numbers', "show each contact's phone number (masked by default)")
      .addOption(jsonOption())
      .action(
        exitWith((id: string, flags: { out?: string; includeNumbers?: boolean; json?: boolean }) =>
          reportCommand(id, flags),
        ),
      ),
    [
      'ringflow campaign report spring-checkups --out report.html',
      ['ringflow campaign report spring-checkups --out full.html --include-numbers', 'for the list owner'],
    ],
  );
  addScheduleCommands(campaign, exitWith);
  return campaign;
}

export const main = (argv: string[], options: CampaignCommandOptions = {}): Promise<number> =>
  runCommand(argv, (exitWith) => command(exitWith, options));

function startDeclaration(campaign: Command, exitWith: ExitCodeSink, options: CampaignCommandOptions) {
  const start = campaign
    .command('start')
    .description(
      'check a contact file, then call every callable row (or, with --at/--cron/--every, schedule the ' +
        'runs); nothing is stored or called before every row and flag is checked',
    )
    .option('--file <path>', 'the contacts: .csv (a header row), .jsonl or .json; required')
    .option('--prompt-file <path>', "the agent's instructions, with {{column}} placeholders; required")
    .option('--greeting <text>', 'what the agent says first, with {{column}} placeholders')
    .option('--agent-id <id>', "the AgentPhone agent that calls (agt_…); default: the worker's agent")
    .option('--concurrency <n>', 'calls at once, 1–100 (default 5)')
    .option(
      '--window <HH:MM-HH:MM>',
      "calling hours on each person's clock (default 09:00-20:00; within 08:00-21:00)",
    )
    .option('--days <days>', 'calling days, e.g. mon-fri (default) or mon-sun')
    .option('--retry <spec>', 'retries per result, e.g. no-answer=3/2h,busy=2/30m,voicemail=1/1d')
    .option('--deadline <when>', 'no call after this: a span (7d, 36h) or an ISO instant (default 14d)')
    .option(
      '--outcomes <file.json>',
      'the outcome schema (question and answers); default confirmed/declined/…',
    )
    .option('--phone-column <name>', 'the column holding the number (default phone)')
    .option(
      '--id <name>',
      'the campaign (or schedule) id: letters, digits, . _ -; starting it again is a no-op',
    )
    .option('--budget-minutes <n>', 'stop placing calls once this many call minutes are spent')
    .option('--budget-usd <x>', 'stop placing calls once this many dollars are spent')
    .option('--price-per-minute <usd>', 'the price the budget counts with (default 0.13)')
    .option('--max-call-minutes <n>', 'hang up a call after this many minutes (at most 240)')
    .option(
      '--voicemail <hangup|text>',
      'at a voicemail: hang up (default) or leave this message ({{columns}})',
    )
    .option(
      '--follow-up <answer=file,…>',
      'text each answer its SMS: confirmed=sms-yes.txt,no-answer=missed.txt',
    )
    .option(
      '--at <when>',
      'schedule one run: an ISO instant (2026-12-07T09:00:00Z) or "2026-12-07T09:00 America/New_York"',
    )
    .option('--cron <m h dom mon dow>', 'schedule a run at each cron time, e.g. "0 9 * * mon-fri"')
    .option('--cron-timezone <zone>', 'the IANA zone --cron is read in (default UTC)')
    .option('--every <span>', 'schedule a run every span (at least 1h), from --at or now')
    .option('--overlap <policy>', 'a firing while a run goes on: skip (default), buffer-one or allow-all')
    .option(
      '--dry-run',
      'check every row and flag, show what the first calls would say; store and call nothing',
    )
    .addOption(jsonOption())
    .action(
      exitWith((flags: CampaignStartCommandFlags) =>
        startCampaignCommand(flags, new CommandOutput({ json: flags.json }), options),
      ),
    );
  withExamples(start, [
    [
      'ringflow campaign start --file contacts.csv --prompt-file prompt.txt --dry-run',
      'every bad row by number, and what the first calls would say; nobody is called',
    ],
    'ringflow campaign start --file contacts.csv --prompt-file prompt.txt --id spring-checkups --budget-usd 50',
    [
      'ringflow campaign start --file c.csv --prompt-file p.txt --cron "0 9 * * mon" --cron-timezone America/Chicago --id mondays',
      'a run every Monday at 09:00 in Chicago',
    ],
  ]);
}

/** status | pause | resume | cancel: one campaign, one query or update, the status back. */
function controlDeclarations(campaign: Command, exitWith: ExitCodeSink) {
  const control = (
    name: 'status' | 'pause' | 'resume',
    description: string,
    examples: (string | [string, string])[],
  ) =>
    withExamples(
      campaign
        .command(name)
        .description(description)
        .argument('<id>', 'the campaign id `campaign start` printed')
        .addOption(jsonOption())
        .action(
          exitWith((id: string, flags: { json?: boolean }) => control_(id, name, flags.json === true, {})),
        ),
      examples,
    );
  control('status', 'counts by state and answer, calls made, spend, ETA', [
    'ringflow campaign status spring-checkups',
    ['ringflow campaign status spring-checkups --json | jq .done', 'for a script'],
  ]);
  control('pause', 'place no new call (calls going on finish); resume carries on', [
    'ringflow campaign pause spring-checkups',
    'ringflow campaign pause spring-checkups --json',
  ]);
  control('resume', 'place calls again after a pause', [
    'ringflow campaign resume spring-checkups',
    'ringflow campaign resume spring-checkups --json',
  ]);
  withExamples(
    campaign
      .command('cancel')
      .description('end the campaign: no further call; contacts not reached end as cancelled')
      .argument('<id>', 'the campaign id `campaign start` printed')
      .option('--end-live-calls', 'hang up the calls going on now too (default: let them finish)')
      .addOption(jsonOption())
      .action(
        exitWith((id: string, flags: { endLiveCalls?: boolean; json?: boolean }) =>
          control_(id, 'cancel', flags.json === true, { endLiveCalls: flags.endLiveCalls === true }),
        ),
      ),
    [
      'ringflow campaign cancel spring-checkups',
      ['ringflow campaign cancel spring-checkups --end-live-calls', 'hang up the live calls as well'],
    ],
  );
}

function updateDeclaration(campaign: Command, exitWith: ExitCodeSink) {
  withExamples(
    campaign
      .command('update')
      .description('change a running campaign: concurrency, calling window, deadline or budget')
      .argument('<id>', 'the campaign id `campaign start` printed')
      .option('--concurrency <n>', 'calls at once, 1–100')
      .option('--window <HH:MM-HH:MM>', "new calling hours on each person's clock (with --days)")
      .option('--days <days>', 'new calling days, e.g. mon-fri (with --window)')
      .option('--deadline <when>', 'no call after this: a span from now (7d) or an ISO instant')
      .option('--budget-minutes <n>', 'the new budget in call minutes')
      .option('--budget-usd <x>', 'the new budget in dollars')
      .addOption(new Option('--price-per-minute <usd>').hideHelp())
      .addOption(new Option('--max-call-minutes <n>').hideHelp())
      .addOption(jsonOption())
      .action(
        exitWith((id: string, flags: CampaignUpdateFlags) =>
          control_(id, 'update', flags.json === true, { change: changeOf(flags) }),
        ),
      ),
    [
      'ringflow campaign update spring-checkups --concurrency 10',
      'ringflow campaign update spring-checkups --window 10:00-19:00 --days mon-sat --budget-usd 80',
    ],
  );
}

/** One query or update on `campaign:<id>`; prints the status it returns. */
async function control_(
  id: string,
  action: 'status' | 'pause' | 'resume' | 'cancel' | 'update',
  json: boolean,
  extra: { endLiveCalls?: boolean; change?: CampaignChange },
): Promise<void> {
  const output = new CommandOutput({ json });
  const { client, close } = await commandClient();
  try {
    const handle = client.workflow.getHandle(workflowIds.campaign(id));
    let status: CampaignStatus;
    if (action === 'status') status = await handle.query(getCampaignStatusQuery);
    else if (action === 'pause') status = await handle.executeUpdate(pauseCampaignUpdate);
    else if (action === 'resume') status = await handle.executeUpdate(resumeCampaignUpdate);
    else if (action === 'cancel')
      status = await handle.executeUpdate(cancelCampaignUpdate, {
        args: [{ endLiveCalls: extra.endLiveCalls === true }],
      });
    else status = await handle.executeUpdate(updateCampaignUpdate, { args: [extra.change!] });
    output.result(status, () => statusLines(status));
  } finally {
    await close();
  }
}

function changeOf(flags: CampaignUpdateFlags): CampaignChange {
  const change: CampaignChange = {};
  if (flags.concurrency !== undefined) change.concurrency = Number(flags.concurrency);
  if (flags.window !== undefined || flags.days !== undefined) {
    if (!flags.window || !flags.days)
      throw new UsageError('--window and --days go together in an update (nothing was changed).');
    try {
      change.window = { ...parseWindowHours(flags.window), days: parseDays(flags.days) };
    } catch (err) {
      throw new UsageError(`--window/--days: ${(err as Error).message}`);
    }
  }
  if (flags.deadline !== undefined) {
    try {
      change.deadlineMs = parseDeadline(flags.deadline, Date.now());
    } catch (err) {
      throw new UsageError(`--deadline: ${(err as Error).message}`);
    }
  }
  const minutes = flags.budgetMinutes;
  const usd = flags.budgetUsd;
  if (minutes !== undefined || usd !== undefined)
    change.budget = {
      ...(minutes !== undefined ? { minutes: positiveNumberFlag('budget-minutes', minutes) } : {}),
      ...(usd !== undefined ? { usd: positiveNumberFlag('budget-usd', usd) } : {}),
    };
  if (flags.pricePerMinute !== undefined || flags.maxCallMinutes !== undefined)
    throw new UsageError(
      '--price-per-minute and --max-call-minutes are set at start; update changes --budget-minutes or --budget-usd.',
    );
  if (Object.keys(change).length === 0)
    throw new UsageError(
      'Nothing to update: give --concurrency, --window with --days, --deadline, --budget-minutes or --budget-usd (see `ringflow campaign update --help`).',
    );
  return change;
}
