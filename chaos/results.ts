/**
 * Waiting for a flow's result across the chaos a scenario makes, with a deadline that holds.
 */
import { WorkflowFailedError, WorkflowNotFoundError, type Client } from '@temporalio/client';

/**
 * A workflow's result, waiting through worker kills and Temporal restarts: a connection error while the
 * server is down is retried; a workflow not started yet (a contact the campaign has not reached) is
 * waited for.
 */
export async function resultOf<T>(
  client: Pick<Client, 'workflow'>,
  workflowId: string,
  deadline: number,
): Promise<T> {
  for (;;) {
    try {
      // result() long-polls again and again while the workflow runs: without the race it would never
      // come back to the deadline, and a stuck scenario would hang the suite instead of failing.
      return await beforeDeadline(client.workflow.getHandle(workflowId).result() as Promise<T>, deadline);
    } catch (err) {
      if (err instanceof WorkflowFailedError) throw err;
      if (Date.now() > deadline) throw new Error(`${workflowId}: no result in time (${String(err)})`);
      if (!(err instanceof WorkflowNotFoundError)) await new Promise((r) => setTimeout(r, 500));
      else await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** `promise`, or a rejection once `deadline` (epoch ms) passes; the losing promise's outcome is ignored. */
function beforeDeadline<T>(promise: Promise<T>, deadline: number): Promise<T> {
  promise.catch(() => {});
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('the deadline passed')), Math.max(0, deadline - Date.now()));
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
