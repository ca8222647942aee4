/**
 * The codec server the Temporal Web UI (and `temporal` CLI) calls to show payloads decrypted: `POST
 * /decode` and `POST /encode` with `{ payloads: [{ metadata: { k: base64 }, data: base64 }] }`, answered in
 * the same shape (Temporal's remote codec protocol). The browser calls it straight from the UI's origin,
 * so it answers CORS preflights for the allowed origins only; with a token configured, every request
 * must carry `Authorization: Bearer <token>` (the UI's "pass access token" setting).
 */
import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';

export interface CodecServerOptions {
  codec: PayloadCodec;
  /** Origins allowed to call from a browser, e.g. `http://localhost:8233` (the Web UI). */
  allowedOrigins: readonly string[];
  /** When set, requests need `Authorization: Bearer <token>`. */
  token?: string | undefined;
}

/** The protocol's JSON payload: metadata values and data base64-encoded. */
const JsonPayloadSchema = z.object({
  metadata: z.record(z.string(), z.string()).nullish(),
  data: z.string().nullish(),
});
const CodecRequestSchema = z.object({ payloads: z.array(JsonPayloadSchema) });
type JsonPayload = z.infer<typeof JsonPayloadSchema>;

function fromJson(payload: JsonPayload): Payload {
  return {
    metadata: Object.fromEntries(
      Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))]),
    ),
    data: new Uint8Array(Buffer.from(payload.data ?? '', 'base64')),
  };
}

function toJson(payload: Payload): JsonPayload {
  return {
    metadata: Object.fromEntries(
      Object.entries(payload.metadata ?? {})
        .filter((entry): entry is [string, Uint8Array] => entry[1] != null)
        .map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
    ),
    data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64'),
  };
}

/** Builds the app without listening. */
export function buildCodecServer(options: CodecServerOptions): FastifyInstance {
  const app = Fastify({ bodyLimit: 8 * 1024 * 1024 });
  const origins = new Set(options.allowedOrigins);

  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (origin && origins.has(origin)) {
      reply.header('access-control-allow-origin', origin);
      reply.header('vary', 'Origin');
      reply.header('access-control-allow-credentials', 'true');
      reply.header('access-control-allow-methods', 'POST, OPTIONS');
      reply.header('access-control-allow-headers', 'content-type, x-namespace, authorization');
      reply.header('access-control-max-age', '600');
    }
    if (request.method === 'OPTIONS') return reply.code(origin && origins.has(origin) ? 204 : 403).send();
    if (options.token && !bearerMatches(request, options.token))
      return reply.code(401).send({ error: 'missing or wrong bearer token' });
    return undefined;
  });
  // Preflights reach the hook above only if a route matches them.
  app.options('/*', async () => undefined);

  const handle = (direction: 'encode' | 'decode') => async (request: FastifyRequest, reply: FastifyReply) => {
    const body = CodecRequestSchema.safeParse(request.body);
    if (!body.success)
      return reply
        .code(400)
        .send({ error: 'expected {"payloads": [{"metadata": {…}, "data": "<base64>"}]}' });
    try {
      const payloads = body.data.payloads.map(fromJson);
      const out =
        direction === 'encode' ? await options.codec.encode(payloads) : await options.codec.decode(payloads);
      return { payloads: out.map(toJson) };
    } catch (err) {
      return reply.code(400).send({ error: (err as Error).message });
    }
  };
  app.post('/encode', handle('encode'));
  app.post('/decode', handle('decode'));
  app.get('/healthz', async () => ({ status: 'ok' }));
  return app;
}

function bearerMatches(request: FastifyRequest, token: string): boolean {
  const header = request.headers.authorization ?? '';
  const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '', 'utf8');
  const expected = Buffer.from(token, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
