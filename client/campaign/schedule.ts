/**
 * Campaign schedules in Temporal: creating one from a checked plan, reading them back for
 * `campaign schedules list`, and deleting one (its contact pages then end after the last run's results
 * have had their time). The firing itself is Temporal's: no timer loop of ours.
 */
import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  WorkflowNotFoundError,
  type Client,
  type ScheduleDescription,
} from '@temporalio/client';
import { scheduledCampaignWorkflow, type ScheduledCampaignInput } from '../../workflows';
import { keepContactPageUntilSignal, workflowIds } from '../../workflows/messages';
import { scheduledCampaignId } from '../../workflows/campaign/scheduled';
import type { CampaignContactsRef, CampaignDefinition } from '../../workflows/campaign/types';
import { UsageError } from '../commands/shared';
import {
  CAMPAIGN_OVERLAPS,
  PAGES_KEEP_AFTER_LAST_RUN_MS,
  type CampaignOverlap,
  type CampaignSchedulePlan,
} from './schedule-flags';

const SCHEDULE_PREFIX = workflowIds.campaignSchedule('');

/** What the schedule's memo holds for `list` and `delete` (no contact, no prompt). */
export interface CampaignScheduleMemo {
  name: string;
  description: string;
  overlap: CampaignOverlap;
  taskQueue: string;
  storeId: string;
  pageCount: number;
  /** How long after its start a run may dial (the deadline as a span; pages outlive the last one). */
  runSpanMs: number;
}

/** One fired run, as `campaign schedules list` shows it. */
export interface CampaignScheduleRun {
  campaignId: string;
  workflowId: string;
  scheduledAt: string;
  takenAt: string;
}

/** A campaign schedule as the operator sees it. */
export interface CampaignScheduleView {
  name: string;
  scheduleId: string;
  description: string;
  overlap: CampaignOverlap;
  paused: boolean;
  note: string | null;
  nextFireTimes: string[];
  /** Runs fired, older first (Temporal keeps the last ten). */
  recentRuns: CampaignScheduleRun[];
  runningCampaignIds: string[];
  actionsTaken: number;
  skippedForOverlap: number;
}

/** Whether a schedule of that name exists (checked before anything is stored). */
export async function campaignScheduleExists(client: Client, name: string): Promise<boolean> {
  try {
    await client.schedule.getHandle(workflowIds.campaignSchedule(name)).describe();
    return true;
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return false;
    throw err;
  }
}

/** Extra inputs of every fired run (tests shorten the call checks or lower the continue-as-new threshold). */
export type ScheduledRunExtras = Pick<ScheduledCampaignInput, 'checks' | 'continueAsNewAfterEvents'>;

/**
 * Creates the schedule whose every firing runs `definition` over the contacts stored under
 * `contacts.storeId`. A one-time `--at` that passed while the contacts were being stored runs at once.
 */
export async function createCampaignSchedule(
  client: Client,
  taskQueue: string,
  plan: CampaignSchedulePlan,
  definition: CampaignDefinition,
  contacts: CampaignContactsRef & { storeId: string },
  extras: ScheduledRunExtras = {},
): Promise<{ scheduleId: string }> {
  const { campaignId: _placeholder, deadlineMs: _unused, ...template } = definition;
  const input: ScheduledCampaignInput = {
    scheduleName: plan.name,
    template,
    deadline: plan.deadline,
    contacts,
    ...extras,
  };
  const firstMs = plan.nextFireTimesMs[0]!;
  const memo: CampaignScheduleMemo = {
    name: plan.name,
    description: plan.description,
    overlap: plan.overlap,
    taskQueue,
    storeId: contacts.storeId,
    pageCount: contacts.pageCount,
    runSpanMs: 'atMs' in plan.deadline ? plan.deadline.atMs - firstMs : plan.deadline.afterStartMs,
  };
  const missedOnce = plan.kind === 'once' && firstMs <= Date.now();
  const scheduleId = workflowIds.campaignSchedule(plan.name);
  try {
    await client.schedule.create({
      scheduleId,
      spec: plan.spec,
      action: {
        type: 'startWorkflow',
        workflowType: scheduledCampaignWorkflow,
        taskQueue,
        workflowId: workflowIds.campaignScheduleRun(plan.name),
        args: [input],
      },
      policies: {
        overlap: CAMPAIGN_OVERLAPS[plan.overlap],
        catchupWindow: plan.catchupWindowMs,
        pauseOnFailure: false,
      },
      memo: { ...memo },
      state: {
        triggerImmediately: plan.triggerImmediately || missedOnce,
        ...(plan.remainingActions !== undefined
          ? { remainingActions: missedOnce ? 0 : plan.remainingActions }
          : {}),
        note: `ringflow campaign ${plan.description}`,
      },
    });
  } catch (err) {
    if (err instanceof ScheduleAlreadyRunning)
      throw new UsageError(`--id: a schedule "${plan.name}" exists already; choose another id or delete it`);
    throw err;
  }
  return { scheduleId };
}

function viewOf(description: ScheduleDescription): CampaignScheduleView {
  const memo = description.memo as unknown as CampaignScheduleMemo;
  const run = (workflowId: string, at: Date): string =>
    scheduledCampaignId(memo.name, workflowId, at.getTime());
  return {
    name: memo.name,
    scheduleId: description.scheduleId,
    description: memo.description,
    overlap: memo.overlap,
    paused: description.state.paused,
    note: description.state.note ?? null,
    nextFireTimes: description.info.nextActionTimes.map((t) => t.toISOString()),
    recentRuns: description.info.recentActions.map((a) => ({
      campaignId: run(a.action.workflow.workflowId, a.takenAt),
      workflowId: a.action.workflow.workflowId,
      scheduledAt: a.scheduledAt.toISOString(),
      takenAt: a.takenAt.toISOString(),
    })),
    runningCampaignIds: description.info.runningActions.map((a) => run(a.workflow.workflowId, new Date())),
    actionsTaken: description.info.numActionsTaken,
    skippedForOverlap: description.info.numActionsSkippedOverlap,
  };
}

async function describeOurs(client: Client, name: string, taskQueue: string): Promise<ScheduleDescription> {
  try {
    const description = await client.schedule.getHandle(workflowIds.campaignSchedule(name)).describe();
    const memo = description.memo as Partial<CampaignScheduleMemo> | undefined;
    if (memo?.taskQueue === taskQueue) return description;
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError)) throw err;
  }
  throw new UsageError(
    `No campaign schedule "${name}" (see \`ringflow campaign schedules list\` for the names).`,
  );
}

/** One schedule of this deployment (task queue), or a UsageError naming the unknown name. */
export async function describeCampaignSchedule(
  client: Client,
  name: string,
  taskQueue: string,
): Promise<CampaignScheduleView> {
  return viewOf(await describeOurs(client, name, taskQueue));
}

/** Every campaign schedule of this deployment (listing is eventually consistent; each is then described). */
export async function listCampaignSchedules(
  client: Client,
  taskQueue: string,
): Promise<CampaignScheduleView[]> {
  const views: CampaignScheduleView[] = [];
  for await (const summary of client.schedule.list()) {
    if (!summary.scheduleId.startsWith(SCHEDULE_PREFIX)) continue;
    const memo = summary.memo as Partial<CampaignScheduleMemo> | undefined;
    if (memo?.taskQueue !== taskQueue || !memo.name) continue;
    try {
      views.push(viewOf(await describeOurs(client, memo.name, taskQueue)));
    } catch (err) {
      // Deleted between the listing and the description.
      if (!(err instanceof UsageError)) throw err;
    }
  }
  return views.sort((a, b) => a.name.localeCompare(b.name));
}

/** `pause | resume | trigger` of one schedule; returns it afterwards. */
export async function controlCampaignSchedule(
  client: Client,
  name: string,
  taskQueue: string,
  action: 'pause' | 'resume' | 'trigger',
  note: string | undefined,
): Promise<CampaignScheduleView> {
  await describeOurs(client, name, taskQueue);
  const handle = client.schedule.getHandle(workflowIds.campaignSchedule(name));
  if (action === 'pause') await handle.pause(note ?? 'paused by ringflow campaign schedules pause');
  else if (action === 'resume') await handle.unpause(note ?? 'resumed by ringflow campaign schedules resume');
  else await handle.trigger();
  return viewOf(await handle.describe());
}

/**
 * Deletes the schedule (no further run; runs already going carry on) and lets its contact pages end
 * once the last run's deadline and results time have passed.
 */
export async function deleteCampaignSchedule(
  client: Client,
  name: string,
  taskQueue: string,
  nowMs: number,
): Promise<{ pagesKeptUntil: string }> {
  const description = await describeOurs(client, name, taskQueue);
  const memo = description.memo as unknown as CampaignScheduleMemo;
  await client.schedule.getHandle(description.scheduleId).delete();
  const keepUntilMs = nowMs + memo.runSpanMs + PAGES_KEEP_AFTER_LAST_RUN_MS;
  for (let page = 0; page < memo.pageCount; page += 1) {
    try {
      await client.workflow
        .getHandle(workflowIds.campaignContactPage(memo.storeId, page))
        .signal(keepContactPageUntilSignal, keepUntilMs);
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }
  return { pagesKeptUntil: new Date(keepUntilMs).toISOString() };
}
