/**
 * Starts a workflow at most once per id: the id is the dedupe key (design decision 4), so a caller that
 * retries (an agent repeating a tool call with the same request_id) gets the first workflow back instead
 * of a second one. A closed workflow's id is not reused either, so a finished call is not placed again.
 */
import { WorkflowExecutionAlreadyStartedError, type Client, type WorkflowHandle } from '@temporalio/client';
import type { Workflow } from '@temporalio/common';
import type { WorkflowStartOptions } from '@temporalio/client';

export interface StartedOnce<T extends Workflow> {
  handle: WorkflowHandle<T>;
  /** True when the id was already taken: `handle` is the first workflow, and this call started nothing. */
  alreadyStarted: boolean;
  /** The run this call started, or the current run of the workflow that already held the id. */
  runId: string;
}

/** `client.workflow.start`, or the handle of the workflow that already holds `workflowId`. */
export async function startOnce<T extends Workflow>(
  client: Client,
  workflow: T,
  options: { workflowId: string; taskQueue: string; args: Parameters<T> },
): Promise<StartedOnce<T>> {
  try {
    const handle = await client.workflow.start(workflow, {
      taskQueue: options.taskQueue,
      workflowId: options.workflowId,
      args: options.args,
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    } as unknown as WorkflowStartOptions<T>);
    return { handle, alreadyStarted: false, runId: handle.firstExecutionRunId };
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    const handle = client.workflow.getHandle<T>(options.workflowId);
    return { handle, alreadyStarted: true, runId: (await handle.describe()).runId };
  }
}
