import { request } from 'undici';

import type { FaultBook, WebhookFault } from '../faults';
import type { DeliveryRecord, WebhookRecord } from '../state';
import type { World } from '../world';
import { envelope, type SimWebhookEvent } from './events';
import { signatureFor } from './sign';

/**
 * Spec §10's assumed schedule: after attempt 1 fails wait 1 min, then 5 min, 30 min, 2 h, 18 h
 * (5 retries, 6 attempts, ≈20.6 h). Simulated milliseconds: the clock speed scales them.
 */
export const DEFAULT_RETRY_DELAYS_MS = [60_000, 300_000, 1_800_000, 7_200_000, 64_800_000];

/** How long a `reorder` fault holds an event back if no later event comes to overtake it (real ms). */
const REORDER_RELEASE_MS = 5_000;

export interface AttemptResult {
  ok: boolean;
  httpStatus: number | null;
  error: string | null;
  responseBody: string | null;
  responseMs: number;
}

interface HeldDelivery {
  delivery: DeliveryRecord;
  fault: WebhookFault;
  release: NodeJS.Timeout;
}

/**
 * Routes events to exactly one endpoint (the agent's webhook, else the account's), signs every attempt
 * afresh with a stable `X-Webhook-ID`, retries transient failures on the schedule, and applies
 * webhook faults. Deliveries are records in the state, so pending retries survive a restart.
 */
export class WebhookDispatcher {
  private held: HeldDelivery[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();
  private closed = false;

  constructor(
    private readonly world: World,
    private readonly faults: FaultBook,
    private readonly retryDelaysMs: number[],
  ) {}

  /** The endpoint an event for this agent goes to: its own webhook, else the account default. */
  route(accountId: string, agentId: string | null): WebhookRecord | undefined {
    const { state } = this.world;
    const agent = agentId ? state.agents.find((a) => a.id === agentId) : undefined;
    const webhookId = agent?.webhookId ?? state.accounts.find((a) => a.id === accountId)?.webhookId;
    return webhookId ? state.webhooks.find((w) => w.id === webhookId) : undefined;
  }

  /** Queues an event for delivery; returns its delivery record, or undefined when no webhook is set. */
  emit(event: SimWebhookEvent): DeliveryRecord | undefined {
    const webhook = this.route(event.accountId, event.agentId);
    if (!webhook) return undefined;
    const delivery: DeliveryRecord = {
      id: this.world.newId('delivery'),
      accountId: event.accountId,
      webhookId: webhook.id,
      scope: webhook.agentId ? 'agent' : 'account',
      agentId: event.agentId,
      eventType: event.event,
      channel: event.channel,
      messageId: event.messageId,
      body: JSON.stringify(envelope(this.world, event, webhook.contextLimit)),
      status: 'pending',
      httpStatus: null,
      errorMessage: null,
      responseBody: null,
      attemptCount: 0,
      lastAttemptAtMs: null,
      nextRetryAtMs: null,
      createdAtMs: this.world.clock.now(),
    };
    this.world.state.deliveries.push(delivery);
    this.world.changed();

    const fault = this.faults.takeWebhookFault(event.event);
    this.releaseHeld();
    if (fault?.drop) {
      delivery.status = 'failed';
      delivery.errorMessage = 'dropped by a simulator fault';
      this.world.changed();
      return delivery;
    }
    if (fault?.reorder) {
      const release = setTimeout(() => this.releaseHeld(), REORDER_RELEASE_MS);
      release.unref();
      this.held.push({ delivery, fault, release });
      return delivery;
    }
    this.start(delivery, fault);
    return delivery;
  }

  /** Re-arms retries that were pending when the simulator stopped. */
  resume(): void {
    for (const delivery of this.world.state.deliveries) {
      if (delivery.status !== 'pending') continue;
      if (delivery.nextRetryAtMs !== null) {
        this.world.clock.at(delivery.nextRetryAtMs, () => this.track(this.attempt(delivery)));
      } else {
        this.track(this.attempt(delivery));
      }
    }
  }

  /** `POST /v1/webhooks/test`: one signed attempt, no retries, result returned to the caller. */
  async sendTest(event: SimWebhookEvent, webhook: WebhookRecord): Promise<AttemptResult> {
    const body = JSON.stringify(envelope(this.world, event, webhook.contextLimit));
    const id = this.world.newId('delivery');
    const result = await this.post(webhook, id, event.event, body, false);
    this.world.state.deliveries.push({
      id,
      accountId: event.accountId,
      webhookId: webhook.id,
      scope: webhook.agentId ? 'agent' : 'account',
      agentId: event.agentId,
      eventType: event.event,
      channel: event.channel,
      messageId: event.messageId,
      body,
      status: result.ok ? 'success' : 'failed',
      httpStatus: result.httpStatus,
      errorMessage: result.error,
      responseBody: result.responseBody,
      attemptCount: 1,
      lastAttemptAtMs: this.world.clock.now(),
      nextRetryAtMs: null,
      createdAtMs: this.world.clock.now(),
    });
    this.world.changed();
    return result;
  }

  /** Waits for attempts already on the wire (used by close and by tests through the control API). */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  close(): void {
    this.closed = true;
    for (const h of this.held) clearTimeout(h.release);
    this.held = [];
  }

  private start(delivery: DeliveryRecord, fault: WebhookFault | undefined): void {
    const first = async () => {
      await this.attempt(delivery, fault?.badSignature === true);
      if (fault?.duplicate && !this.closed)
        await this.post(this.webhookOf(delivery), delivery.id, delivery.eventType, delivery.body, false);
    };
    if (fault?.delayMs !== undefined) {
      const timer = setTimeout(() => this.track(first()), fault.delayMs);
      timer.unref();
    } else {
      this.track(first());
    }
  }

  /** Sends every held (reordered) delivery; called when a later event has gone out first. */
  private releaseHeld(): void {
    const held = this.held;
    this.held = [];
    for (const h of held) {
      clearTimeout(h.release);
      // Let the overtaking event's first attempt leave first.
      setImmediate(() => this.start(h.delivery, { ...h.fault, reorder: undefined }));
    }
  }

  private track(promise: Promise<unknown>): void {
    const tracked = promise.catch((err: unknown) =>
      this.world.logger.error({ err }, 'webhook attempt crashed'),
    );
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }

  /**
   * Where an attempt goes: the endpoint configured now. A webhook re-registered between attempts
   * (new URL or rotated secret) gets the remaining retries, signed with its current secret.
   */
  private webhookOf(delivery: DeliveryRecord): WebhookRecord | undefined {
    return this.route(delivery.accountId, delivery.agentId);
  }

  private async attempt(delivery: DeliveryRecord, badSignature = false): Promise<void> {
    if (this.closed || delivery.status !== 'pending') return;
    const webhook = this.webhookOf(delivery);
    const result = webhook
      ? await this.post(webhook, delivery.id, delivery.eventType, delivery.body, badSignature)
      : { ok: false, httpStatus: null, error: 'webhook was deleted', responseBody: null, responseMs: 0 };
    if (this.closed) return;
    const now = this.world.clock.now();
    delivery.attemptCount += 1;
    delivery.lastAttemptAtMs = now;
    delivery.httpStatus = result.httpStatus;
    delivery.errorMessage = result.error;
    delivery.responseBody = result.responseBody;
    delivery.nextRetryAtMs = null;
    if (result.ok) {
      delivery.status = 'success';
    } else if (
      webhook &&
      isTransient(result.httpStatus) &&
      delivery.attemptCount <= this.retryDelaysMs.length
    ) {
      const delay = this.retryDelaysMs[delivery.attemptCount - 1] ?? 0;
      delivery.nextRetryAtMs = now + delay;
      this.world.clock.at(delivery.nextRetryAtMs, () => this.track(this.attempt(delivery)));
    } else {
      delivery.status = 'failed';
    }
    this.world.changed();
  }

  /** One HTTP attempt: fresh timestamp and signature, same id and body bytes. */
  private async post(
    webhook: WebhookRecord | undefined,
    id: string,
    event: string,
    body: string,
    badSignature: boolean,
  ): Promise<AttemptResult> {
    const started = Date.now();
    if (!webhook)
      return { ok: false, httpStatus: null, error: 'no webhook', responseBody: null, responseMs: 0 };
    // The timestamp is real wall-clock time: the receiver checks it against its own clock (5-minute
    // window), and simulated time may run far ahead of it.
    const timestamp = String(Math.floor(Date.now() / 1000));
    const secret = badSignature ? `${webhook.secret}_wrong` : webhook.secret;
    try {
      const response = await request(webhook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'AgentPhone-Webhooks/1.0 (ringflow simulator)',
          'x-webhook-signature': signatureFor(secret, timestamp, body),
          'x-webhook-timestamp': timestamp,
          'x-webhook-id': id,
          'x-webhook-event': event,
        },
        body,
        headersTimeout: webhook.timeout * 1000,
        bodyTimeout: webhook.timeout * 1000,
      });
      const text = (await response.body.text()).slice(0, 2000);
      const ok = response.statusCode >= 200 && response.statusCode < 300;
      return {
        ok,
        httpStatus: response.statusCode,
        error: ok ? null : `HTTP ${response.statusCode}`,
        responseBody: text,
        responseMs: Date.now() - started,
      };
    } catch (err) {
      return {
        ok: false,
        httpStatus: null,
        error: (err as Error).message,
        responseBody: null,
        responseMs: Date.now() - started,
      };
    }
  }
}

/** Network errors, timeouts, 408, 429 and 5xx are retried; other 4xx are permanent (spec §11 item 9). */
function isTransient(status: number | null): boolean {
  return status === null || status === 408 || status === 429 || status >= 500;
}
