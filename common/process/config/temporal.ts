/**
 * The Temporal connection variables, one definition for every process (worker, stack, CLI, ingress):
 * the same address rule, the same defaults, the same cross-field rules, and one way to turn them into
 * connection options, so no process connects differently from another.
 */
import { z } from 'zod';
import { DEFAULT_TASK_QUEUE } from '../../task-queue';
import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/client';
import { ConfigError, envBoolean } from './parse-env';
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
  // mTLS (a self-hosted cluster with client certificates, or Temporal Cloud with certificates): PEM files.
  TEMPORAL_TLS_CERT_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_KEY_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_CA_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
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
  // A client certificate and its key come together.
  if (env.TEMPORAL_TLS_CERT_PATH && !env.TEMPORAL_TLS_KEY_PATH)
    ctx.addIssue({
      code: 'custom',
      path: ['TEMPORAL_TLS_KEY_PATH'],
      message: 'TEMPORAL_TLS_CERT_PATH is set, so set TEMPORAL_TLS_KEY_PATH to its private key (PEM)',
    });
  if (env.TEMPORAL_TLS_KEY_PATH && !env.TEMPORAL_TLS_CERT_PATH)
    ctx.addIssue({
      code: 'custom',
      path: ['TEMPORAL_TLS_CERT_PATH'],
      message: 'TEMPORAL_TLS_KEY_PATH is set, so set TEMPORAL_TLS_CERT_PATH to its client certificate (PEM)',
    });
  const tlsFiles = TLS_DETAIL_VARIABLES.filter((name) => env[name]);
  if (tlsFiles.length > 0 && env.TEMPORAL_TLS === false)
    ctx.addIssue({
      code: 'custom',
      path: ['TEMPORAL_TLS'],
      message: `${tlsFiles.join(' and ')} ${tlsFiles.length > 1 ? 'need' : 'needs'} TLS; unset TEMPORAL_TLS or set it to true`,
    });
  const needsAddress = [
    env.TEMPORAL_API_KEY && 'TEMPORAL_API_KEY',
    env.TEMPORAL_TLS && 'TEMPORAL_TLS',
    ...tlsFiles,
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

/** The variables that shape TLS beyond on/off; any of them turns TLS on. */
const TLS_DETAIL_VARIABLES = [
  'TEMPORAL_TLS_CERT_PATH',
  'TEMPORAL_TLS_KEY_PATH',
  'TEMPORAL_TLS_CA_PATH',
  'TEMPORAL_TLS_SERVER_NAME',
] as const;

/** The Temporal variables alone, for a process that reads nothing else. */
export const TemporalEnvSchema = z.object(temporalEnv).superRefine(checkTemporalEnv);

/** What both `Connection.connect` (client) and `NativeConnection.connect` (worker) take from config. */
export interface TemporalConnectionOptions {
  address: string;
  /** `true`: TLS with the system's roots; an object: mTLS files, a private CA or a server name. */
  tls?: true | TLSConfig;
  apiKey?: string;
}

/** The variables a connection reads (the TLS details optional, so a caller may pass fewer). */
export type TemporalConnectionConfig = Pick<
  TemporalEnv,
  'TEMPORAL_ADDRESS' | 'TEMPORAL_API_KEY' | 'TEMPORAL_TLS'
> &
  Partial<Pick<TemporalEnv, (typeof TLS_DETAIL_VARIABLES)[number]>>;

/**
 * The one translation of the Temporal variables into connection options, for the worker's
 * NativeConnection and every client Connection: an API key implies TLS (Temporal Cloud), TEMPORAL_TLS
 * asks for it without one, and a client certificate and key (mTLS), a CA or a server name override turn
 * it on with those details, read from their PEM files here (a missing file is a ConfigError naming its
 * variable). `address` overrides TEMPORAL_ADDRESS (the stack passes the dev server it started); with
 * neither, the local stack's default port.
 *
 * @example
 * await NativeConnection.connect(temporalConnectionOptions(config));
 * await Connection.connect(temporalConnectionOptions(config, server.address));
 */
export function temporalConnectionOptions(
  config: TemporalConnectionConfig,
  address: string = config.TEMPORAL_ADDRESS ?? LOCAL_TEMPORAL_ADDRESS,
): TemporalConnectionOptions {
  const details = tlsDetails(config);
  const tls = details ?? (config.TEMPORAL_API_KEY || config.TEMPORAL_TLS ? (true as const) : undefined);
  return {
    address,
    ...(tls ? { tls } : {}),
    ...(config.TEMPORAL_API_KEY ? { apiKey: config.TEMPORAL_API_KEY } : {}),
  };
}

function tlsDetails(config: TemporalConnectionConfig): TLSConfig | undefined {
  const { TEMPORAL_TLS_CERT_PATH: cert, TEMPORAL_TLS_KEY_PATH: key, TEMPORAL_TLS_CA_PATH: ca } = config;
  const serverName = config.TEMPORAL_TLS_SERVER_NAME;
  if (!cert && !key && !ca && !serverName) return undefined;
  if (Boolean(cert) !== Boolean(key))
    throw new ConfigError(
      cert
        ? 'TEMPORAL_TLS_CERT_PATH is set, so set TEMPORAL_TLS_KEY_PATH to its private key (PEM)'
        : 'TEMPORAL_TLS_KEY_PATH is set, so set TEMPORAL_TLS_CERT_PATH to its client certificate (PEM)',
    );
  return {
    ...(cert && key
      ? {
          clientCertPair: {
            crt: pemFile('TEMPORAL_TLS_CERT_PATH', cert),
            key: pemFile('TEMPORAL_TLS_KEY_PATH', key),
          },
        }
      : {}),
    ...(ca ? { serverRootCACertificate: pemFile('TEMPORAL_TLS_CA_PATH', ca) } : {}),
    ...(serverName ? { serverNameOverride: serverName } : {}),
  };
}

/** A PEM file's bytes, or a ConfigError naming the variable, the path and the fix. */
function pemFile(variable: string, path: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new ConfigError(
      `${variable}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'}); ` +
        'point it at the PEM file, or unset it',
    );
  }
  if (!bytes.toString('latin1').includes('-----BEGIN '))
    throw new ConfigError(`${variable}: ${path} is not a PEM file (no "-----BEGIN" line)`);
  return bytes;
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
