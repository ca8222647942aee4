import { allHandlersFinished, condition, continueAsNew, log, setHandler } from '@temporalio/workflow';
import { timeToContinueAsNew } from '../continue-as-new';
import {
  cancelCampaignUpdate,
  contactFinishedSignal,
  contactSpendSignal,
  dialRequestSignal,
  getCampaignStatusQuery,
  pauseCampaignUpdate,
  resumeCampaignUpdate,
  updateCampaignUpdate,
} from '../messages';
import type { CallCheckSchedule } from '../types';
import { assertValidChange } from './checks';
import { CampaignState, type CampaignCarry } from './state';
import {
  ContactPages,
  sendDialVerdicts,
  startContactsThatFit,
  stopChildren,
  storeCallSettings,
  tellChildrenSettings,
} from './steps';
import type { CampaignContactsRef, CampaignDefinition, CampaignStatus } from './types';

/** The input of `campaign:<id>`: the checked definition and where its contacts are stored. */
export interface CampaignInput {
  definition: CampaignDefinition;
  contacts: CampaignContactsRef;
  /** Continue as new at this many history events (tests lower it). */
  continueAsNewAfterEvents?: number;
  /** Safety-net timing of each call (tests shorten it). */
  checks?: Partial<CallCheckSchedule>;
  /** Set by continue-as-new: the previous run's counters and position. */
  carried?: CampaignCarry;
}

/**
 * A scheduled call campaign (`campaign:<id>`): reads the stored contacts page by page and runs one
 * child per contact (`campaign:<id>:contact:<row>`) inside a sliding window of `concurrency` — the next
 * starts as one finishes — keeping counters, never lists, and continuing as new with its counters,
 * position and the rows in flight. Children report their one result by signal to this workflow id,
 * so counts stay exact across runs. Query `get-campaign-status`; updates `pause`, `resume`, `cancel`
 * and `update` (concurrency, window, deadline), each validated before it reaches history.
 *
 * @example
 * await client.workflow.start(campaignWorkflow, {
 *   taskQueue: TASK_QUEUE, workflowId: workflowIds.campaign('spring'), args: [{ definition, contacts }],
 * });
 */
export async function campaignWorkflow(input: CampaignInput): Promise<CampaignStatus> {
  const campaign = new CampaignState(input.definition, input.contacts, input.carried, Date.now());
  const pages = new ContactPages(campaign);
  let settingsChanged = false;
  let stopping = false;
  // Dial requests held over from the previous run are decided first.
  let budgetToDecide = campaign.budget.carry.waiting.length > 0;

  setHandler(getCampaignStatusQuery, () => campaign.status(Date.now()));
  setHandler(contactFinishedSignal, (result) => {
    if (!campaign.finish(result))
      log.warn('a contact result counted already or unknown', { row: result.row });
    // A released reservation may let a waiting request through (or show none ever will).
    budgetToDecide ||= campaign.budget.carry.waiting.length > 0;
  });
  setHandler(dialRequestSignal, (request) => {
    if (!campaign.carry.inFlight.includes(request.row)) return;
    campaign.budget.request(request);
    budgetToDecide = true;
  });
  setHandler(contactSpendSignal, ({ row, billedSeconds, costMicros }) => {
    if (!campaign.carry.inFlight.includes(row)) return;
    campaign.budget.report(row, { billedSeconds, costMicros });
    budgetToDecide ||= campaign.budget.carry.waiting.length > 0;
  });
  setHandler(pauseCampaignUpdate, () => (campaign.pause(), campaign.status(Date.now())), {
    validator: () => campaign.checkControl('pause'),
  });
  setHandler(resumeCampaignUpdate, () => (campaign.resume(), campaign.status(Date.now())), {
    validator: () => campaign.checkControl('resume'),
  });
  setHandler(
    cancelCampaignUpdate,
    ({ endLiveCalls }) => {
      campaign.cancel(endLiveCalls === true);
      stopping = true;
      return campaign.status(Date.now());
    },
    { validator: (_request: { endLiveCalls: boolean }) => campaign.checkControl('cancel') },
  );
  setHandler(
    updateCampaignUpdate,
    (change) => {
      const wasCapped = campaign.budget.capped;
      campaign.apply(change);
      // Children learn of a first cap by signal: from then on they ask before each dial.
      settingsChanged =
        change.window !== undefined ||
        change.deadlineMs !== undefined ||
        (!wasCapped && campaign.budget.capped);
      budgetToDecide ||= change.budget !== undefined && campaign.budget.carry.waiting.length > 0;
      return campaign.status(Date.now());
    },
    {
      validator: (change) => {
        if (campaign.carry.state !== 'running' && campaign.carry.state !== 'paused')
          throw new Error(`Cannot update: the campaign is ${campaign.carry.state}.`);
        assertValidChange(change, Date.now());
        const problem = change.budget && campaign.budget.problemOf(change.budget);
        if (problem) throw new Error(problem);
      },
    },
  );

  // Once per campaign, before the first child: the settings its children read instead of carrying.
  if (!campaign.carry.settingsStored) {
    await storeCallSettings(campaign);
    campaign.carry.settingsStored = true;
  }
  for (;;) {
    if (stopping) {
      stopping = false;
      await stopChildren(campaign);
    }
    if (settingsChanged) {
      settingsChanged = false;
      await tellChildrenSettings(campaign);
    }
    if (budgetToDecide) {
      budgetToDecide = false;
      await sendDialVerdicts(campaign);
    }
    // Once not one more call fits in the budget, the contacts not yet handed out are not called.
    if (campaign.budgetSpent) campaign.closeRemaining('budget_reached');
    // Past the deadline nothing new starts: the contacts not yet handed out end as `expired` at once.
    if (Date.now() >= campaign.definition.deadlineMs) campaign.closeRemaining('expired');
    if (campaign.finished) break;
    if (timeToContinueAsNew(input.continueAsNewAfterEvents)) {
      await condition(allHandlersFinished);
      // Handlers may have queued dial requests meanwhile: they travel in the carry (waiting).
      return continueAsNew<typeof campaignWorkflow>({
        ...input,
        definition: campaign.definition,
        carried: campaign.carry,
      });
    }
    if (campaign.canStartNext(Date.now())) {
      await startContactsThatFit(campaign, pages, input.checks);
      continue;
    }
    const somethingToDo = () =>
      stopping ||
      settingsChanged ||
      budgetToDecide ||
      campaign.finished ||
      campaign.canStartNext(Date.now()) ||
      campaign.budgetSpent ||
      timeToContinueAsNew(input.continueAsNewAfterEvents);
    // Until the deadline a timer wakes the loop to close what is left; after it, only the children do.
    const untilDeadline = campaign.definition.deadlineMs - Date.now();
    if (untilDeadline > 0) await condition(somethingToDo, untilDeadline);
    else await condition(somethingToDo);
  }
  if (campaign.carry.state !== 'cancelled') campaign.carry.state = 'completed';
  await condition(allHandlersFinished);
  return campaign.status(Date.now());
}
