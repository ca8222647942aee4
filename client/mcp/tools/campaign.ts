/**
 * The campaign tools: start_campaign (a dry run first by default), campaign_status (with an optional
 * wait that reports done/total as progress), pause/resume/cancel_campaign and campaign_results.
 */
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import {
  cancelCampaignUpdate,
  pauseCampaignUpdate,
  resumeCampaignUpdate,
  workflowIds,
} from '../../../workflows/messages';
import type { CampaignStatus } from '../../../workflows/campaign/types';
import { dryRunJson } from '../../campaign/report';
import { readCampaignResults } from '../../campaign/result-reader';
import { existingCampaign, startCampaign } from '../../operations/start-campaign';
import { newCampaignId } from '../../operations/campaign-definition';
import { RequestFieldError } from '../../operations/field-problem';
import { defineTool } from '../tool';
import { waitUpTo } from '../wait';
import { RequestIdSchema, WaitSecondsSchema } from './common';

const CampaignStatusSchema = z.object({
  campaignId: z.string(),
  // A string, not the enum: a state added to the campaign later must not break this tool's output check.
  state: z.string(),
  total: z.number(),
  pending: z.number(),
  active: z.number(),
  done: z.number(),
  byState: z.record(z.string(), z.number()),
  byAnswer: z.record(z.string(), z.number()),
  attempts: z.number(),
  concurrency: z.number(),
  deadlineMs: z.number(),
  etaMs: z.number().nullable(),
});

const CampaignOutputSchema = z.object({
  campaign_id: z.string(),
  workflow_id: z.string(),
  finished: z.boolean(),
  status: CampaignStatusSchema,
});

const CampaignIdSchema = z.string().min(1).describe('The campaign_id start_campaign returned');

const ENDED = new Set(['cancelled', 'completed']);

function campaignOutput(status: CampaignStatus) {
  return {
    campaign_id: status.campaignId,
    workflow_id: workflowIds.campaign(status.campaignId),
    finished: ENDED.has(status.state),
    status,
  };
}

async function campaignStatus(client: Client, campaignId: string): Promise<CampaignStatus> {
  const status = await existingCampaign(client, campaignId);
  if (!status)
    throw new RequestFieldError([
      { field: 'campaign_id', message: `no campaign has the id "${campaignId}"` },
    ]);
  return status;
}

/** `phoneColumn` → `phone_column`: the operation's field names as this tool spells them. */
const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const DRY_RUN_PROBLEMS_SHOWN = 20;

const CheckReportSchema = z.object({
  rows: z.number(),
  callable: z.number(),
  problem_counts: z.record(z.string(), z.number()),
  problems: z.array(z.object({ row: z.number(), reason: z.string(), detail: z.string() })),
  first_calls: z.array(
    z.object({
      row: z.number(),
      time_zones: z.array(z.string()),
      greeting: z.string().nullable(),
      prompt: z.string(),
    }),
  ),
});

export const startCampaignTool = defineTool({
  name: 'start_campaign',
  title: 'Start a call campaign',
  description:
    'Calls a list of people with one prompt ({{column}} placeholders are filled from each contact), inside ' +
    "a calling window on each person's own clock, retrying no-answer/busy/voicemail, and reads each " +
    'answer. Give the contacts inline (objects with a phone field, E.164) or as a file path (.csv, .jsonl, ' +
    '.json) the server can read. dry_run is true by default: the first call only checks every row ' +
    '(unparseable, emergency/N11, duplicate, opted-out, missing variables) and shows what the first calls ' +
    'would say, calling nobody. Show that report to the human, then call again with dry_run false to start. ' +
    'The campaign id (campaign_id, else request_id) is the dedupe key: starting the same id twice returns ' +
    'the first campaign. Follow it with campaign_status.',
  input: z.strictObject({
    contacts: z
      .array(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])))
      .min(1)
      .max(10_000)
      .optional()
      .describe('The people to call, e.g. [{"phone": "+14155550100", "name": "Ada"}]; or give file'),
    file: z
      .string()
      .min(1)
      .optional()
      .describe('Path of a contact file on the server (.csv, .jsonl or .json); or give contacts'),
    prompt: z.string().describe("The voice agent's instructions, with {{column}} placeholders"),
    greeting: z.string().optional().describe('The first sentence, with {{column}} placeholders'),
    campaign_id: z
      .string()
      .optional()
      .describe('Its id (letters, digits, . _ -); default: request_id, else a new one'),
    concurrency: z.number().int().optional().describe('Calls at once (default 5)'),
    window: z
      .string()
      .optional()
      .describe(
        "Calling hours on each person's clock, HH:MM-HH:MM (default 09:00-20:00; within 08:00-21:00)",
      ),
    days: z.string().optional().describe('Calling days, e.g. mon-fri (default) or mon-sun'),
    retry: z.string().optional().describe('Retries, e.g. no-answer=3/2h,busy=2/30m,voicemail=1/1d'),
    deadline: z
      .string()
      .optional()
      .describe('No call after this: a duration (7d, 36h) or an ISO instant (default 14d)'),
    phone_column: z.string().optional().describe('The field holding the number (default phone)'),
    agent_id: z.string().optional().describe('The AgentPhone agent that calls (default: the configured one)'),
    dry_run: z
      .boolean()
      .default(true)
      .describe('true (default): check and preview only; false: start calling'),
    request_id: RequestIdSchema,
  }),
  output: z.object({
    campaign_id: z.string(),
    workflow_id: z.string().nullable(),
    outcome: z.enum(['dry_run', 'refused', 'started', 'already_started']),
    message: z.string(),
    check: CheckReportSchema.nullable(),
    status: CampaignStatusSchema.nullable(),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  nothingDone: 'nothing was stored or called',
  async run(args, context) {
    if ((args.contacts === undefined) === (args.file === undefined))
      throw new RequestFieldError([
        {
          field: args.contacts ? 'file' : 'contacts',
          message: 'give exactly one of contacts (inline) or file (a path)',
        },
      ]);
    if (args.file !== undefined && !context.localFiles)
      throw new RequestFieldError([
        {
          field: 'file',
          message:
            'this server is reached over HTTP, where naming files on its machine is not allowed; give the contacts inline',
        },
      ]);
    const campaignId = args.campaign_id ?? args.request_id ?? newCampaignId(Date.now());
    let outcome;
    try {
      outcome = await startCampaign(
        () => context.ringflow(),
        {
          campaignId,
          prompt: args.prompt,
          greeting: args.greeting,
          agentId: args.agent_id,
          concurrency: args.concurrency,
          window: args.window,
          days: args.days,
          retry: args.retry,
          deadline: args.deadline,
          phoneColumn: args.phone_column,
          contacts: args.contacts ? { inline: args.contacts } : { file: args.file! },
        },
        { dryRun: args.dry_run },
      );
    } catch (err) {
      // The operation names its settings (phoneColumn); the agent wrote this tool's (phone_column).
      if (err instanceof RequestFieldError)
        throw new RequestFieldError(err.problems.map((p) => ({ field: snake(p.field), message: p.message })));
      throw err;
    }
    if (outcome.kind === 'already_started')
      return {
        campaign_id: campaignId,
        workflow_id: outcome.workflowId,
        outcome: outcome.kind,
        message:
          'A campaign with this id already exists: nothing new was stored or called. Its status follows.',
        check: null,
        status: outcome.status,
      };
    const json = dryRunJson(outcome.report, outcome.definition);
    const check = {
      rows: json.rows,
      callable: json.callable,
      problem_counts: json.problemCounts as Record<string, number>,
      problems: json.problems.slice(0, DRY_RUN_PROBLEMS_SHOWN),
      first_calls: json.firstCalls.map((c) => ({
        row: c.row,
        time_zones: c.timeZones,
        greeting: c.greeting,
        prompt: c.prompt,
      })),
    };
    const problems = outcome.report.problems.length;
    const summary = `${json.callable} of ${json.rows} contacts can be called${problems ? `, ${problems} cannot (see check.problems)` : ''}`;
    if (outcome.kind === 'started') context.resourcesChanged();
    const message = {
      dry_run: `Dry run: ${summary}. Nothing was stored or called; call again with dry_run false to start.`,
      refused: `No contact can be called (${summary}): nothing was stored or called.`,
      started: `Started: ${summary}. Follow it with campaign_status.`,
    }[outcome.kind];
    return {
      campaign_id: campaignId,
      workflow_id: outcome.kind === 'started' ? outcome.workflowId : null,
      outcome: outcome.kind,
      message,
      check,
      status: null,
    };
  },
});

export const campaignStatusTool = defineTool({
  name: 'campaign_status',
  title: 'Follow a campaign',
  description:
    "Returns a campaign's counters: total, done, in progress, waiting, results by state (answered, " +
    'no_answer, busy, voicemail, …) and answers by kind. With wait_seconds it waits up to that long for ' +
    'the campaign to finish, reporting done/total as progress notifications.',
  input: z.strictObject({ campaign_id: CampaignIdSchema, wait_seconds: WaitSecondsSchema }),
  output: CampaignOutputSchema,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  nothingDone: 'nothing was changed',
  async run(args, context) {
    const { client } = await context.ringflow();
    const step = await waitUpTo(args.wait_seconds, context, async () => {
      const status = await campaignStatus(client, args.campaign_id);
      return {
        value: status,
        settled: ENDED.has(status.state),
        message: `${status.state}: ${status.done}/${status.total} done, ${status.active} in progress`,
        progress: { done: status.done, total: status.total },
      };
    });
    return campaignOutput(step.value);
  },
});

function controlTool(
  name: 'pause_campaign' | 'resume_campaign' | 'cancel_campaign',
  title: string,
  description: string,
  destructive: boolean,
) {
  return defineTool({
    name,
    title,
    description,
    input:
      name === 'cancel_campaign'
        ? z.strictObject({
            campaign_id: CampaignIdSchema,
            end_live_calls: z
              .boolean()
              .default(false)
              .describe('Also end calls in progress (default: let them finish)'),
          })
        : z.strictObject({ campaign_id: CampaignIdSchema }),
    output: CampaignOutputSchema,
    annotations: {
      readOnlyHint: false,
      destructiveHint: destructive,
      idempotentHint: true,
      openWorldHint: true,
    },
    nothingDone: 'nothing was changed',
    async run(args: { campaign_id: string; end_live_calls?: boolean }, context) {
      const { client } = await context.ringflow();
      const current = await campaignStatus(client, args.campaign_id);
      if (ENDED.has(current.state)) return campaignOutput(current);
      const handle = client.workflow.getHandle(workflowIds.campaign(args.campaign_id));
      const status =
        name === 'pause_campaign'
          ? await handle.executeUpdate(pauseCampaignUpdate)
          : name === 'resume_campaign'
            ? await handle.executeUpdate(resumeCampaignUpdate)
            : await handle.executeUpdate(cancelCampaignUpdate, {
                args: [{ endLiveCalls: args.end_live_calls ?? false }],
              });
      return campaignOutput(status);
    },
  });
}

export const pauseCampaignTool = controlTool(
  'pause_campaign',
  'Pause a campaign',
  'Stops a campaign from starting new calls; calls in progress finish. resume_campaign continues it. Pausing twice is harmless.',
  false,
);
export const resumeCampaignTool = controlTool(
  'resume_campaign',
  'Resume a campaign',
  'Lets a paused campaign start calls again (inside its calling window). Resuming a running campaign changes nothing.',
  false,
);
export const cancelCampaignTool = controlTool(
  'cancel_campaign',
  'Cancel a campaign',
  'Stops a campaign for good: nobody else is called. Calls in progress finish, unless end_live_calls is true. Cannot be undone; results so far stay readable.',
  true,
);

const RESULT_ROWS_DEFAULT = 20;
const RESULT_ROWS_MAX = 500;

export const campaignResultsTool = defineTool({
  name: 'campaign_results',
  title: "Read a campaign's results",
  description:
    "Returns the first rows of a campaign's results (one per contact, in contact order: phone, state, " +
    'answer, attempts, evidence from the transcript) and the counts by state and answer. Works while the ' +
    'campaign runs (pending / in_progress rows) and after it ends. For every row, use `ringflow campaign ' +
    'results <id>` on the server.',
  input: z.strictObject({
    campaign_id: CampaignIdSchema,
    limit: z
      .number()
      .int()
      .min(1)
      .max(RESULT_ROWS_MAX)
      .default(RESULT_ROWS_DEFAULT)
      .describe(`Rows to return (default ${RESULT_ROWS_DEFAULT}, at most ${RESULT_ROWS_MAX})`),
  }),
  output: z.object({
    campaign_id: z.string(),
    total: z.number(),
    by_state: z.record(z.string(), z.number()),
    by_answer: z.record(z.string(), z.number()),
    rows: z.array(
      z.object({
        row: z.number(),
        phone: z.string(),
        state: z.string(),
        answer: z.string(),
        attempts: z.number(),
        last_call_id: z.string(),
        evidence: z.string(),
      }),
    ),
    more: z.boolean(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  nothingDone: 'nothing was changed',
  async run(args, context) {
    const { client } = await context.ringflow();
    const status = await campaignStatus(client, args.campaign_id);
    const rows = [];
    let more = false;
    for await (const row of readCampaignResults(client, args.campaign_id)) {
      if (rows.length === args.limit) {
        more = true;
        break;
      }
      rows.push({
        row: row.row,
        phone: row.phone,
        state: row.state,
        answer: row.answer,
        attempts: row.attempts,
        last_call_id: row.lastCallId,
        evidence: row.evidence,
      });
    }
    return {
      campaign_id: args.campaign_id,
      total: status.total,
      by_state: status.byState,
      by_answer: status.byAnswer,
      rows,
      more,
    };
  },
});
