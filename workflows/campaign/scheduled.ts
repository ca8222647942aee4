import { ParentClosePolicy, executeChild, workflowInfo } from '@temporalio/workflow';
import { workflowIds } from '../messages';
import type { CallCheckSchedule } from '../types';
import { campaignWorkflow } from './workflow';
import type { CampaignContactsRef, CampaignDefinition, CampaignStatus } from './types';

/** When a fired run stops dialling: a span after the run starts (recurring), or an instant (`--at`). */
export type ScheduledCampaignDeadline = { afterStartMs: number } | { atMs: number };

/** The input a campaign schedule's action carries: the same for every run it fires. */
export interface ScheduledCampaignInput {
  /** The schedule's name (`--id`): each run's campaign id is `<name>-<fire time>`. */
  scheduleName: string;
  /** The checked definition, without the parts each run gets for itself. */
  template: Omit<CampaignDefinition, 'campaignId' | 'deadlineMs'>;
  deadline: ScheduledCampaignDeadline;
  /** The schedule's stored contacts (`storeId` set: every run reads the same pages). */
  contacts: CampaignContactsRef;
  continueAsNewAfterEvents?: number;
  checks?: Partial<CallCheckSchedule>;
}

/** What a fired run returns: which campaign it ran, and that campaign's final status. */
export interface ScheduledCampaignResult {
  campaignId: string;
  status: CampaignStatus;
}

const FIRE_TIME_SUFFIX = /-(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

/**
 * The campaign id of one fired run: the schedule's name and the fire time Temporal appended to the
 * run's workflow id (`campaign-run:weekly-2026-12-07T09:00:00Z` → `weekly-20261207T090000Z`), so the
 * same firing always names the same campaign. A run started without that suffix uses its start time.
 */
export function scheduledCampaignId(scheduleName: string, runWorkflowId: string, startMs: number): string {
  const m = FIRE_TIME_SUFFIX.exec(runWorkflowId);
  const stamp = m
    ? `${m[1]}${m[2]}${m[3]}T${m[4]}${m[5]}${m[6]}Z`
    : new Date(startMs).toISOString().replace(/[-:]|\.\d{3}/g, '');
  return `${scheduleName}-${stamp}`;
}

const FIRED_CAMPAIGN_ID = /^(.+)-\d{8}T\d{6}Z$/;

/** The schedule a campaign id of {@link scheduledCampaignId}'s shape may come from (`weekly-20261207T090000Z` → `weekly`). */
export function scheduleNameOfCampaign(campaignId: string): string | undefined {
  return FIRED_CAMPAIGN_ID.exec(campaignId)?.[1];
}

/**
 * One run of a campaign schedule (`campaign-run:<name>-<fire time>`, started by Temporal Schedules):
 * derives its own campaign id from its workflow id and its deadline from its start, then runs
 * `campaign:<that id>` as a child and waits for it — so the schedule's overlap policy sees a run as
 * going until its campaign has ended. The child is abandoned if this run is ever terminated: the
 * campaign is controlled by its own commands (`campaign pause|cancel <id>`), never by this wrapper.
 *
 * @example
 * await client.schedule.create({
 *   scheduleId: workflowIds.campaignSchedule('weekly'),
 *   spec: { cronExpressions: ['0 9 * * mon'] },
 *   action: { type: 'startWorkflow', workflowType: scheduledCampaignWorkflow, taskQueue,
 *             workflowId: workflowIds.campaignScheduleRun('weekly'), args: [input] },
 * });
 */
export async function scheduledCampaignWorkflow(
  input: ScheduledCampaignInput,
): Promise<ScheduledCampaignResult> {
  const startMs = Date.now();
  const campaignId = scheduledCampaignId(input.scheduleName, workflowInfo().workflowId, startMs);
  const deadlineMs = 'atMs' in input.deadline ? input.deadline.atMs : startMs + input.deadline.afterStartMs;
  const status = await executeChild(campaignWorkflow, {
    workflowId: workflowIds.campaign(campaignId),
    parentClosePolicy: ParentClosePolicy.ABANDON,
    args: [
      {
        definition: { ...input.template, campaignId, deadlineMs },
        contacts: input.contacts,
        ...(input.continueAsNewAfterEvents !== undefined
          ? { continueAsNewAfterEvents: input.continueAsNewAfterEvents }
          : {}),
        ...(input.checks ? { checks: input.checks } : {}),
      },
    ],
  });
  return { campaignId, status };
}
