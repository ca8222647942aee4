import type { FastifyInstance } from 'fastify';

import {
  AgentDeliveriesQuerySchema,
  DeliveriesQuerySchema,
  DeliveryStatsQuerySchema,
  WebhookCreateRequestSchema,
  WebhookTestQuerySchema,
  WebhookTestRequestSchema,
} from '../../agentphone/schemas/requests';
import type { SimContext } from '../context';
import { requireAccount } from '../http/auth';
import { ApiError } from '../http/errors';
import { parseBody, parseQuery } from '../http/validate';
import { deliveryJson, webhookJson } from '../serializers';
import type { AccountRecord, AgentRecord, DeliveryRecord, WebhookRecord } from '../state';
import type { SimWebhookEvent } from '../webhooks/events';
import { newSecret } from '../webhooks/sign';
import type { World } from '../world';

type Params = { agent_id: string };

/**
 * Creates or replaces a webhook; every call issues a new secret (spec §8). `agent` null = the
 * account's default webhook.
 */
export function saveWebhook(
  world: World,
  account: AccountRecord,
  agent: AgentRecord | null,
  body: { url: string; contextLimit?: number | null | undefined; timeout?: number | null | undefined },
): WebhookRecord {
  const previousId = agent ? agent.webhookId : account.webhookId;
  world.state.webhooks = world.state.webhooks.filter((w) => w.id !== previousId);
  const webhook: WebhookRecord = {
    id: world.newId('webhook'),
    accountId: account.id,
    agentId: agent?.id ?? null,
    url: body.url,
    secret: newSecret((n) => world.random.hex(n)),
    contextLimit: body.contextLimit ?? 10,
    timeout: body.timeout ?? 30,
    createdAt: world.clock.isoNow(),
  };
  world.state.webhooks.push(webhook);
  if (agent) agent.webhookId = webhook.id;
  else account.webhookId = webhook.id;
  world.changed();
  return webhook;
}

/** The synthetic inbound SMS the test endpoints send, signed like a real one. */
function testEvent(world: World, account: AccountRecord, agent: AgentRecord | undefined): SimWebhookEvent {
  const number = agent ? world.numbersOf(agent.id)[0] : undefined;
  const messageId = world.newId('message');
  return {
    accountId: account.id,
    agentId: agent?.id ?? null,
    event: 'agent.message',
    channel: 'sms',
    conversationId: null,
    messageId,
    data: {
      messageId,
      conversationId: world.newId('conversation'),
      numberId: number?.id ?? null,
      from: '+15555550100',
      to: number?.phoneNumber ?? '+15555550199',
      contact: null,
      message: 'This is a test webhook from AgentPhone.',
      mediaUrl: null,
      mediaUrls: [],
      direction: 'inbound',
      receivedAt: world.clock.isoNow(),
      test: true,
    },
  };
}

function stats(deliveries: DeliveryRecord[]) {
  const success = deliveries.filter((d) => d.status === 'success').length;
  const failed = deliveries.filter((d) => d.status === 'failed').length;
  return {
    total: deliveries.length,
    success,
    failed,
    successRate: deliveries.length ? Math.round((success / deliveries.length) * 1000) / 10 : 0,
  };
}

/** Webhook configuration, delivery log and test endpoints (spec §8), account-wide and per agent. */
export function registerWebhooks(app: FastifyInstance, ctx: () => SimContext): void {
  const accountWebhook = (world: World, account: AccountRecord) =>
    world.state.webhooks.find((w) => w.id === account.webhookId);
  const agentWebhook = (world: World, agent: AgentRecord) =>
    world.state.webhooks.find((w) => w.id === agent.webhookId);
  const sendTest = async (
    account: AccountRecord,
    agent: AgentRecord | undefined,
    webhook: WebhookRecord | undefined,
  ) => {
    const { world, webhooks } = ctx();
    if (!webhook) throw new ApiError(404, 'No webhook configured', 'NOT_FOUND');
    const result = await webhooks.sendTest(testEvent(world, account, agent), webhook);
    return {
      success: result.ok,
      httpStatus: result.httpStatus,
      statusCode: result.httpStatus,
      responseMs: result.responseMs,
      errorMessage: result.error,
      error: result.error,
    };
  };

  app.get('/v1/webhooks', async (request) => {
    const { world } = ctx();
    const webhook = accountWebhook(world, requireAccount(world, request));
    return webhook ? webhookJson(webhook) : null;
  });

  app.post('/v1/webhooks', async (request) => {
    const { world } = ctx();
    const account = requireAccount(world, request);
    return webhookJson(
      saveWebhook(world, account, null, parseBody(WebhookCreateRequestSchema, request.body)),
    );
  });

  app.delete('/v1/webhooks', async (request) => {
    const { world } = ctx();
    const account = requireAccount(world, request);
    world.state.webhooks = world.state.webhooks.filter((w) => w.id !== account.webhookId);
    account.webhookId = null;
    world.changed();
    return { success: true };
  });

  app.get('/v1/webhooks/deliveries', async (request) => {
    const { world } = ctx();
    const account = requireAccount(world, request);
    const query = parseQuery(DeliveriesQuerySchema, request.query);
    const since = query.hours ? world.clock.now() - query.hours * 3_600_000 : -Infinity;
    const deliveries = world.state.deliveries
      .filter((d) => d.accountId === account.id && d.createdAtMs >= since)
      .sort((a, b) => b.createdAtMs - a.createdAtMs);
    return {
      items: deliveries.slice(query.offset, query.offset + query.limit).map(deliveryJson),
      total: deliveries.length,
      offset: query.offset,
      limit: query.limit,
    };
  });

  app.get('/v1/webhooks/deliveries/stats', async (request) => {
    const { world } = ctx();
    const account = requireAccount(world, request);
    const { hours } = parseQuery(DeliveryStatsQuerySchema, request.query);
    const since = world.clock.now() - hours * 3_600_000;
    const deliveries = world.state.deliveries.filter(
      (d) => d.accountId === account.id && d.createdAtMs >= since,
    );
    const byEventType: Record<string, Record<string, number>> = {};
    const byHourMap = new Map<string, { hour: string; total: number; success: number; failed: number }>();
    for (const d of deliveries) {
      const bucket = (byEventType[d.eventType] ??= {});
      bucket[d.status] = (bucket[d.status] ?? 0) + 1;
      const hour = new Date(Math.floor(d.createdAtMs / 3_600_000) * 3_600_000)
        .toISOString()
        .replace('.000Z', 'Z');
      const h = byHourMap.get(hour) ?? { hour, total: 0, success: 0, failed: 0 };
      h.total += 1;
      if (d.status === 'success') h.success += 1;
      if (d.status === 'failed') h.failed += 1;
      byHourMap.set(hour, h);
    }
    return {
      ...stats(deliveries),
      pending: deliveries.filter((d) => d.status === 'pending').length,
      byEventType,
      byHour: [...byHourMap.values()],
    };
  });

  app.get('/v1/webhooks/deliveries/all-time', async (request) => {
    const { world } = ctx();
    const account = requireAccount(world, request);
    return stats(world.state.deliveries.filter((d) => d.accountId === account.id));
  });

  app.post('/v1/webhooks/test', async (request) => {
    const { world } = ctx();
    const account = requireAccount(world, request);
    const query = parseQuery(WebhookTestQuerySchema, request.query);
    const body = parseBody(WebhookTestRequestSchema, request.body);
    const agentId = query.agentId ?? body.agentId;
    const agent = agentId
      ? world.agent(account.id, agentId)
      : world.state.agents.find((a) => a.accountId === account.id && !a.deleted);
    return sendTest(account, agent, accountWebhook(world, account));
  });

  app.get<{ Params: Params }>('/v1/agents/:agent_id/webhook', async (request) => {
    const { world } = ctx();
    const account = requireAccount(world, request);
    const webhook = agentWebhook(world, world.agent(account.id, request.params.agent_id));
    return webhook ? webhookJson(webhook) : null;
  });

  app.post<{ Params: Params }>('/v1/agents/:agent_id/webhook', async (request) => {
    const { world } = ctx();
    const account = requireAccount(world, request);
    const agent = world.agent(account.id, request.params.agent_id);
    return webhookJson(
      saveWebhook(world, account, agent, parseBody(WebhookCreateRequestSchema, request.body)),
    );
  });

  app.delete<{ Params: Params }>('/v1/agents/:agent_id/webhook', async (request) => {
    const { world } = ctx();
    const account = requireAccount(world, request);
    const agent = world.agent(account.id, request.params.agent_id);
    world.state.webhooks = world.state.webhooks.filter((w) => w.id !== agent.webhookId);
    agent.webhookId = null;
    world.changed();
    return { success: true };
  });

  app.get<{ Params: Params }>('/v1/agents/:agent_id/webhook/deliveries', async (request) => {
    const { world } = ctx();
    const account = requireAccount(world, request);
    const agent = world.agent(account.id, request.params.agent_id);
    const { limit } = parseQuery(AgentDeliveriesQuerySchema, request.query);
    return world.state.deliveries
      .filter((d) => d.agentId === agent.id && d.scope === 'agent')
      .sort((a, b) => b.createdAtMs - a.createdAtMs)
      .slice(0, limit)
      .map(deliveryJson);
  });

  app.post<{ Params: Params }>('/v1/agents/:agent_id/webhook/test', async (request) => {
    const { world } = ctx();
    const account = requireAccount(world, request);
    const agent = world.agent(account.id, request.params.agent_id);
    return sendTest(account, agent, agentWebhook(world, agent));
  });
}
