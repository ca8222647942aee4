/**
 * The webhook ingress: `POST /webhooks/agentphone` verifies AgentPhone's signature over the raw body,
 * dedupes deliveries, and turns each event into a signal (design decision 2). It answers 2xx only once
 * Temporal has accepted the signal, so AgentPhone's own retries cover a Temporal outage.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { WebhookVerificationError, verifyWebhook } from '../agentphone';
import { silentLogger, type Logger } from '../common/process/logger';
import { callEndedSignal, inboundSmsSignal, workflowIds } from '../workflows/messages';
import { routeEvent } from './webhook-routing';

export const WEBHOOK_PATH = '/webhooks/agentphone';

export interface IngressOptions {
  temporal: Client;
  taskQueue: string;
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
  /** How many delivery ids to remember for dedupe. Default 10 000. */
  dedupeCapacity?: number;
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

const REJECTION_STATUS: Record<string, number> = {
  missing_header: 401,
  bad_timestamp: 401,
  stale: 401,
  bad_signature: 401,
  bad_json: 400,
  bad_payload: 400,
};

/** Builds the ingress app without listening (tests listen on port 0). */
export async function buildIngress(options: IngressOptions): Promise<FastifyInstance> {
  const logger = (options.logger ?? silentLogger).child({ component: 'ingress' });
  const seen = new RecentIds(options.dedupeCapacity ?? 10_000);
  const app = Fastify({ bodyLimit: options.maxBodyBytes ?? 1024 * 1024 });

  // Signatures cover the exact bytes sent, so no body is parsed before verification.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.get('/healthz', async () => ({ status: 'ok' }));

  app.post(WEBHOOK_PATH, async (request, reply) => {
    const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    let event;
    try {
      event = verifyWebhook({
        rawBody,
        headers: request.headers,
        secrets: options.secrets(),
        toleranceSec: options.toleranceSec ?? 300,
      });
    } catch (err) {
      if (err instanceof WebhookVerificationError) {
        logger.warn({ reason: err.reason }, 'webhook rejected');
        return reply.code(REJECTION_STATUS[err.reason] ?? 400).send({ error: err.reason });
      }
      throw err;
    }

    const header = request.headers['x-webhook-id'];
    const deliveryId = typeof header === 'string' && header ? header : null;
    if (deliveryId && seen.has(deliveryId)) return reply.code(200).send({ status: 'duplicate' });

    const route = routeEvent(event);
    const log = logger.child({ deliveryId, event: event.event, route: route.kind });
    try {
      switch (route.kind) {
        case 'call-ended':
          await options.temporal.workflow.signalWithStart('callEventsWorkflow', {
            workflowId: workflowIds.callEvents(route.callId),
            taskQueue: options.taskQueue,
            args: [{ callId: route.callId }],
            signal: callEndedSignal,
            signalArgs: [{ call: route.call, webhookId: deliveryId }],
            // A closed mailbox already delivered this call's event: a late duplicate must not reopen it.
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
          });
          break;
        case 'inbound-sms':
          await options.temporal.workflow.signalWithStart('smsInboxWorkflow', {
            workflowId: workflowIds.smsInbox(route.agentId, route.from),
            taskQueue: options.taskQueue,
            args: [{ agentId: route.agentId, humanNumber: route.from }],
            signal: inboundSmsSignal,
            signalArgs: [route.sms],
          });
          break;
        case 'ignored':
          log.debug({ why: route.why }, 'event ignored');
          return reply.code(200).send({ status: 'ignored' });
      }
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) {
        log.error({ err }, 'Temporal did not accept the signal; AgentPhone will retry');
        return reply.code(503).send({ error: 'temporal_unavailable' });
      }
      log.info('mailbox already closed: duplicate delivery');
    }
    if (deliveryId) seen.add(deliveryId);
    log.info('webhook accepted');
    return reply.code(200).send({ status: 'accepted' });
  });

  return app;
}
