/**
 * Reads what a storage workflow holds — a campaign's contact page or its call settings, each kept as
 * the input of a workflow that only waits — from that workflow's first history event, through the
 * client's data converter (so the payload codec decrypts it).
 *
 * Why not a query: a query is answered by a workflow worker, and the worker asking may be the only one
 * and be shutting down. It stops polling workflow tasks but waits for its local activities, which it
 * does not cancel (SDK 1.24), so a contact's settings query inside a local activity waited 30 s, was
 * retried, waited again, and the worker never stopped. History is served by the server alone; it also
 * spares the worker a replay and a query task per read.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';

/** gRPC's NOT_FOUND status code. */
const GRPC_NOT_FOUND = 5;

/**
 * The first argument `workflowId` (its latest run) was started with.
 *
 * @throws WorkflowNotFoundError when no such workflow exists (or its history is gone).
 * @example const contacts = await readStoredInput<ContactPageInput>(client, id).then((p) => p.contacts);
 */
export async function readStoredInput<T>(client: Client, workflowId: string): Promise<T> {
  let response;
  try {
    response = await client.workflowService.getWorkflowExecutionHistory({
      namespace: client.options.namespace,
      execution: { workflowId },
      maximumPageSize: 1,
    });
  } catch (err) {
    if ((err as { code?: unknown }).code === GRPC_NOT_FOUND)
      throw new WorkflowNotFoundError(`${workflowId} was not found`, workflowId, undefined);
    throw err;
  }
  const started = response.history?.events?.[0]?.workflowExecutionStartedEventAttributes;
  if (!started) throw new WorkflowNotFoundError(`${workflowId} has no start event`, workflowId, undefined);
  return decodeFromPayloadsAtIndex<T>(client.options.loadedDataConverter, 0, started.input?.payloads);
}
