/**
 * `ringflow codec-server [--port 8888] [--host 127.0.0.1] [--origin http://localhost:8233 …]`: serves the
 * payload codec to the Temporal Web UI (set the UI's codec endpoint to this URL, or
 * TEMPORAL_CODEC_ENDPOINT for the UI container). Keys come from RINGFLOW_CODEC_KEYS or
 * RINGFLOW_CODEC_KEY_FILE, the optional bearer token from RINGFLOW_CODEC_SERVER_TOKEN — never from flags.
 */
import pino from 'pino';
import { z } from 'zod';
import { codecEnv, loggingEnv, parseEnv, payloadCodecFromEnv } from '../../common/process/config';
import { checkCodecEnv } from '../../common/process/config/codec';
import { createLogger } from '../../common/process/logger';
import { Lifecycle } from '../../common/process/lifecycle';
import { buildCodecServer } from '../codec-server';
import { UsageError } from './shared';
import { printReadyLine } from './ready-line';
import {
  listenOptions,
  Option,
  ringflowCommand,
  runCommand,
  withExamples,
  type ExitCodeSink,
} from './command-kit';

/** The codec server's variables: the codec keys, an optional bearer token, the log level. */
export const CodecServerEnvSchema = z
  .object({
    ...codecEnv,
    ...loggingEnv,
    RINGFLOW_CODEC_SERVER_TOKEN: z.string().min(16, 'use at least 16 random characters').optional(),
  })
  .superRefine((env, ctx) => {
    checkCodecEnv(env, ctx);
    if (!env.RINGFLOW_CODEC_KEYS && !env.RINGFLOW_CODEC_KEY_FILE)
      ctx.addIssue({
        code: 'custom',
        path: ['RINGFLOW_CODEC_KEYS'],
        message: 'the codec server needs the keys: set RINGFLOW_CODEC_KEYS or RINGFLOW_CODEC_KEY_FILE',
      });
  });

interface CodecServerFlags {
  port: number;
  host: string;
  origin: string[];
  json?: boolean;
}

/** Collects a repeated flag's values; the first one given replaces the default. */
const origins = (value: string, previous: string[]): string[] =>
  previous === DEFAULT_ORIGINS ? [value] : [...previous, value];
const DEFAULT_ORIGINS = ['http://localhost:8233'];

/** The declaration of `ringflow codec-server` (no side effects; `ringflow completion` reads it too). */
export function command(exitWith: ExitCodeSink) {
  const listen = listenOptions({ port: 8888 });
  return withExamples(
    ringflowCommand(
      'codec-server',
      'serve the payload codec to the Temporal Web UI (POST /encode, /decode) so an operator with the key ' +
        'reads decrypted payloads; keys from RINGFLOW_CODEC_KEYS or RINGFLOW_CODEC_KEY_FILE, an optional ' +
        'bearer token from RINGFLOW_CODEC_SERVER_TOKEN (never flags). Runs until SIGINT/SIGTERM',
    )
      .addOption(listen.port)
      .addOption(listen.host)
      .option(
        '--origin <url>',
        'a Web UI origin allowed to call it (CORS), like http://localhost:8233; repeat for more',
        origins,
        DEFAULT_ORIGINS,
      )
      .addOption(
        new Option(
          '--json',
          'print the ready line as one JSON line on stdout (logs move to stderr): {service, url, origins}',
        ),
      )
      .action(exitWith((flags: CodecServerFlags) => serve(flags))),
    [
      [
        'RINGFLOW_CODEC_KEYS=… ringflow codec-server',
        "then set the Web UI's codec endpoint to http://127.0.0.1:8888",
      ],
      [
        'ringflow codec-server --port 0 --origin https://temporal.example.com --json',
        'prints {"service":"codec-server","url":…} once it listens, for a script',
      ],
    ],
  );
}

export const main = (argv: string[]): Promise<number> => runCommand(argv, command);

async function serve(flags: CodecServerFlags): Promise<void> {
  for (const origin of flags.origin) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin))
      throw new UsageError(`--origin: "${origin}" is not an origin like http://localhost:8233 (no path).`);
  }
  const env = parseEnv(CodecServerEnvSchema, process.env, 'codec-server');
  const codec = payloadCodecFromEnv(env)!;
  // With --json, stdout holds only the ready line: the log moves to stderr.
  const logger = createLogger({
    level: env.LOG_LEVEL,
    name: 'ringflow-codec-server',
    ...(flags.json ? { destination: pino.destination({ dest: 2, sync: true }) } : {}),
  });
  const app = buildCodecServer({
    codec,
    allowedOrigins: flags.origin,
    token: env.RINGFLOW_CODEC_SERVER_TOKEN,
  });
  const address = await app.listen({ port: flags.port, host: flags.host });
  const lifecycle = new Lifecycle(logger, 5_000);
  lifecycle.add({ name: 'codec-server', stop: () => app.close() });
  lifecycle.handleSignals();
  logger.info(
    {
      url: address,
      origins: flags.origin,
      currentKey: codec.currentKeyId,
      token: Boolean(env.RINGFLOW_CODEC_SERVER_TOKEN),
    },
    'codec server listening',
  );
  printReadyLine(
    flags.json,
    {
      service: 'codec-server',
      url: address,
      encode: `${address}/encode`,
      decode: `${address}/decode`,
      origins: flags.origin,
      token: Boolean(env.RINGFLOW_CODEC_SERVER_TOKEN),
    },
    `ringflow codec-server: ${address} (for the Web UI at ${flags.origin.join(', ')})`,
  );
  await new Promise(() => {}); // runs until a signal stops the process
}
