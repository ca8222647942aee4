/**
 * Dead letters of signed webhooks that could not be routed (design decision 10): kept by the ingress as
 * `webhookDeadLetterWorkflow`s, listed, replayed with the current routing code, or discarded, by
 * `ringflow webhooks dead-letters`. Nothing lives outside Temporal.
 */
import { createHash } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import {
  webhookDeadLetterWorkflow,
  type WebhookDeadLetterInput,
  type WebhookDeadLetterMemo,
} from '../workflows';
import {
  DEAD_LETTER_ID_PREFIX,
  getDeadLetterQuery,
  resolveDeadLetterSignal,
  workflowIds,
} from '../workflows/messages';
import { deliverRoute, type DeliveryContext, type RouteDelivery } from './webhook-delivery';
import { routeWebhookBody, type WebhookRoute } from './webhook-routing';

/** A delivery id safe to put in a workflow id: AgentPhone's look like `whd_…`; a phone number never passes. */
const SAFE_DELIVERY_ID = /^[A-Za-z][A-Za-z0-9_.:-]{0,127}$/;

/** The dead letter's key: the delivery id (stable across AgentPhone's retries), else the body's sha256. */
export function deadLetterKey(webhookId: string | null, rawBody: Uint8Array | string): string {
  if (webhookId && SAFE_DELIVERY_ID.test(webhookId)) return webhookId;
  return createHash('sha256').update(rawBody).digest('hex');
}

export type KeepDeadLetterInput = Omit<WebhookDeadLetterInput, 'rawBody' | 'keepForMs'> & {
  rawBody: Uint8Array | string;
};

/**
 * Keeps a delivery as a dead letter and returns its key. Idempotent: a retry of the same delivery finds
 * the one already kept. Throws what Temporal throws when it does not accept the start.
 */
export async function keepDeadLetter(
  temporal: Client,
  taskQueue: string,
  delivery: KeepDeadLetterInput,
): Promise<string> {
  const key = deadLetterKey(delivery.webhookId, delivery.rawBody);
  const memo: WebhookDeadLetterMemo = {
    reason: delivery.reason,
    event: delivery.event,
    webhookId: delivery.webhookId,
    receivedAt: delivery.receivedAt,
  };
  const rawBody =
    typeof delivery.rawBody === 'string' ? delivery.rawBody : Buffer.from(delivery.rawBody).toString('utf8');
  try {
    await temporal.workflow.start(webhookDeadLetterWorkflow, {
      workflowId: workflowIds.webhookDeadLetter(key),
      taskQueue,
      args: [{ ...delivery, rawBody }],
      memo: { ...memo },
      // One dead letter per delivery, even after it was replayed or discarded.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  return key;
}

/** One open dead letter, as `ringflow webhooks dead-letters` lists it. */
export interface DeadLetterSummary {
  /** The key to pass to `--replay` / `--discard`. */
  id: string;
  workflowId: string;
  reason: string;
  event: string | null;
  webhookId: string | null;
  receivedAt: string;
}

/** Every open (running) dead letter, newest first, read from Temporal's visibility store. */
export async function listDeadLetters(temporal: Client): Promise<DeadLetterSummary[]> {
  const found: DeadLetterSummary[] = [];
  const query = `WorkflowType = '${webhookDeadLetterWorkflow.name}' AND ExecutionStatus = 'Running'`;
  for await (const execution of temporal.workflow.list({ query })) {
    const memo = (execution.memo ?? {}) as Partial<WebhookDeadLetterMemo>;
    found.push({
      id: execution.workflowId.slice(DEAD_LETTER_ID_PREFIX.length),
      workflowId: execution.workflowId,
      reason: memo.reason ?? '(unknown)',
      event: memo.event ?? null,
      webhookId: memo.webhookId ?? null,
      receivedAt: memo.receivedAt ?? execution.startTime.toISOString(),
    });
  }
  return found.sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
}

/** Thrown when an id names no open dead letter. */
export class DeadLetterNotFoundError extends Error {
  override readonly name = 'DeadLetterNotFoundError';
}

export type DeadLetterReplayResult =
  { replayed: true; delivery: RouteDelivery } | { replayed: false; why: string; route: WebhookRoute['kind'] };

/**
 * Routes a dead letter's stored body with the current routing code and, when it now has a target,
 * signals it exactly as the ingress would, then closes the dead letter as replayed. Still unroutable (or
 * ignored by today's code): nothing is signalled and the dead letter stays open.
 *
 * @param id the key from {@link listDeadLetters}, or the full workflow id.
 */
export async function replayDeadLetter(
  context: DeliveryContext,
  id: string,
): Promise<DeadLetterReplayResult> {
  const handle = await openDeadLetter(context.temporal, id);
  const stored = await handle.query(getDeadLetterQuery);
  const route = routeWebhookBody(stored.rawBody, stored.receivedAt);
  if (route.kind === 'unroutable' || route.kind === 'ignored')
    return { replayed: false, why: route.why, route: route.kind };
  const delivery = await deliverRoute(context, route, stored.webhookId);
  await handle.signal(resolveDeadLetterSignal, { outcome: 'replayed', target: delivery.target });
  return { replayed: true, delivery };
}

/** Closes a dead letter without delivering it. */
export async function discardDeadLetter(temporal: Client, id: string, note?: string): Promise<void> {
  const handle = await openDeadLetter(temporal, id);
  await handle.signal(resolveDeadLetterSignal, { outcome: 'discarded', ...(note ? { note } : {}) });
}

async function openDeadLetter(temporal: Client, id: string) {
  const workflowId = id.startsWith(DEAD_LETTER_ID_PREFIX) ? id : workflowIds.webhookDeadLetter(id);
  const handle = temporal.workflow.getHandle<typeof webhookDeadLetterWorkflow>(workflowId);
  try {
    const { status } = await handle.describe();
    if (status.name !== 'RUNNING')
      throw new DeadLetterNotFoundError(
        `Dead letter ${id} is already closed (${status.name.toLowerCase()}).`,
      );
  } catch (err) {
    if (err instanceof WorkflowNotFoundError)
      throw new DeadLetterNotFoundError(`No dead letter with id ${id}.`);
    throw err;
  }
  return handle;
}
