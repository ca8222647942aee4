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
import { printReadyLine } from './ready-line';
import { CommandEnvSchema, connectCommandClient, UsageError } from './shared';
import {
  listenOptions,
  Option,
  ringflowCommand,
  runCommand,
  withExamples,
  type ExitCodeSink,
} from './command-kit';
import { declaredActionArgs } from './declared-flags';

/** The MCP server's variables: the operator commands' (Temporal, number key, opt-out scope), the log level, the token. */
export const McpEnvSchema = z
  .object({ ...CommandEnvSchema.shape, ...loggingEnv, ...mcpEnv })
  .superRefine((env, ctx) => {
    checkTemporalEnv(env, ctx);
    checkNumberKeyEnv(env, ctx);
  });

interface McpFlags {
  http?: boolean;
  port?: number;
  host: string;
  allowNoTokenOnLoopback?: boolean;
  json?: boolean;
}

/** The declaration of `ringflow mcp` (no side effects; `ringflow completion` reads it too). */
export function command(exitWith: ExitCodeSink) {
  // No default port: stdio needs none, and --http must be told where to listen.
  const listen = listenOptions({
    portNote: '; only with --http',
    hostNote: ' with --http; without a token only a loopback one',
  });
  return withExamples(
    ringflowCommand(
      'mcp',
      'ringflow as an MCP server for AI agents: over stdio (what an MCP client starts; logs on stderr), ' +
        'or Streamable HTTP at /mcp with a bearer token from RINGFLOW_MCP_TOKEN. Runs until stopped',
    )
      .option('--http', 'serve Streamable HTTP instead of stdio (needs --port)')
      .addOption(listen.port)
      .addOption(listen.host)
      .option(
        '--allow-no-token-on-loopback',
        'serve HTTP without RINGFLOW_MCP_TOKEN, only on a loopback --host (anyone on this machine can call)',
      )
      .addOption(
        new Option(
          '--json',
          'with --http, print the ready line as one JSON object on stdout: {service, url, token}',
        ),
      )
      .action(exitWith((flags: McpFlags) => serve(flags))),
    [
      ['ringflow mcp', 'what an MCP client runs (e.g. "command": "npx", "args": ["ringflow", "mcp"])'],
      [
        'RINGFLOW_MCP_TOKEN=$(openssl rand -hex 32) ringflow mcp --http --port 8765',
        'Streamable HTTP at http://127.0.0.1:8765/mcp, each request with Authorization: Bearer <token>',
      ],
      [
        'ringflow mcp --http --port 0 --allow-no-token-on-loopback --json',
        'a local, token-less server; prints its url',
      ],
    ],
  );
}

/** Checks the flags and the token rule before anything listens; a UsageError naming the fix otherwise. */
export function mcpOptionsFromFlags(argv: string[], token: string | undefined) {
  const [flags] = declaredActionArgs(argv, command) as [McpFlags];
  return checkedOptions(flags, token);
}

function checkedOptions(values: McpFlags, token: string | undefined) {
  if (!values.http) {
    if (values.port !== undefined)
      throw new UsageError('--port goes with --http (stdio needs no port; see `ringflow mcp --help`).');
    if (values.json)
      throw new UsageError('--json goes with --http: under stdio, stdout carries the MCP protocol.');
    return { transport: 'stdio' as const };
  }
  const port = values.port;
  if (port === undefined) throw new UsageError('--http needs --port <n> (0 for any free port).');
  const host = values.host;
  if (token === undefined) {
    if (!values.allowNoTokenOnLoopback)
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

export const main = (argv: string[]): Promise<number> => runCommand(argv, command);

async function serve(flags: McpFlags): Promise<void> {
  const env = parseEnv(McpEnvSchema, process.env, 'mcp');
  const options = checkedOptions(flags, env.RINGFLOW_MCP_TOKEN);
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
  if (flags.json)
    printReadyLine(
      true,
      {
        service: 'mcp',
        transport: 'streamable-http',
        url,
        token: env.RINGFLOW_MCP_TOKEN ? 'required' : 'none',
      },
      '',
    );
  else process.stderr.write(`ringflow mcp: Streamable HTTP on ${url}\n`);
  await new Promise(() => {}); // runs until a signal stops the process
}
