import type { FastifyInstance, FastifyReply } from 'fastify';

import {
  CreateCallRequestSchema,
  ListCallsQuerySchema,
  RetrieveCallQuerySchema,
} from '../../agentphone/schemas/requests';
import { toIsoSeconds } from '../clock';
import type { SimContext } from '../context';
import { requireAccount } from '../http/auth';
import { ApiError, notFound } from '../http/errors';
import { offsetPage } from '../http/pagination';
import { parseBody, parseQuery } from '../http/validate';
import { isRestrictedDestination } from '../messaging';
import { callDetailJson, callSummaryJson, publicStatus, spokenTurns, transcriptJson } from '../serializers';
import type { AccountRecord, SimCallRecord } from '../state';
import type { World } from '../world';

type Params = { call_id: string };

/** Seconds a caller is asked to wait when the account is at its concurrent-call cap. */
const CONCURRENCY_RETRY_AFTER_SEC = 5;

/** Calls (spec §7): place, list, read, end, transcripts (JSON and SSE), recording. */
export function registerCalls(app: FastifyInstance, ctx: () => SimContext): void {
  const find = (world: World, account: AccountRecord, id: string) => {
    const call = world.callById(id);
    if (!call || call.accountId !== account.id) throw notFound('Call');
    return call;
  };

  app.get('/v1/calls', async (request) => {
    const { world, mcpStatuses } = ctx();
    const account = requireAccount(world, request);
    const query = parseQuery(ListCallsQuerySchema, request.query);
    const calls = world.state.calls
      .filter((c) => c.accountId === account.id)
      .filter((c) => !query.status || publicStatus(c, mcpStatuses) === query.status)
      .filter((c) => !query.direction || c.direction === query.direction)
      // Every simulated call is PSTN (web calls are out of scope).
      .filter(() => !query.type || query.type === 'pstn')
      .filter(
        (c) => !query.search || c.ourNumber.includes(query.search) || c.remoteNumber.includes(query.search),
      )
      .sort((a, b) => b.startedAtMs - a.startedAtMs);
    const now = world.clock.now();
    return offsetPage(calls, query, (c) => callSummaryJson(c, now, mcpStatuses));
  });

  app.post('/v1/calls', async (request) => {
    const { world, calls, mcpStatuses } = ctx();
    const account = requireAccount(world, request);
    const body = parseBody(CreateCallRequestSchema, request.body);
    const agent = world.agent(account.id, body.agentId);
    if (isRestrictedDestination(body.toNumber)) {
      throw new ApiError(
        403,
        'Calls to emergency, N11 or crisis numbers are not allowed',
        'RESTRICTED_DESTINATION',
      );
    }
    const numbers = world.numbersOf(agent.id);
    const from = body.fromNumberId ? numbers.find((n) => n.id === body.fromNumberId) : numbers[0];
    if (!from) {
      throw new ApiError(
        400,
        body.fromNumberId
          ? 'fromNumberId is not attached to this agent'
          : 'Agent has no phone number attached',
      );
    }
    if (calls.liveCalls(account.id) >= world.limits.concurrentCalls) {
      throw new ApiError(
        409,
        `Concurrent call limit reached (${world.limits.concurrentCalls})`,
        'CONCURRENCY_LIMIT',
        {
          'retry-after': String(CONCURRENCY_RETRY_AFTER_SEC),
        },
      );
    }
    const call = calls.placeOutbound({
      agent,
      from,
      toNumber: body.toNumber,
      systemPrompt: body.systemPrompt ?? null,
      initialGreeting: body.initialGreeting ?? null,
      variables: body.variables ?? null,
    });
    if (body.waitForCompletion) {
      await calls.waitForEnd(call.id, (body.maxWaitSeconds ?? 600) * 1000);
      return callDetailJson(call, world.clock.now(), mcpStatuses);
    }
    return {
      id: call.id,
      agentId: call.agentId,
      phoneNumberId: call.numberId,
      phoneNumber: call.ourNumber,
      fromNumber: call.ourNumber,
      toNumber: call.remoteNumber,
      direction: 'outbound',
      type: 'pstn',
      status: 'in-progress',
      startedAt: toIsoSeconds(call.startedAtMs),
      endedAt: null,
      durationSeconds: null,
    };
  });

  app.get<{ Params: Params }>('/v1/calls/:call_id', async (request) => {
    const { world, calls, mcpStatuses } = ctx();
    const account = requireAccount(world, request);
    const call = find(world, account, request.params.call_id);
    const query = parseQuery(RetrieveCallQuerySchema, request.query);
    if (query.wait) await calls.waitForEnd(call.id, (query.timeout ?? 30) * 1000);
    return callDetailJson(call, world.clock.now(), mcpStatuses);
  });

  app.post<{ Params: Params }>('/v1/calls/:call_id/end', async (request) => {
    const { world, calls, mcpStatuses } = ctx();
    const account = requireAccount(world, request);
    const call = find(world, account, request.params.call_id);
    if (call.status !== 'in-progress')
      throw new ApiError(409, `Call is not in progress (status: ${call.status})`, 'CALL_NOT_IN_PROGRESS');
    calls.end(call);
    return callDetailJson(call, world.clock.now(), mcpStatuses);
  });

  app.get<{ Params: Params }>('/v1/calls/:call_id/transcript', async (request) => {
    const { world, mcpStatuses } = ctx();
    const account = requireAccount(world, request);
    return transcriptJson(find(world, account, request.params.call_id), world.clock.now(), mcpStatuses);
  });

  app.get<{ Params: Params }>('/v1/calls/:call_id/transcript/stream', async (request, reply) => {
    const { world } = ctx();
    const account = requireAccount(world, request);
    const call = find(world, account, request.params.call_id);
    streamTranscript(ctx(), call, reply);
    return reply;
  });

  // Public: the call id is the capability (spec §1.2).
  app.get<{ Params: Params }>('/v1/calls/:call_id/recording', async (request, reply) => {
    const { world } = ctx();
    const call = world.callById(request.params.call_id);
    if (!call || call.status !== 'completed') throw notFound('Recording');
    const seconds = Math.min(
      5,
      Math.max(1, Math.round(((call.endedAtMs ?? call.startedAtMs) - call.startedAtMs) / 1000)),
    );
    return reply
      .type('audio/wav')
      .header('content-disposition', `attachment; filename="recording-${call.id}.wav"`)
      .send(silentWav(seconds));
  });
}

/**
 * SSE: stored turns first, then each turn as simulated time reaches it, a heartbeat comment every
 * 15 s (real), and a final `ended` event before closing.
 */
function streamTranscript(ctx: SimContext, call: SimCallRecord, reply: FastifyReply): void {
  const { world, calls, mcpStatuses } = ctx;
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-request-id': reply.request.id,
  });
  let sent = 0;
  const flushTurns = () => {
    const spoken = spokenTurns(call, world.clock.now());
    for (; sent < spoken.length; sent++) {
      const turn = spoken[sent];
      if (turn)
        raw.write(
          `event: turn\ndata: ${JSON.stringify({ role: turn.role, content: turn.content, createdAt: toIsoSeconds(turn.atMs) })}\n\n`,
        );
    }
  };
  const timers: { cancel(): void }[] = [];
  const heartbeat = setInterval(() => raw.write(': heartbeat\n\n'), 15_000);
  heartbeat.unref();
  const close = () => {
    clearInterval(heartbeat);
    for (const t of timers) t.cancel();
    stopListening();
  };
  const end = () => {
    flushTurns();
    raw.write(
      `event: ended\ndata: ${JSON.stringify({ callId: call.id, status: publicStatus(call, mcpStatuses) })}\n\n`,
    );
    close();
    raw.end();
  };
  const stopListening = calls.onEnded(call.id, end);
  raw.on('close', close);
  flushTurns();
  if (call.status === 'completed' || call.status === 'failed') return end();
  for (const turn of call.turns.slice(sent)) timers.push(world.clock.at(turn.atMs, flushTurns));
}

/** A valid mono 8 kHz 16-bit PCM WAV of silence. */
function silentWav(seconds: number): Buffer {
  const sampleRate = 8000;
  const dataBytes = sampleRate * 2 * seconds;
  const buffer = Buffer.alloc(44 + dataBytes);
  buffer.write('RIFF', 0);
  buffer.writeUInt32LE(36 + dataBytes, 4);
  buffer.write('WAVE', 8);
  buffer.write('fmt ', 12);
  buffer.writeUInt32LE(16, 16);
  buffer.writeUInt16LE(1, 20);
  buffer.writeUInt16LE(1, 22);
  buffer.writeUInt32LE(sampleRate, 24);
  buffer.writeUInt32LE(sampleRate * 2, 28);
  buffer.writeUInt16LE(2, 32);
  buffer.writeUInt16LE(16, 34);
  buffer.write('data', 36);
  buffer.writeUInt32LE(dataBytes, 40);
  return buffer;
}
