/**
 * The webhook ingress's metrics (Prometheus, via prom-client). Labels come from closed sets: AgentPhone's
 * known event names (anything else is `other`), the verification reasons, the route kinds.
 */
import { Counter, Histogram, type Registry } from 'prom-client';
import { WebhookEventName } from '../agentphone';

const KNOWN_EVENTS: ReadonlySet<string> = new Set(Object.values(WebhookEventName));

/** An event name as a label: a known AgentPhone event, `other`, or `unknown` when the body names none. */
export function webhookEventLabel(event: string | null | undefined): string {
  if (!event) return 'unknown';
  return KNOWN_EVENTS.has(event) ? event : 'other';
}

/** The counters and the latency histogram the ingress moves. */
export interface IngressMetrics {
  received: Counter<'event'>;
  rejected: Counter<'reason'>;
  deduplicated: Counter;
  deadLettered: Counter;
  signalLatency: Histogram<'route'>;
  temporalErrors: Counter<'route'>;
}

/**
 * Registers the ingress metrics in `registry` (one per process; tests use their own).
 *
 * @example const metrics = createIngressMetrics(new Registry());
 */
export function createIngressMetrics(registry: Registry): IngressMetrics {
  const registers = [registry];
  return {
    received: new Counter({
      name: 'ringflow_webhooks_received_total',
      help: 'Signed webhook deliveries that passed verification, by event type.',
      labelNames: ['event'],
      registers,
    }),
    rejected: new Counter({
      name: 'ringflow_webhooks_rejected_total',
      help: 'Webhook deliveries refused before anything was touched, by reason (missing_header, bad_signature, stale, ...).',
      labelNames: ['reason'],
      registers,
    }),
    deduplicated: new Counter({
      name: 'ringflow_webhooks_deduplicated_total',
      help: 'Repeated deliveries (same X-Webhook-ID) answered without signalling again.',
      registers,
    }),
    deadLettered: new Counter({
      name: 'ringflow_webhooks_dead_lettered_total',
      help: 'Signed webhooks that could not be routed and were kept as dead letters.',
      registers,
    }),
    signalLatency: new Histogram({
      name: 'ringflow_webhook_signal_latency_seconds',
      help: 'Time from a verified webhook to Temporal accepting its signal (or dead letter), by route.',
      labelNames: ['route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    temporalErrors: new Counter({
      name: 'ringflow_ingress_temporal_errors_total',
      help: 'Webhooks answered 503 because Temporal did not accept the signal (AgentPhone retries them), by route.',
      labelNames: ['route'],
      registers,
    }),
  };
}
