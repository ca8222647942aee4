/**
 * The webhook ingress: `POST /webhooks/agentphone` verifies AgentPhone's signature over the raw body,
 * dedupes deliveries, and turns each event into a signal (design decision 2). It answers 2xx only once
 * Temporal has accepted the signal, so AgentPhone's own retries cover a Temporal outage.
 *
 * Verify strictly, parse leniently (decision 10): an unsigned, stale or oversized request is refused
 * (401 / 413) before anything is touched; a signed one is never answered 4xx for its shape, since
 * AgentPhone does not retry a 4xx. It is routed on the few fields routing needs, or, when even those are
 * missing, kept as a durable dead letter (202 `{status: 'dead_lettered', id}`) that
 * `ringflow webhooks dead-letters` lists and replays.
 */
import type { IncomingHttpHeaders } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Client } from '@temporalio/client';
import { Registry as PromRegistry } from 'prom-client';
import {
  WebhookEventName,
  WebhookVerificationError,
  verifyWebhookSignature,
  type WebhookVerificationReason,
} from '../agentphone';
import { silentLogger, type Logger } from '../common/process/logger';
import type { NumberKeyer } from '../common/process/number-key';
import { registerHealthRoutes, registerMetricsRoute, temporalReadiness } from '../common/process/health';
import { keepDeadLetter } from './dead-letters';
import { createIngressMetrics, webhookEventLabel } from './ingress-metrics';
import { deliverRoute } from './webhook-delivery';
import { routeWebhookBody } from './webhook-routing';

export const WEBHOOK_PATH = '/webhooks/agentphone';

export interface IngressOptions {
  temporal: Client;
  taskQueue: string;
  /** Keys phone numbers for workflow ids (the sender's inbox), as every ringflow process does. */
  numberKey: NumberKeyer;
  /**
   * The webhook secrets to accept: the account's and each agent's, plus the previous ones during a
   * rotation grace period. A function, so rotation needs no restart.
   */
  secrets: () => string[];
  logger?: Logger;
  /** Replay window for X-Webhook-Timestamp. Default 300 s. */
  toleranceSec?: number;
  /** Larger bodies get 413 before any parsing. Default 1 MiB. */
  maxBodyBytes?: number;
  /** A request not received in full by then is answered 408. Default 10 s. */
  requestTimeoutMs?: number;
  /** How many delivery ids to remember for dedupe. Default 10 000. */
  dedupeCapacity?: number;
  /**
   * Where the ingress registers its metrics and what `GET /metrics` serves (on the webhook port; expose
   * only the webhook path publicly). Without one, metrics are counted in a registry of their own and
   * `/metrics` is not served.
   */
  metricsRegistry?: PromRegistry;
}

/** A bounded memory of delivery ids already handed to Temporal (oldest forgotten first). */
class RecentIds {
  private readonly ids = new Set<string>();
  constructor(private readonly capacity: number) {}
  has(id: string) {
    return this.ids.has(id);
  }
  add(id: string) {
    this.ids.add(id);
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value as string);
  }
}

/** Refusals before anything is touched: the delivery is not proven to come from AgentPhone. */
const REJECTION_STATUS: Partial<Record<WebhookVerificationReason, number>> = {
  missing_header: 401,
  bad_timestamp: 401,
  stale: 401,
  bad_signature: 401,
};

/** Builds the ingress app without listening (tests listen on port 0). */
export async function buildIngress(options: IngressOptions): Promise<FastifyInstance> {
  const logger = (options.logger ?? silentLogger).child({ component: 'ingress' });
  const seen = new RecentIds(options.dedupeCapacity ?? 10_000);
  const app = Fastify({ bodyLimit: options.maxBodyBytes ?? 1024 * 1024 });
  // A client that dribbles its request (slowloris) is cut off instead of holding a socket for ever:
  // AgentPhone sends each body at once. (Node's own requestTimeout is only checked every 30 s.)
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  app.addHook('onRequest', async (request) => {
    const timer = setTimeout(() => {
      if (!request.raw.complete) {
        logger.warn({ afterMs: requestTimeoutMs }, 'webhook rejected: request not received in time');
        request.raw.socket.destroy();
      }
    }, requestTimeoutMs);
    timer.unref();
    // Off the socket again once this request is done: a keep-alive socket carries many requests, and
    // a listener per request kept each request's closure until the socket closed (a leak).
    const { socket } = request.raw;
    const done = () => {
      clearTimeout(timer);
      socket.off('close', done);
    };
    socket.once('close', done);
    request.raw.once('end', done);
    request.raw.once('close', done);
  });
  const { temporal, taskQueue, numberKey } = options;
  const metrics = createIngressMetrics(options.metricsRegistry ?? new PromRegistry());
  if (options.metricsRegistry) registerMetricsRoute(app, options.metricsRegistry);

  // Signatures cover the exact bytes sent, so no body is parsed before verification.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  registerHealthRoutes(app, temporalReadiness(temporal));

  app.post(WEBHOOK_PATH, async (request, reply) => {
    const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    try {
      verifyWebhookSignature({
        rawBody,
        headers: request.headers,
        secrets: options.secrets(),
        toleranceSec: options.toleranceSec ?? 300,
      });
    } catch (err) {
      if (err instanceof WebhookVerificationError) {
        logger.warn({ reason: err.reason }, 'webhook rejected');
        metrics.rejected.inc({ reason: err.reason });
        return reply.code(REJECTION_STATUS[err.reason] ?? 401).send({ error: err.reason });
      }
      throw err;
    }

    // From here the delivery is authentic: it is delivered, ignored or dead-lettered, never refused.
    const deliveryId = header(request.headers, 'x-webhook-id');
    const verifiedAt = performance.now();
    const receivedAt = new Date().toISOString();
    const route = routeWebhookBody(rawBody, receivedAt);
    metrics.received.inc({
      event: webhookEventLabel(header(request.headers, 'x-webhook-event') ?? eventOf(route)),
    });
    if (deliveryId && seen.has(deliveryId)) {
      metrics.deduplicated.inc();
      return reply.code(200).send({ status: 'duplicate' });
    }

    const log = logger.child({ deliveryId, route: route.kind });
    const observeLatency = () =>
      metrics.signalLatency.observe({ route: route.kind }, (performance.now() - verifiedAt) / 1000);
    try {
      switch (route.kind) {
        case 'ignored':
          log.debug({ why: route.why }, 'event ignored');
          return reply.code(200).send({ status: 'ignored' });
        case 'unroutable': {
          const id = await keepDeadLetter(temporal, taskQueue, {
            rawBody,
            reason: route.why,
            event: header(request.headers, 'x-webhook-event') ?? route.event,
            webhookId: deliveryId,
            webhookTimestamp: header(request.headers, 'x-webhook-timestamp'),
            receivedAt,
          });
          if (deliveryId) seen.add(deliveryId);
          observeLatency();
          metrics.deadLettered.inc();
          log.warn({ deadLetter: id, why: route.why }, 'signed webhook could not be routed: dead-lettered');
          return reply.code(202).send({ status: 'dead_lettered', id });
        }
        default: {
          const delivery = await deliverRoute({ temporal, taskQueue, numberKey }, route, deliveryId);
          if (delivery.outcome === 'closed') log.info('mailbox already closed: duplicate delivery');
          if (deliveryId) seen.add(deliveryId);
          observeLatency();
          if (delivery.outcome === 'closed') metrics.deduplicated.inc();
          log.info('webhook accepted');
          return reply.code(200).send({ status: 'accepted' });
        }
      }
    } catch (err) {
      log.error({ err }, 'Temporal did not accept the webhook; AgentPhone will retry');
      metrics.temporalErrors.inc({ route: route.kind });
      return reply.code(503).send({ error: 'temporal_unavailable' });
    }
  });

  return app;
}

/** The event name a routed body carried, for the `received` count when no X-Webhook-Event came. */
function eventOf(route: ReturnType<typeof routeWebhookBody>): string | null {
  switch (route.kind) {
    case 'call-ended':
    case 'inbound-call-ended':
      return WebhookEventName.CallEnded;
    case 'inbound-sms':
      return WebhookEventName.Message;
    case 'unroutable':
      return route.event;
    default:
      return null;
  }
}

function header(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name];
  return typeof value === 'string' && value ? value : null;
}
