import { condition, getExternalWorkflowHandle, log, setHandler } from '@temporalio/workflow';
import { callEndedSignal, subscribeSignal, unsubscribeSignal } from './messages';
import type { CallEndedNotice } from './types';

export interface CallEventsInput {
  callId: string;
  /**
   * How long to keep waiting for the other half (an event with no subscriber — e.g. a call not placed
   * by ringflow — or a subscriber whose webhook never comes) before ending.
   */
  idleTimeoutMs?: number;
}

export interface CallEventsResult {
  callId: string;
  delivered: string[];
  /** Why the mailbox ended: handed over, everyone left, or nobody came. */
  outcome: 'delivered' | 'unsubscribed' | 'idle';
}

const DEFAULT_IDLE_TIMEOUT_MS = 2 * 24 * 60 * 60_000; // beyond AgentPhone's ~21 h webhook retry span

/**
 * The mailbox of one call (`call-events:<callId>`), design decision 2. The ingress and the workflow that
 * placed the call both reach it with signalWithStart, in either order; it hands the first
 * `agent.call_ended` to each subscriber exactly once and ends. Duplicated webhooks are ignored.
 */
export async function callEventsWorkflow(input: CallEventsInput): Promise<CallEventsResult> {
  let notice: CallEndedNotice | undefined;
  const subscribers = new Set<string>();
  const delivered: string[] = [];
  let everSubscribed = false;

  setHandler(callEndedSignal, (incoming) => {
    if (notice) {
      log.info('duplicate call_ended ignored', { callId: input.callId, webhookId: incoming.webhookId });
      return;
    }
    notice = incoming;
  });
  setHandler(subscribeSignal, ({ workflowId }) => {
    everSubscribed = true;
    if (!delivered.includes(workflowId)) subscribers.add(workflowId);
  });
  setHandler(unsubscribeSignal, ({ workflowId }) => {
    subscribers.delete(workflowId);
  });

  const ready = await condition(
    () => (notice !== undefined && subscribers.size > 0) || (everSubscribed && subscribers.size === 0),
    input.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
  );
  if (!ready) return { callId: input.callId, delivered, outcome: 'idle' };
  if (subscribers.size === 0) return { callId: input.callId, delivered, outcome: 'unsubscribed' };
  // Each handover is awaited before the mailbox ends: the server drops a signal whose sender has closed
  // by the time its transfer task runs (the time-skipping test server delivers it anyway), so ending in
  // the task that sends it would strand the call on its safety net.
  for (const workflowId of subscribers) {
    try {
      await getExternalWorkflowHandle(workflowId).signal(callEndedSignal, notice!);
      delivered.push(workflowId);
    } catch (err) {
      // The subscriber already finished (e.g. its safety net found the result first): nothing to do.
      log.info('subscriber gone', { workflowId, error: String(err) });
    }
  }
  return { callId: input.callId, delivered, outcome: 'delivered' };
}
