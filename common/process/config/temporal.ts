/**
 * The Temporal connection variables, one definition for every process (worker, stack, CLI, ingress):
 * the same address rule, the same defaults, the same cross-field rules, and one way to turn them into
 * connection options, so no process connects differently from another.
 */
import { z } from 'zod';
import { DEFAULT_TASK_QUEUE } from '../../task-queue';
import { envBoolean } from './parse-env';
import type { DataConverter } from '@temporalio/common';
import { checkCodecEnv, codecEnv, payloadCodecFromEnv, type CodecEnv } from './codec';

/** Where operator commands look when TEMPORAL_ADDRESS is unset: the dev server of `npm start`. */
export const LOCAL_TEMPORAL_ADDRESS = 'localhost:7233';

/** `host:port`, the host a name, an IPv4 address or a bracketed IPv6 address; no scheme, no path. */
const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[^\s:/[\]]+):\d{1,5}$/;

/** The Temporal fragment of a process's env schema; compose it with {@link checkTemporalEnv}. */
export const temporalEnv = {
  TEMPORAL_ADDRESS: z
    .string()
    .regex(HOST_PORT, 'expected host:port without a scheme, e.g. localhost:7233 or x.tmprl.cloud:7233')
    .optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  TEMPORAL_TLS: envBoolean.optional(),
  TEMPORAL_UI_URL: z
    .url({
      protocol: /^https?$/,
      message: 'must be the http(s) URL of the Temporal Web UI, like http://localhost:8233',
    })
    .optional(),
  RINGFLOW_TASK_QUEUE: z.string().min(1).default(DEFAULT_TASK_QUEUE),
  // The payload codec travels with the connection: every process that talks to Temporal uses the same one.
  ...codecEnv,
};

/** The parsed Temporal variables. */
export type TemporalEnv = z.output<z.ZodObject<typeof temporalEnv>>;

/**
 * The rules between the Temporal variables, for the `superRefine` of every schema that spreads
 * {@link temporalEnv}: an API key needs TLS and an address of its own; TLS and a Web UI URL describe an
 * external server, so they need TEMPORAL_ADDRESS (a dev server started here has neither).
 */
export function checkTemporalEnv(env: TemporalEnv, ctx: z.RefinementCtx): void {
  checkCodecEnv(env, ctx);
  if (env.TEMPORAL_API_KEY && env.TEMPORAL_TLS === false) {
    ctx.addIssue({
      code: 'custom',
      path: ['TEMPORAL_TLS'],
      message: 'TEMPORAL_API_KEY needs TLS; unset TEMPORAL_TLS or set it to true',
    });
  }
  const needsAddress = [
    env.TEMPORAL_API_KEY && 'TEMPORAL_API_KEY',
    env.TEMPORAL_TLS && 'TEMPORAL_TLS',
    env.TEMPORAL_UI_URL && 'TEMPORAL_UI_URL',
  ].filter((name): name is string => Boolean(name));
  if (needsAddress.length > 0 && !env.TEMPORAL_ADDRESS) {
    const names = needsAddress.join(' and ');
    ctx.addIssue({
      code: 'custom',
      path: ['TEMPORAL_ADDRESS'],
      message:
        `${names} ${needsAddress.length > 1 ? 'are' : 'is'} set, so set TEMPORAL_ADDRESS to the host:port of ` +
        `the server ${needsAddress.length > 1 ? 'they belong' : 'it belongs'} to (or unset ${names})`,
    });
  }
}

/** The Temporal variables alone, for a process that reads nothing else. */
export const TemporalEnvSchema = z.object(temporalEnv).superRefine(checkTemporalEnv);

/** What both `Connection.connect` (client) and `NativeConnection.connect` (worker) take from config. */
export interface TemporalConnectionOptions {
  address: string;
  tls?: true;
  apiKey?: string;
}

/**
 * The one translation of the Temporal variables into connection options, for the worker's
 * NativeConnection and every client Connection: an API key implies TLS (Temporal Cloud), TEMPORAL_TLS
 * asks for it without one. `address` overrides TEMPORAL_ADDRESS (the stack passes the dev server it
 * started); with neither, the local stack's default port.
 *
 * @example
 * await NativeConnection.connect(temporalConnectionOptions(config));
 * await Connection.connect(temporalConnectionOptions(config, server.address));
 */
export function temporalConnectionOptions(
  config: Pick<TemporalEnv, 'TEMPORAL_ADDRESS' | 'TEMPORAL_API_KEY' | 'TEMPORAL_TLS'>,
  address: string = config.TEMPORAL_ADDRESS ?? LOCAL_TEMPORAL_ADDRESS,
): TemporalConnectionOptions {
  return {
    address,
    ...(config.TEMPORAL_API_KEY || config.TEMPORAL_TLS ? { tls: true as const } : {}),
    ...(config.TEMPORAL_API_KEY ? { apiKey: config.TEMPORAL_API_KEY } : {}),
  };
}

/**
 * The one data converter of every process (worker, its activities' client, ingress, CLI, stack): the
 * payload codec when RINGFLOW_CODEC_KEYS or RINGFLOW_CODEC_KEY_FILE is set, else Temporal's default
 * (undefined). Throws a ConfigError naming the variable when the key file is unusable.
 *
 * @example new Client({ connection, namespace, dataConverter: temporalDataConverter(config) });
 */
export function temporalDataConverter(config: CodecEnv): DataConverter | undefined {
  const codec = payloadCodecFromEnv(config);
  return codec ? { payloadCodecs: [codec] } : undefined;
}
