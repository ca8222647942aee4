/**
 * `ringflow campaign schedules list|pause|resume|delete|trigger`: the Temporal Schedules that start
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
import { commandClient, parseFlags, printJson, UsageError } from './shared';

const USAGE = `Usage:
  ringflow campaign schedules list [--json]
  ringflow campaign schedules show <id> [--json]
  ringflow campaign schedules pause|resume <id> [--note …] [--json]
  ringflow campaign schedules trigger <id> [--json]     (one run now, under the overlap policy)
  ringflow campaign schedules delete <id> [--json]      (no further run; runs going carry on)`;

const FLAGS = {
  note: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

const ACTIONS = ['list', 'show', 'pause', 'resume', 'trigger', 'delete'] as const;
type ScheduleAction = (typeof ACTIONS)[number];

export async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseFlags(argv, FLAGS, USAGE);
  const [action, name, extra] = positionals;
  if (!action || !(ACTIONS as readonly string[]).includes(action))
    throw new UsageError(`${action ? `Unknown action "${action}".` : 'Missing the action.'}\n\n${USAGE}`);
  const act = action as ScheduleAction;
  if (act !== 'list' && !name) throw new UsageError(`Missing the schedule id.\n\n${USAGE}`);
  if (extra !== undefined || (act === 'list' && name !== undefined))
    throw new UsageError(`Unexpected "${extra ?? name}".\n\n${USAGE}`);
  if (values.note !== undefined && act !== 'pause' && act !== 'resume')
    throw new UsageError(`--note goes with pause or resume.\n\n${USAGE}`);
  const { client, taskQueue, close } = await commandClient();
  try {
    if (act === 'list') {
      const views = await listCampaignSchedules(client, taskQueue);
      if (values.json) printJson(views);
      else
        console.log(
          views.length > 0 ? views.flatMap(scheduleViewLines).join('\n') : 'No campaign schedules.',
        );
      return;
    }
    if (act === 'delete') {
      const deleted = await deleteCampaignSchedule(client, name!, taskQueue, Date.now());
      if (values.json) printJson({ name, deleted: true, ...deleted });
      else
        console.log(
          `Deleted schedule "${name}": no further run. Its contacts stay readable until ${deleted.pagesKeptUntil}.`,
        );
      return;
    }
    const view =
      act === 'show'
        ? await describeCampaignSchedule(client, name!, taskQueue)
        : await controlCampaignSchedule(client, name!, taskQueue, act, values.note);
    if (values.json) printJson(view);
    else console.log(scheduleViewLines(view).join('\n'));
  } finally {
    await close();
  }
}
