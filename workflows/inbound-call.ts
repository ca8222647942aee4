import { condition, getExternalWorkflowHandle, log, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { InboundCallReading } from '../outcome/inbound-call';
import { apiActivityOptions } from './activity-options';
import { callEndedSignal, callerReachedSignal, workflowIds } from './messages';
import { missedCallSms } from './missed-call/text';
import type { CallEndedNotice } from './types';

const { inspectInboundCall, joinMissedCallback, sendSms } = proxyActivities<Activities>(apiActivityOptions());
/** Writing the opt-out list only talks to Temporal: retried through a long outage, never dropped. */
const { recordSpokenOptOut } = proxyActivities<Activities>(apiActivityOptions('1 day'));

export interface InboundCallInput {
  callId: string;
  agentId: string;
  /** How long to wait for the call's `agent.call_ended` (it normally comes with the start). */
  idleTimeoutMs?: number;
}

export interface InboundCallResult {
  callId: string;
  /** What the call was; null when no event came or the agent has no missed-call settings. */
  reading: InboundCallReading | null;
  /** What was done about it. */
  actions: ('callback' | 'owner-sms' | 'cancelled-callback')[];
  /** Why nothing was done, when nothing was. */
  skipped: string | null;
}

const DEFAULT_IDLE_TIMEOUT_MS = 24 * 60 * 60_000;

/**
 * The triage of one ended inbound call (`inbound-call:<callId>`), started by the ingress with the
 * call's `agent.call_ended` (a duplicate webhook is ignored). An activity reads the agent's missed-call
 * settings and what the call was; then: missed, or answered with a request for a callback → the
 * caller's callback series (`missed-call:<agentId>:<callerKey>`) is started or joined; answered with a
 * message (or any answered call, per the owner's triage setting) → one SMS to the owner; any other
 * answered call from the caller cancels their pending callback. Callers that cannot be called back
 * (no caller id, anonymous, short codes, emergency and non-NANP numbers) never are.
 */
export async function inboundCallWorkflow(input: InboundCallInput): Promise<InboundCallResult> {
  let notice: CallEndedNotice | undefined;
  setHandler(callEndedSignal, (incoming) => {
    notice ??= incoming;
  });
  const result: InboundCallResult = { callId: input.callId, reading: null, actions: [], skipped: null };
  if (!(await condition(() => notice !== undefined, input.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS)))
    return { ...result, skipped: 'no call_ended event came' };
  const call = notice!.call;
  const inspected = await inspectInboundCall({ agentId: input.agentId, call });
  result.reading = inspected.reading;
  // A caller who said "stop calling me" to the agent goes on the opt-out list, whatever the settings:
  // the callback below (and every later flow) then finds the number listed and does not call.
  if (inspected.reading.kind !== 'missed') await recordSpokenOptOut({ call });
  if (!inspected.settings)
    return { ...result, skipped: 'missed-call callbacks are not enabled for this agent' };
  const { settings, reading } = inspected;

  const wantsCallback = reading.kind === 'missed' || reading.kind === 'callback_requested';
  if (wantsCallback && inspected.callerCallable) {
    await joinMissedCallback({
      agentId: input.agentId,
      callerNumber: call.from!,
      settings,
      miss: {
        callId: call.callId,
        at: call.endedAt ?? new Date().toISOString(),
        reason: reading.kind === 'missed' ? 'missed' : 'callback_requested',
      },
    });
    result.actions.push('callback');
  } else if (wantsCallback) {
    result.skipped = `not called back: ${inspected.callerProblem ?? 'the caller cannot be called'}`;
  }

  const answered = reading.kind !== 'missed';
  const worthTelling =
    settings.triage === 'every'
      ? answered
      : settings.triage === 'messages' &&
        (reading.kind === 'message' || reading.kind === 'callback_requested');
  if (worthTelling) {
    try {
      await sendSms({
        intentKey: `${workflowIds.inboundCall(input.callId)}:owner`,
        agentId: input.agentId,
        toNumber: settings.notifyNumber,
        body: missedCallSms.triage(call, reading),
      });
      result.actions.push('owner-sms');
    } catch (err) {
      // The owner opted out of texts, or the send failed for good: the triage itself is done.
      log.warn('could not text the owner', { error: String(err) });
    }
  }

  // Answered, and not asking to be called back: a callback still waiting for this caller is moot.
  if (answered && reading.kind !== 'callback_requested' && inspected.missedCallWorkflowId) {
    try {
      await getExternalWorkflowHandle(inspected.missedCallWorkflowId).signal(callerReachedSignal, {
        callId: call.callId,
      });
      result.actions.push('cancelled-callback');
    } catch {
      // No callback pending for this caller.
    }
  }
  return result;
}
