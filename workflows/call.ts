import { getExternalWorkflowHandle, log, setHandler, workflowInfo } from '@temporalio/workflow';
import type { CallSlotPhase } from './limiter/types';
import { callResultSignal, getCallSlotPhaseQuery } from './messages';
import { followOutboundCall, type CallResult, type OutboundCallInput } from './outbound-call';

export type { CallResult, EndedCallResult, SuppressedCallResult } from './outbound-call';

export interface CallInput extends OutboundCallInput {
  /**
   * Also signal the result to the parent workflow (`call-result`, a {@link CallResultReport}) the moment
   * it is known, alongside giving the live-call slot back rather than after it: the parent can act on it
   * one round trip sooner. The parent must still wait for this workflow to finish before it ends.
   */
  reportResultToParent?: boolean;
}

/** What a call workflow started with `reportResultToParent` signals its parent. */
export interface CallResultReport {
  /** The reporting call workflow (a parent may have had several). */
  callWorkflowId: string;
  result: CallResult;
}

/**
 * One outbound AI call as a workflow of its own (reservations, missed-call callbacks, `ringflow call`):
 * {@link followOutboundCall} with this workflow's id as the intent key — take a live-call slot, place
 * the call exactly once, follow it by webhook or safety net, give the slot back. Cancelling the
 * workflow ends a live call. Query `get-call-slot-phase` tells where it is in getting its slot.
 *
 * @example
 * const result = await executeChild(callWorkflow, {
 *   workflowId: workflowIds.reservationCall(requestId, 1),
 *   args: [{ toNumber: '+14155550100', systemPrompt: 'Book a table for 2…' }],
 * });
 */
export async function callWorkflow(input: CallInput): Promise<CallResult> {
  let phase: CallSlotPhase = 'counting_attempt';
  setHandler(getCallSlotPhaseQuery, () => phase);
  const { reportResultToParent, ...call } = input;
  return followOutboundCall(call, {
    intentKey: workflowInfo().workflowId,
    onSlotPhase: (next) => (phase = next),
    // Both signals go out in one workflow task: the parent need not wait for the slot's release.
    ...(reportResultToParent ? { alongsideRelease: reportToParent } : {}),
  });
}

/** Tells the parent the result at once; a parent gone needs nothing. */
async function reportToParent(result: CallResult): Promise<void> {
  const parent = workflowInfo().parent;
  if (!parent) return;
  try {
    await getExternalWorkflowHandle(parent.workflowId, parent.runId).signal(callResultSignal, {
      callWorkflowId: workflowInfo().workflowId,
      result,
    });
  } catch (err) {
    // The parent's wait for this workflow's own result still gets it.
    log.warn('could not report the result to the parent', { error: String(err) });
  }
}
