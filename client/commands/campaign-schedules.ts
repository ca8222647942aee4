/**
 * `ringflow campaign schedules list|show|pause|resume|trigger|delete`: the Temporal Schedules that start
 * campaigns (`campaign start --at|--cron|--every`). Each fired run is its own campaign, which
 * `campaign status|pause|cancel <run id>` reach like any other.
 */
import {
  controlCampaignSchedule,
  deleteCampaignSchedule,
  describeCampaignSchedule,
  listCampaignSchedules,
} from '../campaign/schedule';
import { scheduleViewLines } from '../campaign/schedule-report';
import { CommandOutput } from '../output';
import { jsonOption, withExamples, type Command, type ExitCodeSink } from './command-kit';
import { commandClient } from './shared';

type ScheduleAction = 'list' | 'show' | 'pause' | 'resume' | 'trigger' | 'delete';

/** Adds `schedules` and its subcommands under `campaign`. */
export function addScheduleCommands(campaign: Command, exitWith: ExitCodeSink): void {
  const schedules = withExamples(
    campaign
      .command('schedules')
      .description(
        'the schedules `campaign start --at|--cron|--every` made: list, show, pause, resume, trigger, delete',
      ),
    ['ringflow campaign schedules list', 'ringflow campaign schedules pause mondays --note "holiday week"'],
  );
  withExamples(
    schedules
      .command('list')
      .description('every campaign schedule of this task queue: next fire times, runs so far')
      .addOption(jsonOption())
      .action(exitWith((flags: { json?: boolean }) => act('list', undefined, flags))),
    ['ringflow campaign schedules list', 'ringflow campaign schedules list --json'],
  );
  const one = (name: 'show' | 'trigger' | 'delete', description: string, examples: string[]) =>
    withExamples(
      schedules
        .command(name)
        .description(description)
        .argument('<id>', 'the schedule name (the --id of `campaign start`)')
        .addOption(jsonOption())
        .action(exitWith((id: string, flags: { json?: boolean }) => act(name, id, flags))),
      examples,
    );
  // Only pause and resume take a note (Temporal keeps it with the schedule's state).
  const noted = (name: 'pause' | 'resume', description: string, examples: string[]) =>
    withExamples(
      schedules
        .command(name)
        .description(description)
        .argument('<id>', 'the schedule name (the --id of `campaign start`)')
        .option('--note <text>', 'why, shown by `schedules list` (e.g. "holiday week")')
        .addOption(jsonOption())
        .action(exitWith((id: string, flags: { note?: string; json?: boolean }) => act(name, id, flags))),
      examples,
    );
  one('show', 'one schedule: its plan, state and the runs it fired', [
    'ringflow campaign schedules show mondays',
    'ringflow campaign schedules show mondays --json',
  ]);
  noted('pause', 'fire no run until resumed (runs going on carry on)', [
    'ringflow campaign schedules pause mondays',
    'ringflow campaign schedules pause mondays --note "holiday week" --json',
  ]);
  noted('resume', 'fire runs again after a pause', [
    'ringflow campaign schedules resume mondays',
    'ringflow campaign schedules resume mondays --note "back to normal"',
  ]);
  one('trigger', 'one run now, under the overlap policy', [
    'ringflow campaign schedules trigger mondays',
    'ringflow campaign schedules trigger mondays --json',
  ]);
  one('delete', 'no further run (runs going on carry on); the contacts stay readable a while', [
    'ringflow campaign schedules delete mondays',
    'ringflow campaign schedules delete mondays --json',
  ]);
}

async function act(
  action: ScheduleAction,
  name: string | undefined,
  flags: { note?: string; json?: boolean },
): Promise<void> {
  const output = new CommandOutput({ json: flags.json });
  const { client, taskQueue, close } = await commandClient();
  try {
    if (action === 'list') {
      const views = await listCampaignSchedules(client, taskQueue);
      output.result(views, () =>
        views.length > 0 ? views.flatMap(scheduleViewLines) : 'No campaign schedules.',
      );
      return;
    }
    if (action === 'delete') {
      const deleted = await deleteCampaignSchedule(client, name!, taskQueue, Date.now());
      output.result(
        { name, deleted: true, ...deleted },
        `Deleted schedule "${name}": no further run. Its contacts stay readable until ${deleted.pagesKeptUntil}.`,
      );
      return;
    }
    const view =
      action === 'show'
        ? await describeCampaignSchedule(client, name!, taskQueue)
        : await controlCampaignSchedule(client, name!, taskQueue, action, flags.note);
    output.result(view, () => scheduleViewLines(view));
  } finally {
    await close();
  }
}
