/**
 * A workflow's history as searchable text: every payload's bytes decoded as UTF-8, so a test can ask
 * whether a secret appears in clear anywhere in it (a plain JSON.stringify would show payloads as byte
 * maps, and such a search could never fail).
 */
import type { Client } from '@temporalio/client';

function decoded(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (Array.isArray(value)) return value.map(decoded);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decoded(v)]));
  return value;
}

export async function historyText(client: Client, workflowId: string, runId?: string): Promise<string> {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  return JSON.stringify(decoded(history));
}
