/**
 * Counts what activities did, from their results, so the activities themselves stay about their one side
 * effect: a wrapper around the few activities that place calls, send SMS or read an ended call.
 */
import { Context } from '@temporalio/activity';
import type { PlacedCall, PlaceCallRequest, SuppressedCall } from './calls';
import type { SendSmsRequest, SentSms, SuppressedSms } from './sms';
import type { RelaySmsRequest, SmsRelayResult } from './sms-relay';
import type { SpokenOptOutResult } from './opt-out';
import type { CallRecord } from '../workflows/types';
import { flowOfWorkflowId, metricCallStatus, type ActivityMetrics } from './metrics';

/** The activities the wrapper counts; every other activity passes through untouched. */
interface MeteredActivities {
  placeCall(request: PlaceCallRequest): Promise<PlacedCall | SuppressedCall>;
  sendSms(request: SendSmsRequest): Promise<SentSms | SuppressedSms>;
  relaySmsToOwner(request: RelaySmsRequest): Promise<SmsRelayResult>;
  recordSpokenOptOut(input: { call: CallRecord }): Promise<SpokenOptOutResult>;
  noteCallOutcome(input: { status: CallRecord['status'] }): Promise<{ status: CallRecord['status'] }>;
}

/** The workflow id of the running activity's workflow, or '' outside an activity (unit tests). */
function callerWorkflowId(): string {
  try {
    return Context.current().info.workflowExecution?.workflowId ?? '';
  } catch {
    return '';
  }
}

/**
 * Returns `activities` with counting around placeCall, sendSms, relaySmsToOwner, recordSpokenOptOut and
 * noteCallOutcome (an ended call's outcome is counted by whichever of the last two its workflow ran).
 * A count moves only when the activity returns, so a failed attempt that Temporal retries counts once,
 * when the retry returns (reconciled or not).
 *
 * @example const activities = meterActivities(createActivities(deps), createActivityMetrics(registry));
 */
export function meterActivities<T extends MeteredActivities>(activities: T, metrics: ActivityMetrics): T {
  return {
    ...activities,
    async placeCall(request: PlaceCallRequest) {
      const result = await activities.placeCall(request);
      if (result.suppressed) metrics.optOutsHonoured.inc({ channel: 'call' });
      else {
        metrics.callsPlaced.inc({ flow: flowOfWorkflowId(request.intentKey) });
        if (result.reconciled) metrics.reconciliations.inc({ side_effect: 'call' });
      }
      return result;
    },
    async sendSms(request: SendSmsRequest) {
      const result = await activities.sendSms(request);
      if (result.suppressed) metrics.optOutsHonoured.inc({ channel: 'sms' });
      else {
        metrics.smsSent.inc({ flow: flowOfWorkflowId(request.intentKey) });
        if (result.reconciled) metrics.reconciliations.inc({ side_effect: 'sms' });
      }
      return result;
    },
    async relaySmsToOwner(request: RelaySmsRequest) {
      const result = await activities.relaySmsToOwner(request);
      if (result.relayed) metrics.smsSent.inc({ flow: flowOfWorkflowId(request.inboxWorkflowId) });
      else if (result.skipped === 'owner-opted-out') metrics.optOutsHonoured.inc({ channel: 'sms' });
      return result;
    },
    async recordSpokenOptOut(input: { call: CallRecord }) {
      const result = await activities.recordSpokenOptOut(input);
      metrics.callOutcomes.inc({
        flow: flowOfWorkflowId(callerWorkflowId()),
        status: metricCallStatus(input.call.status),
      });
      return result;
    },
    async noteCallOutcome(input: { status: CallRecord['status'] }) {
      const result = await activities.noteCallOutcome(input);
      metrics.callOutcomes.inc({
        flow: flowOfWorkflowId(callerWorkflowId()),
        status: metricCallStatus(input.status),
      });
      return result;
    },
  };
}
