/**
 * `ringflow webhooks deliveries`: AgentPhone's delivery log beside what the ingress made of each
 * delivery. The ingress answers every delivery with a small JSON body (`{status: accepted|duplicate|
 * ignored|dead_lettered}` or `{error: <rejection reason>}`), which AgentPhone keeps as `responseBody`;
 * dead letters still open in Temporal are matched by delivery id (X-Webhook-ID).
 */
import type { WebhookDelivery } from '../agentphone';
import type { DeadLetterSummary } from './dead-letters';

/** What the ingress did with one delivery. */
export type IngressVerdict =
  | 'accepted'
  | 'duplicate'
  | 'ignored'
  | 'dead-lettered'
  | 'rejected'
  | 'ingress-error'
  | 'not-delivered'
  | 'pending';

export interface DeliveryView {
  id: string;
  eventType: string | null;
  createdAt: string;
  apiStatus: string;
  httpStatus: number | null;
  attempts: number;
  verdict: IngressVerdict;
  /** Rejection reason (`bad_signature`, `stale`, …), dead-letter reason, or the API's error message. */
  reason: string | null;
}

function ingressAnswer(body: string | null | undefined): { status?: string; error?: string } {
  if (!body) return {};
  try {
    const parsed = JSON.parse(body) as unknown;
    return parsed && typeof parsed === 'object' ? parsed : {};
  } catch {
    return {};
  }
}

/** Joins the API's log with the open dead letters. */
export function describeDeliveries(
  deliveries: WebhookDelivery[],
  deadLetters: DeadLetterSummary[],
): DeliveryView[] {
  const letters = new Map(deadLetters.filter((l) => l.webhookId).map((l) => [l.webhookId!, l]));
  return deliveries.map((d) => {
    const answer = ingressAnswer(d.responseBody);
    const http = d.httpStatus ?? null;
    const letter = letters.get(d.id);
    let verdict: IngressVerdict;
    let reason: string | null = null;
    if (letter || answer.status === 'dead_lettered') {
      verdict = 'dead-lettered';
      reason = letter?.reason ?? null;
    } else if (http === null) {
      verdict = d.status === 'pending' ? 'pending' : 'not-delivered';
      reason = d.errorMessage ?? null;
    } else if (http >= 200 && http < 300) {
      verdict =
        answer.status === 'duplicate' ? 'duplicate' : answer.status === 'ignored' ? 'ignored' : 'accepted';
    } else if (http >= 500) {
      verdict = 'ingress-error';
      reason = answer.error ?? `HTTP ${http}`;
    } else {
      verdict = 'rejected';
      reason = answer.error ?? `HTTP ${http}`;
    }
    return {
      id: d.id,
      eventType: d.eventType ?? null,
      createdAt: d.createdAt,
      apiStatus: d.status,
      httpStatus: http,
      attempts: d.attemptCount,
      verdict,
      reason,
    };
  });
}

/** Counts by verdict, rejections by reason: the webhook health line of `ringflow status` too. */
export function summarizeDeliveries(views: DeliveryView[]): {
  total: number;
  byVerdict: Partial<Record<IngressVerdict, number>>;
  rejectedByReason: Record<string, number>;
} {
  const byVerdict: Partial<Record<IngressVerdict, number>> = {};
  const rejectedByReason: Record<string, number> = {};
  for (const v of views) {
    byVerdict[v.verdict] = (byVerdict[v.verdict] ?? 0) + 1;
    if (v.verdict === 'rejected')
      rejectedByReason[v.reason ?? 'unknown'] = (rejectedByReason[v.reason ?? 'unknown'] ?? 0) + 1;
  }
  return { total: views.length, byVerdict, rejectedByReason };
}
