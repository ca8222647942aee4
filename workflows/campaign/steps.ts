import {
  ParentClosePolicy,
  getExternalWorkflowHandle,
  log,
  proxyActivities,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { apiActivityOptions } from '../activity-options';
import { contactSettingsSignal, dialVerdictSignal, stopContactSignal, workflowIds } from '../messages';
import type { CallCheckSchedule } from '../types';
import { campaignContactWorkflow } from './contact';
import { campaignSettingsWorkflow } from './settings-store';
import type { CampaignState } from './state';
import type { CampaignContact } from './types';

/** The stored settings outlive the deadline by this much (as the contact pages do). */
export const SETTINGS_KEEP_AFTER_DEADLINE_MS = 30 * 86_400_000;

const { readContactPage } = proxyActivities<Activities>(apiActivityOptions());

/**
 * The page being worked through. Only this run's current page is held (in memory and, once, as an
 * activity result in history), never the list.
 */
export class ContactPages {
  private page: { index: number; contacts: CampaignContact[] } | undefined;

  constructor(private readonly campaign: CampaignState) {}

  /** The contact at `index` in stored order, reading its page when it is not the one held. */
  async contactAt(index: number): Promise<CampaignContact> {
    const { pageSize } = this.campaign.contacts;
    const pageIndex = Math.floor(index / pageSize);
    if (this.page?.index !== pageIndex) {
      const contacts = await readContactPage({
        campaignId: this.campaign.contacts.storeId ?? this.campaign.definition.campaignId,
        page: pageIndex,
      });
      this.page = { index: pageIndex, contacts };
    }
    const contact = this.page.contacts[index % pageSize];
    if (!contact) throw new Error(`page ${pageIndex} has no contact ${index % pageSize}`);
    return contact;
  }
}

/**
 * Starts the children of every contact that fits the window now, all in one workflow task: their
 * start commands go out together and their started events come back together, so filling the window
 * costs a workflow task or two instead of one per contact (and finished contacts are replaced sooner).
 * A budgeted campaign starts one at a time: each child's first dial request reserves its call before
 * the next child is let in. Children outlive a continue-as-new of the campaign (ABANDON) and report to
 * the campaign's workflow id, so the run that is current when they finish counts them.
 */
export async function startContactsThatFit(
  campaign: CampaignState,
  pages: ContactPages,
  checks: Partial<CallCheckSchedule> | undefined,
): Promise<void> {
  const starts: Promise<unknown>[] = [];
  do {
    const contact = await pages.contactAt(campaign.carry.nextIndex);
    campaign.started(contact.row);
    starts.push(startContact(campaign, contact, checks));
  } while (!campaign.budget.capped && campaign.canStartNext(Date.now()));
  await Promise.all(starts);
}

function startContact(
  campaign: CampaignState,
  contact: CampaignContact,
  checks: Partial<CallCheckSchedule> | undefined,
) {
  const d = campaign.definition;
  return startChild(campaignContactWorkflow, {
    workflowId: workflowIds.campaignContact(d.campaignId, contact.row),
    parentClosePolicy: ParentClosePolicy.ABANDON,
    args: [
      {
        campaignId: d.campaignId,
        parentWorkflowId: workflowInfo().workflowId,
        contact,
        window: d.window,
        deadlineMs: d.deadlineMs,
        ...(campaign.budget.capped ? { budgeted: true } : {}),
        ...(checks ? { checks } : {}),
      },
    ],
  });
}

/**
 * Stores the call settings every contact shares, once per campaign (`campaign-settings:<id>`), so that
 * no child's start event repeats them. It outlives this run (ABANDON) and every continue-as-new.
 */
export async function storeCallSettings(campaign: CampaignState): Promise<void> {
  const d = campaign.definition;
  try {
    await startChild(campaignSettingsWorkflow, {
      workflowId: workflowIds.campaignSettings(d.campaignId),
      parentClosePolicy: ParentClosePolicy.ABANDON,
      args: [
        {
          campaignId: d.campaignId,
          settings: {
            prompt: d.prompt,
            ...(d.greeting !== undefined ? { greeting: d.greeting } : {}),
            ...(d.agentId !== undefined ? { agentId: d.agentId } : {}),
            outcomes: d.outcomes,
            retry: d.retry,
            ...(d.pricePerMinuteUsd !== undefined ? { pricePerMinuteUsd: d.pricePerMinuteUsd } : {}),
            ...(d.voicemailMessage !== undefined ? { voicemailMessage: d.voicemailMessage } : {}),
            ...(d.followUps !== undefined ? { followUps: d.followUps } : {}),
          },
          keepUntilMs: d.deadlineMs + SETTINGS_KEEP_AFTER_DEADLINE_MS,
        },
      ],
    });
  } catch (err) {
    // Already running: stored by this campaign before (a reset re-runs this step); nothing to add.
    if ((err as Error).name !== 'WorkflowExecutionAlreadyStartedError') throw err;
    log.warn('the campaign settings were stored already', { campaignId: d.campaignId });
  }
}

/** Tells every child in flight about a new window or deadline. */
export async function tellChildrenSettings(campaign: CampaignState): Promise<void> {
  const d = campaign.definition;
  await Promise.all(
    campaign.carry.inFlight.map((row) =>
      getExternalWorkflowHandle(workflowIds.campaignContact(d.campaignId, row))
        .signal(contactSettingsSignal, {
          window: d.window,
          deadlineMs: d.deadlineMs,
          budgeted: campaign.budget.capped,
        })
        .catch((err: unknown) => log.warn('could not reach a contact', { row, error: String(err) })),
    ),
  );
}

/** Answers the dial requests the budget can decide now: granted while a call fits, refused once none will. */
export async function sendDialVerdicts(campaign: CampaignState): Promise<void> {
  const { campaignId } = campaign.definition;
  await Promise.all(
    campaign.budget.decide().map(({ row, verdict }) =>
      getExternalWorkflowHandle(workflowIds.campaignContact(campaignId, row))
        .signal(dialVerdictSignal, verdict)
        .catch((err: unknown) => log.warn('could not reach a contact', { row, error: String(err) })),
    ),
  );
}

/** Cancel: in-flight children make no further call; with `endLiveCalls` their live calls end too. */
export async function stopChildren(campaign: CampaignState): Promise<void> {
  const { campaignId } = campaign.definition;
  await Promise.all(
    campaign.carry.inFlight.map(async (row) => {
      const child = getExternalWorkflowHandle(workflowIds.campaignContact(campaignId, row));
      try {
        if (campaign.carry.endLiveCalls) await child.cancel();
        else await child.signal(stopContactSignal);
      } catch (err) {
        log.warn('could not reach a contact', { row, error: String(err) });
      }
    }),
  );
}
