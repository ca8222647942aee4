import type { Client } from '@temporalio/client';
import type { NumberKeyer } from '../common/process/number-key';
import { resolveAgentId } from './failures';
import { subscribeSignal, workflowIds } from '../workflows/messages';
import { callEventsWorkflow } from '../workflows/call-events';
import { smsInboxWorkflow } from '../workflows/sms-inbox';

export interface MailboxActivityDeps {
  temporal: Client;
  taskQueue: string;
  defaultAgentId?: string | undefined;
  numberKey: NumberKeyer;
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

    /**
     * Subscribes a workflow to a human's next SMS; returns the agent whose inbox it listens on and the
     * inbox's workflow id (a keyed hash of the number: workflow code cannot make one).
     */
    async awaitSmsReply({
      agentId: requested,
      humanNumber,
      subscriberWorkflowId,
    }: {
      agentId?: string | undefined;
      humanNumber: string;
      subscriberWorkflowId: string;
    }): Promise<{ agentId: string; inboxWorkflowId: string }> {
      const agentId = resolveAgentId(requested, deps.defaultAgentId);
      const inboxWorkflowId = workflowIds.smsInbox(agentId, deps.numberKey(humanNumber));
      await deps.temporal.workflow.signalWithStart(smsInboxWorkflow, {
        workflowId: inboxWorkflowId,
        taskQueue: deps.taskQueue,
        args: [{ agentId, humanNumber }],
        signal: subscribeSignal,
        signalArgs: [{ workflowId: subscriberWorkflowId }],
      });
      return { agentId, inboxWorkflowId };
    },
  };
}
