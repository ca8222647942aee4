import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';

import type { Logger } from '../../common/process/logger';
import type { SimContext } from '../context';
import type { RouteFault } from '../faults';
import { bearerKey } from './auth';
import { ApiError } from './errors';
import type { RateLimiter } from './rate-limit';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when a commit-then-drop fault applies: run the handler, then cut the connection. */
    dropAfterCommit?: boolean;
  }
}

/** `/v1/agents/:agent_id` → `/v1/agents/{agent_id}`, the spelling of the spec (and of rate-limit keys). */
export function specPath(fastifyPath: string): string {
  return fastifyPath.replace(/:([A-Za-z_]+)/g, '{$1}');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The HTTP shell in the style of stripe-mock: routes only the API's paths, answers every failure in
 * the API's error shape with a request id, applies scripted route faults and rate limits, and logs
 * each API request with its bodies.
 */
export function createHttpApp(ctx: () => SimContext, limiter: RateLimiter, logger: Logger): FastifyInstance {
  let counter = 0;
  // Typed through FastifyBaseLogger so the app keeps fastify's default instance type.
  const fastifyLogger: FastifyBaseLogger = logger;
  const app = Fastify({
    loggerInstance: fastifyLogger,
    // Request lines would be noise in tests; the request log of the control API has them.
    logController: new LogController({ disableRequestLogging: true }),
    forceCloseConnections: true,
    bodyLimit: 1_048_576,
    genReqId: () => `req_${Date.now().toString(16)}${(counter++).toString(16).padStart(6, '0')}`,
  });

  // FastAPI reads an empty body as "no body"; the SDK's body-less POSTs (e.g. /end) send none.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(
        new ApiError(422, 'JSON decode error', 'VALIDATION_ERROR', {}, [
          { loc: ['body', 0], msg: 'JSON decode error', type: 'json_invalid' },
        ]),
        undefined,
      );
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  app.addHook('preHandler', async (request, reply) => {
    const route = request.routeOptions.url;
    if (!route || route.startsWith('/_sim')) return;
    const path = specPath(route);
    const fault = ctx().faults.takeRouteFault(request.method, route, request.url);
    if (fault) await applyRouteFault(fault, request, reply);
    if (reply.sent) return;
    const limited = limiter.hit(bearerKey(request) ?? request.ip, `${request.method} ${path}`);
    if (limited) {
      throw new ApiError(429, 'Rate limit exceeded. Try again later.', 'RATE_LIMIT_EXCEEDED', {
        'retry-after': String(limited.retryAfterSec),
        'x-ratelimit-reset': String(limited.resetEpochSec),
      });
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const route = request.routeOptions.url;
    if (route?.startsWith('/_sim')) return payload;
    ctx().requestLog.add({
      requestId: request.id,
      at: new Date().toISOString(),
      method: request.method,
      path: request.url,
      status: reply.statusCode,
      dropped: request.dropAfterCommit === true,
      requestBody: request.body ?? null,
      responseBody: parseLogged(payload, reply),
    });
    if (request.dropAfterCommit) {
      // The work is done and stored; the caller never learns it. Destroying the socket makes the
      // client see a reset connection instead of a response.
      request.raw.socket?.destroy();
    }
    return payload;
  });

  app.setNotFoundHandler((request, reply) => {
    sendError(reply, new ApiError(404, 'Not Found', 'NOT_FOUND'));
  });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof ApiError) return sendError(reply, error);
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      // Fastify's own 4xx (bad JSON, unsupported media type, body too large) become FastAPI-style 422s.
      const code = status === 413 ? 413 : 422;
      return sendError(
        reply,
        new ApiError(code, (error as Error).message, code === 422 ? 'VALIDATION_ERROR' : 'PAYLOAD_TOO_LARGE'),
      );
    }
    request.log.error({ err: error }, 'simulator route crashed');
    return sendError(reply, new ApiError(500, 'Internal Server Error', 'INTERNAL_ERROR'));
  });

  return app;
}

export function sendError(reply: FastifyReply, error: ApiError): FastifyReply {
  return reply.code(error.status).headers(error.headers).type('application/json').send(error.body());
}

function parseLogged(payload: unknown, reply: FastifyReply): unknown {
  if (typeof payload !== 'string') return null;
  const type = String(reply.getHeader('content-type') ?? '');
  if (!type.includes('json')) return payload.slice(0, 500);
  try {
    return JSON.parse(payload);
  } catch {
    return payload;
  }
}

async function applyRouteFault(
  fault: RouteFault,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  if (fault.latencyMs) await sleep(fault.latencyMs);
  if (fault.timeout) {
    // Never answer; the socket stays open until the client gives up or the simulator closes.
    reply.hijack();
    return;
  }
  if (fault.status !== undefined) {
    const headers: Record<string, string> = {};
    if (fault.retryAfterSec !== undefined) {
      headers['retry-after'] = String(fault.retryAfterSec);
      headers['x-ratelimit-reset'] = String(Math.ceil(Date.now() / 1000) + fault.retryAfterSec);
    }
    throw new ApiError(fault.status, `Simulated ${fault.status} (fault injection)`, undefined, headers);
  }
  if (fault.commitThenDrop) request.dropAfterCommit = true;
}
