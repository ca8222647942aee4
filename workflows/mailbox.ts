/**
 * The subscriber's side of the mailbox protocol (see messages.ts): leaving a mailbox. Subscribing goes
 * through an activity (signalWithStart needs the client), so a mailbox that does not exist yet starts.
 */
import { getExternalWorkflowHandle, workflowInfo } from '@temporalio/workflow';
import { unsubscribeSignal } from './messages';

/** Tells a mailbox this workflow no longer waits; a mailbox that already ended needs nothing. */
export async function leaveMailbox(mailboxWorkflowId: string): Promise<void> {
  try {
    await getExternalWorkflowHandle(mailboxWorkflowId).signal(unsubscribeSignal, {
      workflowId: workflowInfo().workflowId,
    });
  } catch {
    // The mailbox already ended: nothing holds our subscription.
  }
}
