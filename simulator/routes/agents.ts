import type { FastifyInstance } from 'fastify';

import {
  AttachNumberRequestSchema,
  CreateAgentRequestSchema,
  OffsetPageQuerySchema,
  UpdateAgentRequestSchema,
} from '../../agentphone/schemas/requests';
import type { SimContext } from '../context';
import { requireAccount } from '../http/auth';
import { ApiError, notFound } from '../http/errors';
import { offsetPage } from '../http/pagination';
import { parseBody, parseQuery } from '../http/validate';
import { agentJson, agentNumberJson, callSummaryJson, conversationSummaryJson } from '../serializers';
import type { AgentRecord } from '../state';

type Params = { agent_id: string; number_id?: string };

const VOICES = [
  {
    voice_id: 'custom_voice_ea22ba5fdfaa18f39c274851c1',
    voice_name: 'Skylar — Friendly Guide',
    provider: 'elevenlabs',
    gender: 'female',
    accent: 'American',
    preview_audio_url: null,
  },
  {
    voice_id: '11labs-Brian',
    voice_name: 'Brian',
    provider: 'elevenlabs',
    gender: 'male',
    accent: 'American',
    preview_audio_url: null,
  },
  {
    voice_id: 'openai-Alloy',
    voice_name: 'Alloy',
    provider: 'openai',
    gender: null,
    accent: null,
    preview_audio_url: null,
  },
];

/** Drops keys the caller did not send. */
function definedFields(body: Record<string, unknown>): Partial<AgentRecord> {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
}

/** Agents and voices (spec §4). */
export function registerAgents(app: FastifyInstance, ctx: () => SimContext): void {
  const json = (agent: AgentRecord) => agentJson(agent, ctx().world.numbersOf(agent.id));

  app.get('/v1/agents/voices', async (request) => {
    requireAccount(ctx().world, request);
    return { data: VOICES };
  });

  app.get('/v1/agents', async (request) => {
    const { world } = ctx();
    const account = requireAccount(world, request);
    const query = parseQuery(OffsetPageQuerySchema, request.query);
    const agents = world.state.agents.filter((a) => a.accountId === account.id && !a.deleted);
    return offsetPage(agents, query, json);
  });

  app.post('/v1/agents', async (request) => {
    const { world } = ctx();
    const account = requireAccount(world, request);
    const body = parseBody(CreateAgentRequestSchema, request.body);
    const fields = definedFields(body);
    const agent = world.createAgent(account.id, { ...withoutNulls(fields), name: body.name });
    world.changed();
    return json(agent);
  });

  app.get<{ Params: Params }>('/v1/agents/:agent_id', async (request) => {
    const { world } = ctx();
    const account = requireAccount(world, request);
    return json(world.agent(account.id, request.params.agent_id));
  });

  app.patch<{ Params: Params }>('/v1/agents/:agent_id', async (request) => {
    const { world } = ctx();
    const account = requireAccount(world, request);
    const agent = world.agent(account.id, request.params.agent_id);
    const body = parseBody(UpdateAgentRequestSchema, request.body);
    const next = {
      ...agent,
      ...withoutNulls(definedFields(body), [
        'description',
        'systemPrompt',
        'beginMessage',
        'transferNumber',
        'customTools',
        'voicemailMessage',
        'callScreeningIdentity',
        'callScreeningPurpose',
      ]),
    };
    if (next.voiceMode === 'hosted' && !next.systemPrompt) {
      throw new ApiError(422, 'A hosted agent needs a systemPrompt', 'VALIDATION_ERROR', {}, [
        { loc: ['body', 'systemPrompt'], msg: 'a hosted agent needs a systemPrompt', type: 'value_error' },
      ]);
    }
    if (agent.voiceMode === 'hosted' && body.voiceMode === 'webhook') {
      // Switching to webhook mode clears the hosted prompt and greeting (spec §4).
      next.systemPrompt = null;
      next.beginMessage = null;
    }
    Object.assign(agent, next);
    world.changed();
    return json(agent);
  });

  app.delete<{ Params: Params }>('/v1/agents/:agent_id', async (request) => {
    const { world } = ctx();
    const account = requireAccount(world, request);
    const agent = world.agent(account.id, request.params.agent_id);
    agent.deleted = true;
    // Numbers, conversations and calls survive with agentId null.
    for (const n of world.state.numbers) if (n.agentId === agent.id) n.agentId = null;
    for (const c of world.state.calls) if (c.agentId === agent.id) c.agentId = null;
    for (const m of world.state.messages) if (m.agentId === agent.id) m.agentId = null;
    world.state.webhooks = world.state.webhooks.filter((w) => w.agentId !== agent.id);
    world.changed();
    return { success: true, id: agent.id, name: agent.name };
  });

  app.post<{ Params: Params }>('/v1/agents/:agent_id/numbers', async (request) => {
    const { world } = ctx();
    const account = requireAccount(world, request);
    const agent = world.agent(account.id, request.params.agent_id);
    const body = parseBody(AttachNumberRequestSchema, request.body);
    const number = world.number(account.id, body.numberId);
    if (number.status !== 'active') throw new ApiError(400, 'Phone number has been released');
    number.agentId = agent.id;
    world.changed();
    return { agentId: agent.id, number: agentNumberJson(number) };
  });

  app.delete<{ Params: Params }>('/v1/agents/:agent_id/numbers/:number_id', async (request) => {
    const { world } = ctx();
    const account = requireAccount(world, request);
    const agent = world.agent(account.id, request.params.agent_id);
    const number = world.number(account.id, request.params.number_id ?? '');
    if (number.agentId !== agent.id) throw notFound('Phone number');
    number.agentId = null;
    world.changed();
    return { success: true };
  });

  app.get<{ Params: Params }>('/v1/agents/:agent_id/calls', async (request) => {
    const { world, mcpStatuses } = ctx();
    const account = requireAccount(world, request);
    const agent = world.agent(account.id, request.params.agent_id);
    const query = parseQuery(OffsetPageQuerySchema, request.query);
    const calls = world.state.calls
      .filter((c) => c.agentId === agent.id)
      .sort((a, b) => b.startedAtMs - a.startedAtMs);
    const now = world.clock.now();
    return offsetPage(calls, query, (c) => callSummaryJson(c, now, mcpStatuses));
  });

  app.get<{ Params: Params }>('/v1/agents/:agent_id/conversations', async (request) => {
    const { world } = ctx();
    const account = requireAccount(world, request);
    const agent = world.agent(account.id, request.params.agent_id);
    const query = parseQuery(OffsetPageQuerySchema, request.query);
    const numbers = world.state.numbers.filter((n) => n.agentId === agent.id);
    const conversations = world.state.conversations
      .filter((c) => numbers.some((n) => n.id === c.numberId))
      .sort((a, b) => b.lastMessageAtMs - a.lastMessageAtMs);
    // The agent-scoped summary lacks the group fields in the SDK; a superset is harmless.
    return offsetPage(conversations, query, (c) =>
      conversationSummaryJson(
        c,
        numbers.find((n) => n.id === c.numberId) as (typeof numbers)[number],
        world.state.messages.filter((m) => m.conversationId === c.id),
      ),
    );
  });
}

/** Optional fields sent as null mean "unset" for nullable fields and "default" for the rest. */
function withoutNulls(fields: Partial<AgentRecord>, nullable: string[] = []): Partial<AgentRecord> {
  return Object.fromEntries(Object.entries(fields).filter(([k, v]) => v !== null || nullable.includes(k)));
}
