import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { AgentPhone } from '../agentphone';
import type { Logger } from '../common/process/logger';
import type { CallLimits } from '../common/process/config/call-limits';
import type { NumberKeyer } from '../common/process/number-key';
import type { OutcomeExtractor } from '../outcome/extractors';
import { createCallActivities } from './calls';
import { temporalIntentRecorder } from './intent';
import { createCampaignActivities } from './campaign';
import { createCampaignWindowActivities } from './campaign-window';
import { createLimiterActivities } from './limiter';
import { createMailboxActivities } from './mailbox';
import { createOptOutActivities, suppressionCheck } from './opt-out';
import { createCallOutcomeActivities } from './call-outcome';
import type { OptOutScope } from '../common/opt-out';
import { createMissedCallActivities } from './missed-calls';
import { createOutcomeActivities } from './outcome';
import { createPlanningActivities } from './planning';
import { createSmsActivities } from './sms';
import { createSmsRelayActivities } from './sms-relay';
import { createOnboardingActivities, type OnboardingDeps } from './onboarding';
import { meterActivities } from './metered';
import { endTemporalCallsOnCancel } from './cancellable-temporal-calls';
import type { ActivityMetrics } from './metrics';

/** What activities need from the outside world; the worker builds it once, tests inject fakes. */
export interface ActivityDeps {
  logger: Logger;
  /** The AgentPhone client (its own retries are off: Temporal retries, after reconciling). */
  agentphone: AgentPhone;
  /** A Temporal client, for subscribing to call mailboxes and SMS inboxes (signalWithStart). */
  temporal: Client;
  taskQueue: string;
  /** The agent used when a workflow does not name one (AGENTPHONE_AGENT_ID, or the simulator's). */
  defaultAgentId?: string | undefined;
  outcomeExtractors?: OutcomeExtractor[] | undefined;
  /** Keys phone numbers for workflow ids (RINGFLOW_NUMBER_KEY): no number in clear in an id. */
  numberKey: NumberKeyer;
  /** Who the first SMS to a contact says it is from (RINGFLOW_SMS_SENDER, default "Ringflow"). */
  smsSender?: string | undefined;
  /** Which contacts an opt-out stops (RINGFLOW_OPT_OUT_SCOPE): `all` (default) or `per-channel`. */
  optOutScope?: OptOutScope | undefined;
  /** Caps on live calls and daily attempts across all flows (RINGFLOW_MAX_*); defaults when absent. */
  callLimits?: CallLimits | undefined;
  /** Where onboarding's verify writes a new API key (RINGFLOW_CREDENTIALS_FILE); none: onboarding refused. */
  onboarding?: OnboardingDeps | undefined;
  /** ringflow's worker counters (calls placed, outcomes, SMS, reconciliations, opt-outs); none when absent. */
  metrics?: ActivityMetrics | undefined;
}

/**
 * Builds ringflow's activities. Each returned function is one activity with at most one side effect;
 * the Temporal calls it makes end when it is cancelled (a worker shutting down cancels its activities).
 */
export function createActivities(deps: ActivityDeps) {
  const suppressionOf = suppressionCheck(deps, deps.optOutScope ?? 'all');
  const recordIntent = temporalIntentRecorder(deps.temporal);
  const activities = {
    ...createCallActivities({ ...deps, suppressionOf, recordIntent }),
    ...createSmsActivities({ ...deps, suppressionOf, recordIntent }),
    ...createOptOutActivities(deps),
    ...createCallOutcomeActivities(),
    ...createSmsRelayActivities({ ...deps, suppressionOf, recordIntent }),
    ...createMailboxActivities(deps),
    ...createLimiterActivities(deps),
    ...createOutcomeActivities(deps),
    ...createPlanningActivities(),
    ...createMissedCallActivities(deps),
    ...createCampaignActivities(deps),
    ...createCampaignWindowActivities(),
    ...createOnboardingActivities(deps),

    /** Answers a self-check round trip; no side effect. */
    async ping(note: string): Promise<{ note: string; answeredBy: string }> {
      const answeredBy = `worker pid ${process.pid} on task queue ${Context.current().info.taskQueue}`;
      deps.logger.debug({ note }, 'ping');
      return { note, answeredBy };
    },
  };
  const metered = deps.metrics ? meterActivities(activities, deps.metrics) : activities;
  return endTemporalCallsOnCancel(metered, deps.temporal);
}

export type Activities = ReturnType<typeof createActivities>;
