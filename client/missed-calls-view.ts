/**
 * What `ringflow missed-calls status` shows: an agent's settings in a sentence, and the running callback
 * series (found through Temporal's visibility, then asked for their status).
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { getMissedCallStatusQuery, workflowIds } from '../workflows/messages';
import type { MissedCallSettings, MissedCallStatus } from '../workflows/missed-call/types';
import { missedCallWorkflow } from '../workflows/missed-call';

/** One line about an agent's missed-call settings (`value` as stored; undefined: off). */
export function describeSettings(agentId: string, value: unknown, updatedAt?: string): string {
  if (value === undefined) return `Agent ${agentId}: missed-call callbacks are off.`;
  const s = value as MissedCallSettings;
  const days = s.days.map((d) => ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d]).join(',');
  return (
    `Agent ${agentId}: missed-call callbacks on${updatedAt ? ` (since ${updatedAt})` : ''}: ` +
    `${s.delayMinutes} min after a miss, ${s.hours.start}-${s.hours.end} ${days} (${s.timeZone}), ` +
    `up to ${s.maxAttempts} call(s), summaries to ${s.notifyNumber}, triage ${s.triage}, as "${s.businessName}"` +
    `${s.prompt ? ', own prompt' : ''}.`
  );
}

/** One line about a callback series. */
export function describeCallback(status: MissedCallStatus): string {
  const next = status.nextCallAt ? ` (next call ${status.nextCallAt})` : '';
  return `  ${status.callerNumber}: ${status.state}${next}, ${status.misses.length} miss(es), ${status.attempts.length} call(s) — ${status.message}`;
}

/**
 * Running callback series of this deployment (its task queue: one Temporal namespace may hold several),
 * optionally of one agent, with their status.
 */
export async function pendingCallbacks(
  client: Client,
  taskQueue: string,
  agentId?: string,
): Promise<MissedCallStatus[]> {
  const found: MissedCallStatus[] = [];
  const query =
    `WorkflowType = '${missedCallWorkflow.name}' AND ExecutionStatus = 'Running'` +
    ` AND TaskQueue = '${taskQueue}'`;
  for await (const execution of client.workflow.list({ query })) {
    if (agentId && !execution.workflowId.startsWith(`${workflowIds.missedCall(agentId, '')}`)) continue;
    try {
      found.push(await client.workflow.getHandle(execution.workflowId).query(getMissedCallStatusQuery));
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err; // finished meanwhile
    }
  }
  return found;
}
