import type { FastifyInstance } from 'fastify';

import {
  UsageByAgentQuerySchema,
  UsageDailyQuerySchema,
  UsageMonthlyQuerySchema,
} from '../../agentphone/schemas/requests';
import { toIsoSeconds } from '../clock';
import type { SimContext } from '../context';
import { requireAccount } from '../http/auth';
import { parseQuery } from '../http/validate';

const DAY_MS = 86_400_000;

function monthStart(ms: number, plus = 0): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + plus, 1);
}

/** Usage (spec §3), counted from the simulator's own records. */
export function registerUsage(app: FastifyInstance, ctx: () => SimContext): void {
  const records = (accountId: string) => {
    const { state } = ctx().world;
    return {
      messages: state.messages.filter((m) => m.accountId === accountId),
      calls: state.calls.filter((c) => c.accountId === accountId),
      deliveries: state.deliveries.filter((d) => d.accountId === accountId),
    };
  };

  app.get('/v1/usage', async (request) => {
    const { world } = ctx();
    const account = requireAccount(world, request);
    const now = world.clock.now();
    const { messages, calls, deliveries } = records(account.id);
    const since = (ms: number) => (t: number) => t >= now - ms;
    const used = world.state.numbers.filter(
      (n) => n.accountId === account.id && n.status === 'active',
    ).length;
    const segments = messages
      .filter((m) => since(30 * DAY_MS)(m.receivedAtMs))
      .reduce((n, m) => n + Math.max(1, Math.ceil(m.body.length / 160)), 0);
    return {
      plan: {
        name: 'payg',
        limits: {
          numbers: world.limits.numbers,
          messagesPerMonth: 0,
          voiceMinutesPerMonth: 0,
          maxCallDurationMinutes: world.limits.maxCallDurationMinutes,
          concurrentCalls: world.limits.concurrentCalls,
        },
      },
      numbers: { used, limit: world.limits.numbers, remaining: Math.max(0, world.limits.numbers - used) },
      stats: {
        totalMessages: messages.length,
        messagesLast24h: messages.filter((m) => since(DAY_MS)(m.receivedAtMs)).length,
        messagesLast7d: messages.filter((m) => since(7 * DAY_MS)(m.receivedAtMs)).length,
        messagesLast30d: messages.filter((m) => since(30 * DAY_MS)(m.receivedAtMs)).length,
        smsSegmentsLast30d: segments,
        totalCalls: calls.length,
        callsLast24h: calls.filter((c) => since(DAY_MS)(c.startedAtMs)).length,
        callsLast7d: calls.filter((c) => since(7 * DAY_MS)(c.startedAtMs)).length,
        callsLast30d: calls.filter((c) => since(30 * DAY_MS)(c.startedAtMs)).length,
        totalWebhookDeliveries: deliveries.length,
        successfulWebhookDeliveries: deliveries.filter((d) => d.status === 'success').length,
        failedWebhookDeliveries: deliveries.filter((d) => d.status === 'failed').length,
      },
      periodStart: toIsoSeconds(monthStart(now)),
      periodEnd: toIsoSeconds(monthStart(now, 1)),
    };
  });

  app.get('/v1/usage/daily', async (request) => {
    const { world } = ctx();
    const account = requireAccount(world, request);
    const { days } = parseQuery(UsageDailyQuerySchema, request.query);
    const { messages, calls, deliveries } = records(account.id);
    const today = Math.floor(world.clock.now() / DAY_MS);
    const data = Array.from({ length: days }, (_, i) => {
      const day = today - (days - 1 - i);
      const onDay = (ms: number) => Math.floor(ms / DAY_MS) === day;
      return {
        date: new Date(day * DAY_MS).toISOString().slice(0, 10),
        messages: messages.filter((m) => onDay(m.receivedAtMs)).length,
        calls: calls.filter((c) => onDay(c.startedAtMs)).length,
        webhooks: deliveries.filter((d) => onDay(d.createdAtMs)).length,
      };
    });
    return { data, days };
  });

  app.get('/v1/usage/monthly', async (request) => {
    const { world } = ctx();
    const account = requireAccount(world, request);
    const { months } = parseQuery(UsageMonthlyQuerySchema, request.query);
    const { messages, calls, deliveries } = records(account.id);
    const now = world.clock.now();
    const data = Array.from({ length: months }, (_, i) => {
      const start = monthStart(now, -(months - 1 - i));
      const end = monthStart(start, 1);
      const inMonth = (ms: number) => ms >= start && ms < end;
      return {
        month: new Date(start).toISOString().slice(0, 7),
        messages: messages.filter((m) => inMonth(m.receivedAtMs)).length,
        calls: calls.filter((c) => inMonth(c.startedAtMs)).length,
        webhooks: deliveries.filter((d) => inMonth(d.createdAtMs)).length,
      };
    });
    return { data, months };
  });

  app.get('/v1/usage/by-number', async (request) => {
    const { world } = ctx();
    const account = requireAccount(world, request);
    const { messages, calls } = records(account.id);
    const data = world.state.numbers
      .filter((n) => n.accountId === account.id)
      .map((n) => ({
        numberId: n.id,
        phoneNumber: n.phoneNumber,
        country: n.country,
        status: n.status,
        agentId: n.agentId,
        agentName: world.state.agents.find((a) => a.id === n.agentId)?.name ?? null,
        messages: messages.filter((m) => m.numberId === n.id).length,
        calls: calls.filter((c) => c.numberId === n.id).length,
      }));
    return { data };
  });

  app.get('/v1/usage/by-agent', async (request) => {
    const { world } = ctx();
    const account = requireAccount(world, request);
    const { period } = parseQuery(UsageByAgentQuerySchema, request.query);
    const now = world.clock.now();
    const start =
      period === 'week'
        ? now - 7 * DAY_MS
        : period === 'month'
          ? monthStart(now)
          : Date.UTC(new Date(now).getUTCFullYear(), 0, 1);
    const { messages, calls } = records(account.id);
    const inPeriod = (ms: number) => ms >= start;
    const bucket = (agentId: string | null) => {
      const agentCalls = calls.filter((c) => c.agentId === agentId && inPeriod(c.startedAtMs));
      return {
        messages: messages.filter((m) => m.agentId === agentId && inPeriod(m.receivedAtMs)).length,
        calls: agentCalls.length,
        totalSeconds: agentCalls.reduce(
          (s, c) =>
            s +
            (c.endedAtMs && c.status === 'completed' ? Math.round((c.endedAtMs - c.startedAtMs) / 1000) : 0),
          0,
        ),
      };
    };
    const data: {
      agentId: string | null;
      agentName: string;
      messages: number;
      calls: number;
      totalSeconds: number;
      isOrphan?: boolean;
    }[] = world.state.agents
      .filter((a) => a.accountId === account.id && !a.deleted)
      .map((a) => ({ agentId: a.id, agentName: a.name, ...bucket(a.id) }));
    const orphan = bucket(null);
    if (orphan.calls + orphan.messages > 0)
      data.push({ agentId: null, agentName: 'Unassigned', ...orphan, isOrphan: true });
    return { data, period, periodStart: toIsoSeconds(start), periodEnd: toIsoSeconds(now) };
  });
}
