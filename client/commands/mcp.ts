/**
 * `ringflow mcp`: ringflow as an MCP server, for AI agents. Over stdio by default (the client starts it:
 * stdout is the protocol, so every log line goes to stderr); with `--http` over Streamable HTTP at
 * `/mcp`, each request carrying `Authorization: Bearer $RINGFLOW_MCP_TOKEN`.
 *
 *   ringflow mcp
 *   RINGFLOW_MCP_TOKEN=… ringflow mcp --http --port 8765 [--host 127.0.0.1]
 *   ringflow mcp --http --port 8765 --allow-no-token-on-loopback
 */
import pino from 'pino';
import { z } from 'zod';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { checkTemporalEnv, loggingEnv, parseEnv } from '../../common/process/config';
import { mcpEnv } from '../../common/process/config/mcp';
import { createLogger } from '../../common/process/logger';
import { checkNumberKeyEnv } from '../../common/process/number-key';
import { Lifecycle } from '../../common/process/lifecycle';
import { isLoopbackHost } from '../mcp/bearer';
import { RingflowConnection } from '../mcp/connection';
import { listenMcpHttp } from '../mcp/http';
import { buildMcpServer } from '../mcp/server';
import { CommandEnvSchema, connectCommandClient, parseFlags, UsageError } from './shared';

const USAGE = `Usage: ringflow mcp                                   MCP over stdio (what an MCP client starts)
       ringflow mcp --http --port <n> [--host 127.0.0.1]  Streamable HTTP at /mcp (token: RINGFLOW_MCP_TOKEN)
            [--allow-no-token-on-loopback]             no token, only on a loopback host`;

/** The MCP server's variables: the operator commands' (Temporal, number key, opt-out scope), the log level, the token. */
export const McpEnvSchema = z
  .object({ ...CommandEnvSchema.shape, ...loggingEnv, ...mcpEnv })
  .superRefine((env, ctx) => {
    checkTemporalEnv(env, ctx);
    checkNumberKeyEnv(env, ctx);
  });

/** Checks the flags and the token rule before anything listens; a UsageError naming the fix otherwise. */
export function mcpOptionsFromFlags(argv: string[], token: string | undefined) {
  const { values, positionals } = parseFlags(
    argv,
    {
      http: { type: 'boolean', default: false },
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      'allow-no-token-on-loopback': { type: 'boolean', default: false },
    },
    USAGE,
  );
  if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}".\n\n${USAGE}`);
  if (!values.http) {
    if (values.port !== undefined) throw new UsageError(`--port goes with --http.\n\n${USAGE}`);
    return { transport: 'stdio' as const };
  }
  if (values.port === undefined) throw new UsageError(`--http needs --port.\n\n${USAGE}`);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port: "${values.port}" is not a port number (0 to 65535).`);
  const host = values.host;
  if (token === undefined) {
    if (!values['allow-no-token-on-loopback'])
      throw new UsageError(
        'RINGFLOW_MCP_TOKEN is not set: the HTTP transport requires a bearer token (e.g. ' +
          '`export RINGFLOW_MCP_TOKEN=$(openssl rand -hex 32)`), or --allow-no-token-on-loopback on a loopback host.',
      );
    if (!isLoopbackHost(host))
      throw new UsageError(
        `--allow-no-token-on-loopback: --host ${host} is not a loopback address; anyone who can reach it could ` +
          'call and text through ringflow. Set RINGFLOW_MCP_TOKEN, or use --host 127.0.0.1.',
      );
  }
  return { transport: 'http' as const, port, host };
}

export async function main(argv: string[]): Promise<void> {
  const env = parseEnv(McpEnvSchema, process.env, 'mcp');
  const options = mcpOptionsFromFlags(argv, env.RINGFLOW_MCP_TOKEN);
  // stdout carries the protocol under stdio: logs go to stderr, always.
  const logger = createLogger({
    level: env.LOG_LEVEL,
    name: 'ringflow-mcp',
    destination: pino.destination({ dest: 2, sync: true }),
  });
  const connection = new RingflowConnection(() => connectCommandClient(env, { connectTimeoutMs: 5_000 }));
  const lifecycle = new Lifecycle(logger, 5_000);
  lifecycle.add({ name: 'temporal-client', stop: () => connection.close() });
  if (options.transport === 'stdio') {
    const server = buildMcpServer({ connection, logger, localFiles: true });
    lifecycle.add({ name: 'mcp-stdio', stop: () => server.close() });
    lifecycle.handleSignals();
    await server.connect(new StdioServerTransport());
    logger.info('MCP server on stdio');
    // The client ends the session by closing our stdin.
    await new Promise<void>((resolve) => process.stdin.once('end', resolve).once('close', resolve));
    await lifecycle.stop();
    return;
  }
  const { server, url } = await listenMcpHttp(
    { connection, logger, localFiles: false, token: env.RINGFLOW_MCP_TOKEN },
    options.host,
    options.port,
  );
  lifecycle.add({
    name: 'mcp-http',
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
  lifecycle.handleSignals();
  logger.info(
    { url, token: env.RINGFLOW_MCP_TOKEN ? 'required' : 'none (loopback)' },
    'MCP server listening',
  );
  process.stderr.write(`ringflow mcp: Streamable HTTP on ${url}\n`);
  await new Promise(() => {}); // runs until a signal stops the process
}
