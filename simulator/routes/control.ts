import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

import { campaignPersonaOf, PersonaMixSchema } from '../callees/mix';
import { calleeFromRegistration, CalleeRegistrationSchema } from '../callees/registry';
import { ledgerJson } from '../calls/ledger';
import { toIsoSeconds } from '../clock';
import type { SimContext } from '../context';
import { FaultListSchema, FaultSpecSchema } from '../faults';
import { ApiError } from '../http/errors';
import { parseBody } from '../http/validate';
import { callDetailJson, deliveryJson } from '../serializers';

const E164 = z.string().regex(/^\+[1-9]\d{1,14}$/, 'must be an E.164 phone number');

/**
 * Who may text our number: a phone number, or a service: a short code (5–6 digits) or an alphanumeric
 * sender id (up to 11 characters with a letter), as services that text verification codes use.
 */
const SmsSender = z.union(
  [E164, z.string().regex(/^\d{5,6}$/), z.string().regex(/^(?=.*[A-Za-z])[A-Za-z0-9 .&_-]{1,11}$/)],
  {
    message: 'must be an E.164 number, a 5–6 digit short code or an alphanumeric sender id (≤ 11 characters)',
  },
);
const InboundSmsSchema = z.object({
  from: SmsSender,
  to: E164,
  body: z.string(),
  mediaUrls: z.array(z.string().url()).optional(),
});
const InboundCallSchema = z.object({ from: E164, to: E164, missed: z.boolean().optional() });
const AutoReplySchema = z.object({
  from: E164,
  to: E164.nullish(),
  match: z
    .string()
    .refine((pattern) => {
      try {
        new RegExp(pattern);
        return true;
      } catch {
        return false;
      }
    }, 'must be a valid regular expression')
    .nullish(),
  reply: z.string().min(1),
  delayMs: z.number().int().min(0).default(0),
});
const AdvanceSchema = z.object({ ms: z.number().int().min(0) });

function isLoopback(ip: string): boolean {
  return ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1' || ip.startsWith('127.');
}

/**
 * The control API (not part of AgentPhone): inspect state, script callees and humans, inject faults,
 * move the clock. Loopback callers only; no API key needed.
 */
export function registerControl(app: FastifyInstance, ctx: () => SimContext): void {
  app.register(async (control) => {
    control.addHook('onRequest', async (request) => {
      if (!isLoopback(request.ip))
        throw new ApiError(403, 'The control API answers loopback callers only', 'FORBIDDEN');
    });

    control.get<{ Querystring: { settle?: string } }>('/_sim/state', async (request) => {
      const { world, faults, webhooks } = ctx();
      const { state, clock } = world;
      if (request.query.settle) await webhooks.settle();
      return {
        readyAccount: state.readyAccount,
        clock: {
          now: clock.isoNow(),
          nowMs: clock.now(),
          speed: clock.speed,
          offsetMs: clock.offset(),
          pendingTimers: clock.pending(),
        },
        counts: {
          accounts: state.accounts.length,
          agents: state.agents.filter((a) => !a.deleted).length,
          numbers: state.numbers.filter((n) => n.status === 'active').length,
          calls: state.calls.length,
          liveCalls: ctx().calls.allLiveCalls(),
          messages: state.messages.length,
          conversations: state.conversations.length,
          deliveries: state.deliveries.length,
          pendingDeliveries: state.deliveries.filter((d) => d.status === 'pending').length,
        },
        faults: faults.list(),
        callees: state.callees,
        autoReplies: state.autoReplies,
        bookings: state.bookings,
        offers: state.offers,
        accounts: state.accounts.map(({ apiKeys, ...rest }) => ({ ...rest, apiKeyCount: apiKeys.length })),
        agents: state.agents,
        numbers: state.numbers,
        webhooks: state.webhooks.map(({ secret, ...rest }) => ({ ...rest, hasSecret: secret.length > 0 })),
      };
    });

    control.post('/_sim/reset', async () => {
      await ctx().reset();
      return { ok: true, readyAccount: ctx().world.state.readyAccount };
    });

    control.get('/_sim/requests', async () => ({ data: ctx().requestLog.list() }));
    control.delete('/_sim/requests', async () => {
      ctx().requestLog.clear();
      return { ok: true };
    });

    control.get('/_sim/calls', async () => {
      const { world, mcpStatuses } = ctx();
      const now = world.clock.now();
      return {
        data: world.state.calls.map((call) => ({
          ...callDetailJson(call, now, mcpStatuses),
          accountId: call.accountId,
          persona: call.persona,
          request: call.request,
          transcript: call.turns
            .filter((t) => call.status === 'completed' || call.status === 'failed' || t.atMs <= now)
            .map((t) => ({ role: t.role, content: t.content })),
        })),
      };
    });

    control.get('/_sim/messages', async () => {
      const { world } = ctx();
      return {
        data: world.state.messages.map((m) => ({ ...m, receivedAt: toIsoSeconds(m.receivedAtMs) })),
      };
    });

    control.get('/_sim/outbox', async () => ({ data: ctx().world.state.outbox }));

    control.post('/_sim/callees', async (request) => {
      const { world } = ctx();
      const callee = calleeFromRegistration(parseBody(CalleeRegistrationSchema, request.body));
      world.state.callees = [
        ...world.state.callees.filter((c) => c.phoneNumber !== callee.phoneNumber),
        callee,
      ];
      world.changed();
      return { ok: true, callee };
    });

    // The persona mix: who answers numbers nobody registered, in seeded proportions (campaigns at scale).
    control.get<{ Querystring: { number?: string } }>('/_sim/persona-mix', async (request) => {
      const { world, seed } = ctx();
      const mix = world.state.personaMix ?? null;
      const number = request.query.number;
      if (number !== undefined && !E164.safeParse(number).success)
        throw new ApiError(422, 'number must be an E.164 phone number, e.g. ?number=%2B12125550123');
      return {
        mix,
        ...(number !== undefined
          ? { number, persona: mix ? campaignPersonaOf(mix, seed, number) : null }
          : {}),
      };
    });
    control.post('/_sim/persona-mix', async (request) => {
      const { world } = ctx();
      world.state.personaMix = parseBody(PersonaMixSchema, request.body);
      world.changed();
      return { ok: true, mix: world.state.personaMix };
    });
    control.delete('/_sim/persona-mix', async () => {
      const { world } = ctx();
      world.state.personaMix = null;
      world.changed();
      return { ok: true };
    });

    // Every call ever placed, as counters (full records may be pruned past `retainEndedCalls`).
    control.get<{ Querystring: { number?: string; numbers?: string } }>('/_sim/ledger', async (request) => {
      const { world, calls } = ctx();
      const numbers = request.query.numbers === 'true' || request.query.numbers === '1';
      return ledgerJson(world.ledger, calls.allLiveCalls(), request.query.number, numbers);
    });

    control.post('/_sim/inbound/sms', async (request) => {
      const body = parseBody(InboundSmsSchema, request.body);
      const message = ctx().messaging.receive(body.from, body.to, body.body, body.mediaUrls ?? []);
      return { ok: true, messageId: message.id, conversationId: message.conversationId };
    });

    control.post('/_sim/inbound/call', async (request) => {
      const { world, calls } = ctx();
      const body = parseBody(InboundCallSchema, request.body);
      const number = world.numberByPhone(body.to);
      if (!number) throw new ApiError(404, `No active number ${body.to} in the simulator`);
      const call = calls.placeInbound(body.from, number, body.missed === true);
      return { ok: true, callId: call.id };
    });

    control.post('/_sim/auto-replies', async (request) => {
      const { world } = ctx();
      const body = parseBody(AutoReplySchema, request.body);
      const rule = {
        id: `ar_${world.random.hex(8)}`,
        from: body.from,
        to: body.to ?? null,
        match: body.match ?? null,
        reply: body.reply,
        delayMs: body.delayMs,
      };
      world.state.autoReplies.push(rule);
      world.changed();
      return { ok: true, autoReply: rule };
    });

    control.get('/_sim/faults', async () => ({ data: ctx().faults.list() }));
    control.post('/_sim/faults', async (request) => {
      const specs = Array.isArray(request.body)
        ? parseBody(FaultListSchema, request.body)
        : [parseBody(FaultSpecSchema, request.body)];
      const ids = specs.map((spec) => ctx().faults.add(spec));
      return { ok: true, ids };
    });
    control.delete('/_sim/faults', async () => {
      ctx().faults.clear();
      return { ok: true };
    });

    control.get('/_sim/clock', async () => {
      const { clock } = ctx().world;
      return {
        now: clock.isoNow(),
        nowMs: clock.now(),
        speed: clock.speed,
        offsetMs: clock.offset(),
        pendingTimers: clock.pending(),
      };
    });
    control.post('/_sim/clock/advance', async (request) => {
      const { world } = ctx();
      const { ms } = parseBody(AdvanceSchema, request.body);
      world.clock.advance(ms);
      return { ok: true, now: world.clock.isoNow(), nowMs: world.clock.now() };
    });

    // `?settle=1` first waits for webhook attempts already on the wire, so tests see their outcome.
    control.get<{ Querystring: { settle?: string } }>('/_sim/deliveries', async (request) => {
      const { world, webhooks } = ctx();
      if (request.query.settle) await webhooks.settle();
      return {
        data: world.state.deliveries.map((d) => ({
          ...deliveryJson(d),
          accountId: d.accountId,
          agentId: d.agentId,
          scope: d.scope,
          payload: JSON.parse(d.body) as unknown,
        })),
      };
    });
  });
}
