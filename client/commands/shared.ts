/** What every operator command shares: the usage error, its configuration and its Temporal client. */
import { z } from 'zod';
import { LOCAL_TEMPORAL_ADDRESS, checkTemporalEnv, parseEnv, temporalEnv } from '../../common/process/config';
import { agentPhoneEnv, optOutEnv } from '../../common/process/config';
import type { OptOutScope } from '../../common/opt-out';
import type { OptOutListAccess } from '../opt-out-list';
import {
  checkNumberKeyEnv,
  numberKeyEnv,
  numberKeyerFromEnv,
  type NumberKeyer,
} from '../../common/process/number-key';
import { connectClient, type TemporalClientConfig } from '../temporal';
import type { Client } from '@temporalio/client';

export class UsageError extends Error {
  override readonly name: string = 'UsageError';
}

/**
 * Temporal could not be reached. A user error (its message is the whole story, no stack trace) but a
 * failure, not bad input: the CLI exits 1 for it, 2 for a UsageError.
 */
export class TemporalUnreachableError extends UsageError {
  override readonly name: string = 'TemporalUnreachableError';
}

/**
 * The operator commands' variables: the shared Temporal fragment (TLS and API key included) and the
 * number key (ids of workflows about a phone number are keyed hashes of it).
 */
export const CommandEnvSchema = z
  .object({
    ...temporalEnv,
    ...numberKeyEnv,
    ...optOutEnv,
    AGENTPHONE_API_KEY: agentPhoneEnv.AGENTPHONE_API_KEY,
  })
  .superRefine((env, ctx) => {
    checkTemporalEnv(env, ctx);
    checkNumberKeyEnv(env, ctx);
  });

export type CommandConfig = z.output<typeof CommandEnvSchema>;

/** Reads the operator commands' configuration; throws a ConfigError naming each bad variable. */
export function loadCommandConfig(env: NodeJS.ProcessEnv = process.env): CommandConfig {
  return parseEnv(CommandEnvSchema, env, 'command');
}

/** A command's Temporal client, its task queue, and how to close it. */
export interface CommandClient {
  client: Client;
  taskQueue: string;
  /** The pseudonymous id part of a phone number, as every ringflow process computes it. */
  numberKey: NumberKeyer;
  /** The opt-out list, as the worker sees it (same task queue, same number key). */
  optOuts: OptOutListAccess;
  /** Which contacts an opt-out stops (RINGFLOW_OPT_OUT_SCOPE). */
  optOutScope: OptOutScope;
  close: () => Promise<void>;
}

/** The Temporal client of an operator command: TEMPORAL_ADDRESS, or the local stack's default port. */
export async function commandClient(
  env: NodeJS.ProcessEnv = process.env,
  options: { connectTimeoutMs?: number } = {},
): Promise<CommandClient> {
  return connectCommandClient(loadCommandConfig(env), options);
}

/** {@link commandClient} for a process that has already read its configuration (the ingress). */
export async function connectCommandClient(
  config: TemporalClientConfig &
    Pick<CommandConfig, 'RINGFLOW_TASK_QUEUE' | 'RINGFLOW_NUMBER_KEY'> &
    Partial<Pick<CommandConfig, 'RINGFLOW_OPT_OUT_SCOPE'>>,
  options: { connectTimeoutMs?: number } = {},
): Promise<CommandClient> {
  const address = config.TEMPORAL_ADDRESS ?? LOCAL_TEMPORAL_ADDRESS;
  try {
    const client = await connectClient(config, undefined, options);
    const numberKey = numberKeyerFromEnv(config);
    return {
      client,
      taskQueue: config.RINGFLOW_TASK_QUEUE,
      numberKey,
      optOuts: { temporal: client, taskQueue: config.RINGFLOW_TASK_QUEUE, numberKey },
      optOutScope: config.RINGFLOW_OPT_OUT_SCOPE ?? 'all',
      close: () => client.connection.close(),
    };
  } catch (err) {
    throw new TemporalUnreachableError(
      `Cannot reach Temporal at ${address} (${(err as Error).message}). Start the stack with \`npm start\`, ` +
        'or set TEMPORAL_ADDRESS to a running server.',
    );
  }
}
