/**
 * `ringflow codec-server [--port 8888] [--host 127.0.0.1] [--origin http://localhost:8233 …]`: serves the
 * payload codec to the Temporal Web UI (set the UI's codec endpoint to this URL, or
 * TEMPORAL_CODEC_ENDPOINT for the UI container). Keys come from RINGFLOW_CODEC_KEYS or
 * RINGFLOW_CODEC_KEY_FILE, the optional bearer token from RINGFLOW_CODEC_SERVER_TOKEN — never from flags.
 */
import { z } from 'zod';
import { codecEnv, loggingEnv, parseEnv, payloadCodecFromEnv } from '../../common/process/config';
import { checkCodecEnv } from '../../common/process/config/codec';
import { createLogger } from '../../common/process/logger';
import { Lifecycle } from '../../common/process/lifecycle';
import { buildCodecServer } from '../codec-server';
import { parseFlags, UsageError } from './shared';

const USAGE =
  'Usage: ringflow codec-server [--port 8888] [--host 127.0.0.1] [--origin http://localhost:8233]…\n' +
  '  keys: RINGFLOW_CODEC_KEYS or RINGFLOW_CODEC_KEY_FILE; optional bearer token: RINGFLOW_CODEC_SERVER_TOKEN';

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

export async function main(argv: string[]): Promise<void> {
  const { values } = parseFlags(
    argv,
    {
      port: { type: 'string', default: '8888' },
      host: { type: 'string', default: '127.0.0.1' },
      origin: { type: 'string', multiple: true, default: ['http://localhost:8233'] },
    },
    USAGE,
  );
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port: "${values.port}" is not a port number.`);
  for (const origin of values.origin) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin))
      throw new UsageError(`--origin: "${origin}" is not an origin like http://localhost:8233 (no path).`);
  }
  const env = parseEnv(CodecServerEnvSchema, process.env, 'codec-server');
  const codec = payloadCodecFromEnv(env)!;
  const logger = createLogger({ level: env.LOG_LEVEL, name: 'ringflow-codec-server' });
  const app = buildCodecServer({
    codec,
    allowedOrigins: values.origin,
    token: env.RINGFLOW_CODEC_SERVER_TOKEN,
  });
  const address = await app.listen({ port, host: values.host });
  const lifecycle = new Lifecycle(logger, 5_000);
  lifecycle.add({ name: 'codec-server', stop: () => app.close() });
  lifecycle.handleSignals();
  logger.info(
    {
      url: address,
      origins: values.origin,
      currentKey: codec.currentKeyId,
      token: Boolean(env.RINGFLOW_CODEC_SERVER_TOKEN),
    },
    'codec server listening',
  );
  console.log(`ringflow codec-server: ${address} (for the Web UI at ${values.origin.join(', ')})`);
  await new Promise(() => {}); // runs until a signal stops the process
}
