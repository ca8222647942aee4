/**
 * Hands a routed webhook to its workflow: `signalWithStart` on the call's mailbox, an inbound call's
 * triage (`inbound-call:<callId>`) or the sender's inbox
 * (design decision 2). The ingress and the dead-letter replay both deliver through here, so a replayed
 * event reaches its target exactly as a live one would.
 */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { callEventsWorkflow, inboundCallWorkflow, smsInboxWorkflow } from '../workflows';
import { callEndedSignal, smsReceivedSignal, workflowIds } from '../workflows/messages';
import type { NumberKeyer } from '../common/process/number-key';
import type { WebhookRoute } from './webhook-routing';

/** Where deliveries go: the Temporal client, the task queue, and the number keyer for inbox ids. */
export interface DeliveryContext {
  temporal: Client;
  taskQueue: string;
  numberKey: NumberKeyer;
}

/** A route that has a workflow to go to. */
export type DeliverableRoute = Extract<
  WebhookRoute,
  { kind: 'call-ended' | 'inbound-call-ended' | 'inbound-sms' }
>;

export interface RouteDelivery {
  /** The workflow id signalled. */
  target: string;
  /** `closed`: the call's mailbox already ended, so this was a late duplicate and nothing was sent. */
  outcome: 'signalled' | 'closed';
}

/**
 * Signals the route's workflow, starting it if needed. Throws whatever Temporal throws when it does not
 * accept the signal (the ingress answers 503 so AgentPhone retries).
 *
 * @param webhookId X-Webhook-ID of the delivery, for tracing in the call mailbox.
 */
export async function deliverRoute(
  { temporal, taskQueue, numberKey }: DeliveryContext,
  route: DeliverableRoute,
  webhookId: string | null,
): Promise<RouteDelivery> {
  if (route.kind === 'call-ended') {
    const target = workflowIds.callEvents(route.callId);
    try {
      await temporal.workflow.signalWithStart(callEventsWorkflow, {
        workflowId: target,
        taskQueue,
        args: [{ callId: route.callId }],
        signal: callEndedSignal,
        signalArgs: [{ call: route.call, webhookId, spokenOptOut: route.spokenOptOut }],
        // A closed mailbox already delivered this call's event: a late duplicate must not reopen it.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return { target, outcome: 'closed' };
      throw err;
    }
    return { target, outcome: 'signalled' };
  }
  if (route.kind === 'inbound-call-ended') {
    // Only the inbound-call triage: no ringflow workflow placed this call, so no one would ever
    // subscribe to a `call-events:` mailbox for it (it would idle for two days).
    const target = workflowIds.inboundCall(route.callId);
    try {
      await temporal.workflow.signalWithStart(inboundCallWorkflow, {
        workflowId: target,
        taskQueue,
        args: [{ callId: route.callId, agentId: route.agentId }],
        signal: callEndedSignal,
        signalArgs: [{ call: route.call, webhookId }],
        // A finished triage already handled this call: a late duplicate must not triage it again.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return { target, outcome: 'closed' };
      throw err;
    }
    return { target, outcome: 'signalled' };
  }
  const target = workflowIds.smsInbox(route.agentId, numberKey(route.from));
  await temporal.workflow.signalWithStart(smsInboxWorkflow, {
    workflowId: target,
    taskQueue,
    args: [{ agentId: route.agentId, humanNumber: route.from }],
    signal: smsReceivedSignal,
    signalArgs: [route.sms],
  });
  return { target, outcome: 'signalled' };
}
