import type { Client } from '@temporalio/client';
import { resolveAgentId } from './failures';
import { subscribeSignal, workflowIds } from '../workflows/messages';
import { callEventsWorkflow } from '../workflows/call-events';
import { smsInboxWorkflow } from '../workflows/sms-inbox';

export interface MailboxActivityDeps {
  temporal: Client;
  taskQueue: string;
  defaultAgentId?: string | undefined;
}

/**
 * Subscriptions to the per-call mailbox and the per-human SMS inbox, one protocol for both (see
 * workflows/messages.ts). signalWithStart makes the order of arrival irrelevant: whichever of the
 * ingress and the waiting workflow comes first starts the mailbox.
 */
export function createMailboxActivities(deps: MailboxActivityDeps) {
  return {
    /** Subscribes a workflow to `call-events:<callId>`: it gets the call's `agent.call_ended` once. */
    async subscribeToCallEvents({
      callId,
      subscriberWorkflowId,
    }: {
      callId: string;
      subscriberWorkflowId: string;
    }): Promise<void> {
      await deps.temporal.workflow.signalWithStart(callEventsWorkflow, {
        workflowId: workflowIds.callEvents(callId),
        taskQueue: deps.taskQueue,
        args: [{ callId }],
        signal: subscribeSignal,
        signalArgs: [{ workflowId: subscriberWorkflowId }],
      });
    },

    /** Subscribes a workflow to a human's next SMS; returns the agent whose inbox it listens on. */
    async awaitSmsReply({
      agentId: requested,
      humanNumber,
      subscriberWorkflowId,
    }: {
      agentId?: string | undefined;
      humanNumber: string;
      subscriberWorkflowId: string;
    }): Promise<{ agentId: string }> {
      const agentId = resolveAgentId(requested, deps.defaultAgentId);
      await deps.temporal.workflow.signalWithStart(smsInboxWorkflow, {
        workflowId: workflowIds.smsInbox(agentId, humanNumber),
        taskQueue: deps.taskQueue,
        args: [{ agentId, humanNumber }],
        signal: subscribeSignal,
        signalArgs: [{ workflowId: subscriberWorkflowId }],
      });
      return { agentId };
    },
  };
}
