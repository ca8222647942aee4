import { apiPath } from '../internal/path';
import type { HttpClient, RequestOptions } from '../internal/http';
import { bareArrayShape, deliveryLogShape, paginate, type PagePromise } from '../pagination';
import type {
  AgentDeliveriesQuery,
  DeliveriesQuery,
  DeliveryStatsQuery,
  WebhookCreateRequest,
  WebhookTestQuery,
} from '../schemas/requests';
import {
  AgentDeliveryListResponseSchema,
  DeliveryListResponseSchema,
  MaybeWebhookSchema,
  SuccessResponseSchema,
  WebhookAllTimeStatsSchema,
  WebhookDeliveryStatsSchema,
  WebhookSchema,
  WebhookTestResponseSchema,
  type SuccessResponse,
  type Webhook,
  type WebhookAllTimeStats,
  type WebhookDelivery,
  type WebhookDeliveryStats,
  type WebhookTestResponse,
} from '../schemas/responses';

/**
 * Webhook endpoints: the account default and per-agent overrides (§8). Responses carry the signing
 * `secret`; the client never logs bodies, and callers must not either.
 */
export class WebhooksResource {
  constructor(private readonly http: HttpClient) {}

  /**
   * The account webhook, or `null` when none is set.
   *
   * @example
   * const webhook = await client.webhooks.get();
   */
  async get(options?: RequestOptions): Promise<Webhook | null> {
    return this.http.json({ method: 'GET', path: '/v1/webhooks', schema: MaybeWebhookSchema }, options);
  }

  /**
   * Creates or replaces the account webhook; **every call issues a new secret**. The client may repeat
   * it (the last response holds the current secret).
   *
   * @example
   * const { secret } = await client.webhooks.set({ url: 'https://hooks.example.com/agentphone' });
   */
  async set(body: WebhookCreateRequest, options?: RequestOptions): Promise<Webhook> {
    return this.http.json(
      { method: 'POST', path: '/v1/webhooks', body, schema: WebhookSchema, retry: 'idempotent' },
      options,
    );
  }

  /**
   * Removes the account webhook (agent webhooks stay).
   *
   * @example
   * await client.webhooks.delete();
   */
  async delete(options?: RequestOptions): Promise<SuccessResponse> {
    return this.http.json(
      { method: 'DELETE', path: '/v1/webhooks', schema: SuccessResponseSchema, emptyBody: { success: true } },
      options,
    );
  }

  /**
   * Sends a signed synthetic inbound-SMS event to the account webhook. `agentId` (query, camel) picks
   * the agent shown in it.
   *
   * @example
   * const { success } = await client.webhooks.test({ agentId });
   */
  async test(query: WebhookTestQuery = {}, options?: RequestOptions): Promise<WebhookTestResponse> {
    return this.http.json(
      { method: 'POST', path: '/v1/webhooks/test', query, schema: WebhookTestResponseSchema },
      options,
    );
  }

  /**
   * The delivery log (`{items, total, offset, limit}` pages), newest first.
   *
   * @example
   * for await (const delivery of client.webhooks.deliveries({ hours: 24 })) console.log(delivery.status);
   */
  deliveries(query: DeliveriesQuery = {}, options?: RequestOptions): PagePromise<WebhookDelivery> {
    return paginate(
      (params) =>
        this.http.json(
          {
            method: 'GET',
            path: '/v1/webhooks/deliveries',
            query: params,
            schema: DeliveryListResponseSchema,
          },
          options,
        ),
      deliveryLogShape<WebhookDelivery, DeliveriesQuery>(),
      query,
    );
  }

  /**
   * Delivery counts over the last `hours` (default 24).
   *
   * @example
   * const { successRate } = await client.webhooks.stats({ hours: 24 });
   */
  async stats(query: DeliveryStatsQuery = {}, options?: RequestOptions): Promise<WebhookDeliveryStats> {
    return this.http.json(
      { method: 'GET', path: '/v1/webhooks/deliveries/stats', query, schema: WebhookDeliveryStatsSchema },
      options,
    );
  }

  /**
   * Delivery counts since the account began.
   *
   * @example
   * const { total, failed } = await client.webhooks.allTimeStats();
   */
  async allTimeStats(options?: RequestOptions): Promise<WebhookAllTimeStats> {
    return this.http.json(
      { method: 'GET', path: '/v1/webhooks/deliveries/all-time', schema: WebhookAllTimeStatsSchema },
      options,
    );
  }

  /**
   * The agent's own webhook, or `null` (events then go to the account webhook).
   *
   * @example
   * const webhook = await client.webhooks.getForAgent(agentId);
   */
  async getForAgent(agentId: string, options?: RequestOptions): Promise<Webhook | null> {
    return this.http.json(
      { method: 'GET', path: apiPath`/v1/agents/${agentId}/webhook`, schema: MaybeWebhookSchema },
      options,
    );
  }

  /**
   * Creates or replaces the agent's webhook; a new secret every time.
   *
   * @example
   * const { secret } = await client.webhooks.setForAgent(agentId, { url, contextLimit: 5 });
   */
  async setForAgent(agentId: string, body: WebhookCreateRequest, options?: RequestOptions): Promise<Webhook> {
    return this.http.json(
      {
        method: 'POST',
        path: apiPath`/v1/agents/${agentId}/webhook`,
        body,
        schema: WebhookSchema,
        retry: 'idempotent',
      },
      options,
    );
  }

  /**
   * Removes the agent's webhook; its events fall back to the account webhook.
   *
   * @example
   * await client.webhooks.deleteForAgent(agentId);
   */
  async deleteForAgent(agentId: string, options?: RequestOptions): Promise<SuccessResponse> {
    return this.http.json(
      {
        method: 'DELETE',
        path: apiPath`/v1/agents/${agentId}/webhook`,
        schema: SuccessResponseSchema,
        emptyBody: { success: true },
      },
      options,
    );
  }

  /**
   * Sends a signed synthetic event to the agent's webhook.
   *
   * @example
   * const { success } = await client.webhooks.testForAgent(agentId);
   */
  async testForAgent(agentId: string, options?: RequestOptions): Promise<WebhookTestResponse> {
    return this.http.json(
      {
        method: 'POST',
        path: apiPath`/v1/agents/${agentId}/webhook/test`,
        schema: WebhookTestResponseSchema,
      },
      options,
    );
  }

  /**
   * The agent webhook's recent deliveries (a bare array: one page).
   *
   * @example
   * const { data } = await client.webhooks.deliveriesForAgent(agentId, { limit: 20 });
   */
  deliveriesForAgent(
    agentId: string,
    query: AgentDeliveriesQuery = {},
    options?: RequestOptions,
  ): PagePromise<WebhookDelivery> {
    return paginate(
      (params) =>
        this.http.json(
          {
            method: 'GET',
            path: apiPath`/v1/agents/${agentId}/webhook/deliveries`,
            query: params,
            schema: AgentDeliveryListResponseSchema,
          },
          options,
        ),
      bareArrayShape<WebhookDelivery, AgentDeliveriesQuery>(),
      query,
    );
  }
}
