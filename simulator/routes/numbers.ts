import type { FastifyInstance } from 'fastify';

import {
  CreateNumberRequestSchema,
  CursorPageQuerySchema,
  OffsetPageQuerySchema,
} from '../../agentphone/schemas/requests';
import type { SimContext } from '../context';
import { requireAccount } from '../http/auth';
import { ApiError } from '../http/errors';
import { cursorPage, offsetPage } from '../http/pagination';
import { parseBody, parseQuery } from '../http/validate';
import { callSummaryJson, numberJson, numberMessageJson } from '../serializers';

type Params = { number_id: string };

/** Phone numbers (spec §5). */
export function registerNumbers(app: FastifyInstance, ctx: () => SimContext): void {
  app.get('/v1/numbers', async (request) => {
    const { world } = ctx();
    const account = requireAccount(world, request);
    const query = parseQuery(OffsetPageQuerySchema, request.query);
    const numbers = world.state.numbers.filter((n) => n.accountId === account.id && n.status === 'active');
    return offsetPage(numbers, query, numberJson);
  });

  app.post('/v1/numbers', async (request) => {
    const { world } = ctx();
    const account = requireAccount(world, request);
    const body = parseBody(CreateNumberRequestSchema, request.body);
    const agentId = body.agentId ? world.agent(account.id, body.agentId).id : null;
    const number = world.createNumber(account.id, body.country ?? 'US', body.areaCode ?? null, agentId);
    world.changed();
    return numberJson(number);
  });

  app.get<{ Params: Params }>('/v1/numbers/:number_id', async (request) => {
    const { world } = ctx();
    const account = requireAccount(world, request);
    return numberJson(world.number(account.id, request.params.number_id));
  });

  app.delete<{ Params: Params }>('/v1/numbers/:number_id', async (request) => {
    const { world } = ctx();
    const account = requireAccount(world, request);
    const number = world.number(account.id, request.params.number_id);
    if (number.status === 'released') throw new ApiError(400, 'Phone number is already released');
    number.status = 'released';
    number.agentId = null;
    world.changed();
    return { success: true, id: number.id, phoneNumber: number.phoneNumber, status: 'released' };
  });

  app.get<{ Params: Params }>('/v1/numbers/:number_id/messages', async (request) => {
    const { world } = ctx();
    const account = requireAccount(world, request);
    const number = world.number(account.id, request.params.number_id);
    const query = parseQuery(CursorPageQuerySchema, request.query);
    const messages = world.state.messages.filter((m) => m.numberId === number.id);
    return cursorPage(messages, (m) => m.receivedAtMs, query, numberMessageJson);
  });

  app.get<{ Params: Params }>('/v1/numbers/:number_id/calls', async (request) => {
    const { world, mcpStatuses } = ctx();
    const account = requireAccount(world, request);
    const number = world.number(account.id, request.params.number_id);
    const query = parseQuery(OffsetPageQuerySchema, request.query);
    const calls = world.state.calls
      .filter((c) => c.numberId === number.id)
      .sort((a, b) => b.startedAtMs - a.startedAtMs);
    const now = world.clock.now();
    return offsetPage(calls, query, (c) => callSummaryJson(c, now, mcpStatuses));
  });
}
