import type { Client } from '@temporalio/client';
import { resolveAgentId } from './failures';
import { subscribeCallEventsSignal, awaitSmsReplySignal, workflowIds } from '../workflows/messages';

export interface MailboxActivityDeps {
  temporal: Client;
  taskQueue: string;
  defaultAgentId?: string | undefined;
}

/**
 * Subscriptions to the per-call mailbox and the per-human SMS inbox. signalWithStart makes the order of
 * arrival irrelevant: whichever of the ingress and the waiting workflow comes first starts the mailbox.
 */
export function createMailboxActivities(deps: MailboxActivityDeps) {
  return {
    async subscribeToCallEvents({
      callId,
      subscriberWorkflowId,
    }: {
      callId: string;
      subscriberWorkflowId: string;
    }) {
      await deps.temporal.workflow.signalWithStart('callEventsWorkflow', {
        workflowId: workflowIds.callEvents(callId),
        taskQueue: deps.taskQueue,
        args: [{ callId }],
        signal: subscribeCallEventsSignal,
        signalArgs: [{ workflowId: subscriberWorkflowId }],
      });
    },

    /** Registers a workflow as waiting for the next SMS from a human; returns the agent it listens on. */
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
      await deps.temporal.workflow.signalWithStart('smsInboxWorkflow', {
        workflowId: workflowIds.smsInbox(agentId, humanNumber),
        taskQueue: deps.taskQueue,
        args: [{ agentId, humanNumber }],
        signal: awaitSmsReplySignal,
        signalArgs: [{ workflowId: subscriberWorkflowId }],
      });
      return { agentId };
    },
  };
}
