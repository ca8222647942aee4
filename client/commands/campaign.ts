/**
 * `ringflow campaign start|status|pause|resume|cancel|update`: scheduled call campaigns. `start` checks
 * every row of the contact file and the flags before anything is stored or called; `--dry-run` prints
 * that report and what the first calls would say, and stops there.
 */
import { checkContacts } from '../campaign/contact-check';
import { readContactFile } from '../campaign/contacts';
import { definitionFromFlags, parseDeadline } from '../campaign/definition-flags';
import { checkReportLines, dryRunJson, previewLines, statusLines } from '../campaign/report';
import { ContactPageWriter, PAGE_KEEP_AFTER_DEADLINE_MS } from '../campaign/store';
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
import { commandClient, parseFlags, printJson, UsageError } from './shared';

const USAGE = `Usage:
  ringflow campaign start --file contacts.csv|.jsonl|.json --prompt-file p.txt [--greeting …]
      [--concurrency 5] [--window 09:00-20:00] [--days mon-fri] [--retry no-answer=3/2h,busy=2/30m,voicemail=1/1d]
      [--deadline 7d|<ISO instant>] [--outcomes schema.json] [--phone-column phone] [--agent-id …] [--id name]
      [--dry-run] [--json]
  ringflow campaign status|pause|resume <id> [--json]
  ringflow campaign cancel <id> [--end-live-calls] [--json]
  ringflow campaign update <id> [--concurrency N] [--window HH:MM-HH:MM --days …] [--deadline …] [--json]`;

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
} as const;

type Values = ReturnType<typeof parseFlags<typeof FLAGS>>['values'];

export async function main(argv: string[]): Promise<number | void> {
  const { values, positionals } = parseFlags(argv, FLAGS, USAGE);
  const [action, id] = positionals;
  if (action === 'start') return start(values);
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
  if (Object.keys(change).length === 0) throw new UsageError(`Nothing to update.\n\n${USAGE}`);
  return change;
}

async function start(values: Values): Promise<number | void> {
  if (!values.file) throw new UsageError(`Missing --file (the contacts).\n\n${USAGE}`);
  const file = values.file;
  const { definition, requiredVariables } = await definitionFromFlags(values, Date.now());
  const phoneColumn = values['phone-column'] ?? 'phone';
  // First pass: the whole check, before anything is stored (a file that fails halfway stores nothing).
  const report = await checkContacts(readContactFile(file), { requiredVariables, phoneColumn });
  if (values['dry-run']) {
    if (values.json) printJson(dryRunJson(report, definition));
    else console.log([...checkReportLines(report), ...previewLines(report, definition)].join('\n'));
    return report.callable > 0 ? 0 : 1;
  }
  if (report.callable === 0)
    throw new UsageError(
      `${checkReportLines(report).join('\n')}\nNo row can be called: nothing was stored or called.`,
    );

  const { client, taskQueue, close } = await commandClient();
  try {
    // Second pass: the same rows, stored in pages; then the campaign, which reads them.
    const writer = new ContactPageWriter(
      client,
      taskQueue,
      definition.campaignId,
      definition.deadlineMs + PAGE_KEEP_AFTER_DEADLINE_MS,
    );
    await checkContacts(readContactFile(file), {
      requiredVariables,
      phoneColumn,
      onContact: (c) => writer.add(c),
    });
    const contacts = await writer.finish();
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
