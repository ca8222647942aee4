/**
 * The dead letter of one signed webhook that could not be routed (design decision 10): an authentic event
 * is never thrown away, so the ingress keeps it here, durable in Temporal, and answers 2xx. It holds the
 * body until an operator replays it (`ringflow webhooks dead-letters --replay <id>`, which routes it with
 * the current code and signals its target) or discards it, or until it expires.
 */
import { condition, log, setHandler } from '@temporalio/workflow';
import { getDeadLetterQuery, resolveDeadLetterSignal } from './messages';

/** What the ingress keeps of a delivery: the body as text, the headers that matter, and why. */
export interface WebhookDeadLetterInput {
  /** The body exactly as received (UTF-8 text), so a replay reads the same bytes. */
  rawBody: string;
  /** Why it could not be routed, e.g. `agent.message without data.messageId`. */
  reason: string;
  /** `X-Webhook-Event`, or the body's `event` when readable. */
  event: string | null;
  /** `X-Webhook-ID`: AgentPhone's delivery id. */
  webhookId: string | null;
  /** `X-Webhook-Timestamp` (Unix seconds) of the delivery. */
  webhookTimestamp: string | null;
  /** When the ingress received it (ISO 8601). */
  receivedAt: string;
  /** Kept this long before it ends as `expired`. Default {@link DEAD_LETTER_KEPT_MS}. */
  keepForMs?: number;
}

/** How an operator closes a dead letter. */
export type WebhookDeadLetterResolution =
  | { outcome: 'replayed'; /** The workflow id it was delivered to. */ target: string }
  | { outcome: 'discarded'; note?: string };

export interface WebhookDeadLetterResult {
  outcome: 'replayed' | 'discarded' | 'expired';
  target?: string;
  note?: string;
}

/** Fields the ingress puts in the memo, so a list shows them without a worker. */
export interface WebhookDeadLetterMemo {
  reason: string;
  event: string | null;
  webhookId: string | null;
  receivedAt: string;
}

export const DEAD_LETTER_KEPT_MS = 30 * 24 * 60 * 60_000;

/**
 * `webhook-dead-letter:<key>`: holds one unroutable signed delivery until it is replayed, discarded or
 * expires. Only the first resolution counts; a later one is logged and ignored.
 *
 * @example
 * await client.workflow.start(webhookDeadLetterWorkflow, {
 *   workflowId: webhookDeadLetterWorkflowId('whd_123'), taskQueue,
 *   args: [{ rawBody, reason: 'not JSON', event: null, webhookId: 'whd_123', webhookTimestamp, receivedAt }],
 * });
 */
export async function webhookDeadLetterWorkflow(
  input: WebhookDeadLetterInput,
): Promise<WebhookDeadLetterResult> {
  let resolution: WebhookDeadLetterResolution | undefined;
  setHandler(getDeadLetterQuery, () => input);
  setHandler(resolveDeadLetterSignal, (incoming) => {
    if (resolution) {
      log.info('dead letter already resolved', { outcome: resolution.outcome, ignored: incoming.outcome });
      return;
    }
    resolution = incoming;
  });

  const resolved = await condition(() => resolution !== undefined, input.keepForMs ?? DEAD_LETTER_KEPT_MS);
  if (!resolved || !resolution) return { outcome: 'expired' };
  return resolution.outcome === 'replayed'
    ? { outcome: 'replayed', target: resolution.target }
    : { outcome: 'discarded', ...(resolution.note ? { note: resolution.note } : {}) };
}
