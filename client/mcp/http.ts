/**
 * The MCP server over Streamable HTTP at `/mcp`, stateless: each POST is one JSON-RPC exchange with a
 * fresh server session (sharing the one Temporal connection), its progress notifications streamed back
 * as server-sent events on that request. Every request must carry `Authorization: Bearer <token>`
 * unless the server was started without a token on a loopback host.
 */
import {
  createServer,
  type IncomingMessage,
  type Server as HttpServer,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { bearerMatches, isLoopbackHost } from './bearer';
import { buildMcpServer, type McpServerDeps } from './server';

export const MCP_HTTP_PATH = '/mcp';
/** A JSON-RPC request larger than this is refused (contacts inline are the largest argument). */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

export interface McpHttpOptions extends McpServerDeps {
  /** The bearer token every request must carry; undefined: none (loopback only, checked by the caller). */
  token: string | undefined;
}

function reply(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}

/** `127.0.0.1:8765` → `127.0.0.1`, `[::1]:8765` → `::1`. */
export function hostOf(header: string | undefined): string {
  const host = header ?? '';
  const bracketed = /^\[([^\]]+)\]/.exec(host);
  return bracketed ? bracketed[1]! : host.split(':')[0]!;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new RangeError('request body too large');
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

async function handle(req: IncomingMessage, res: ServerResponse, options: McpHttpOptions): Promise<void> {
  const path = (req.url ?? '').split('?')[0];
  if (path !== MCP_HTTP_PATH) return reply(res, 404, `Not found: the MCP endpoint is ${MCP_HTTP_PATH}`);
  if (options.token !== undefined && !bearerMatches(req.headers.authorization, options.token))
    return reply(res, 401, 'Unauthorized: send Authorization: Bearer <RINGFLOW_MCP_TOKEN>', {
      'www-authenticate': 'Bearer realm="ringflow-mcp"',
    });
  // Without a token only loopback guards the server: a Host header naming another site is a web page
  // of that site reaching us through DNS rebinding, refused before it can call anything.
  if (options.token === undefined && !isLoopbackHost(hostOf(req.headers.host)))
    return reply(res, 403, 'Forbidden: without RINGFLOW_MCP_TOKEN only a loopback Host is served');
  // Stateless: no session to stream server-initiated messages on, nor to end.
  if (req.method !== 'POST')
    return reply(res, 405, 'Method not allowed: this server is stateless; POST JSON-RPC requests', {
      allow: 'POST',
    });
  let body: unknown;
  try {
    body = await readJson(req);
  } catch (err) {
    return reply(res, err instanceof RangeError ? 413 : 400, `Bad request body: ${(err as Error).message}`);
  }
  const server = buildMcpServer(options);
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  res.on('close', () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res, body);
}

/** Listens on `host:port` (0: any free port); resolves with the server and its URL. */
export async function listenMcpHttp(
  options: McpHttpOptions,
  host: string,
  port: number,
): Promise<{ server: HttpServer; url: string }> {
  const server = createServer((req, res) => {
    handle(req, res, options).catch((err: unknown) => {
      options.logger.error({ err: (err as Error).message }, 'MCP HTTP request failed');
      if (!res.headersSent) reply(res, 500, 'Internal error');
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { server, url: `http://${shownHost}:${address.port}${MCP_HTTP_PATH}` };
}
