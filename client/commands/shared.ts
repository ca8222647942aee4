/** What every operator command shares: argument parsing with clear errors, the Temporal client, output. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { withoutEmpty } from '../../common/process/config/parse-env';
import { connectClient } from '../temporal';
import type { Client } from '@temporalio/client';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** parseArgs, with unknown or malformed flags reported as a UsageError that shows the usage. */
export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  options: T,
  usage: string,
) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n\n${usage}`);
  }
}

const ClientEnvSchema = z.object({
  TEMPORAL_ADDRESS: z.string().default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_API_KEY: z.string().optional(),
  RINGFLOW_TASK_QUEUE: z.string().default('ringflow'),
});

/** The Temporal client of an operator command: TEMPORAL_ADDRESS, or the local stack's default port. */
export async function commandClient(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ client: Client; taskQueue: string; close: () => Promise<void> }> {
  const cfg = ClientEnvSchema.parse(withoutEmpty(env));
  try {
    const client = await connectClient({
      address: cfg.TEMPORAL_ADDRESS,
      namespace: cfg.TEMPORAL_NAMESPACE,
      apiKey: cfg.TEMPORAL_API_KEY,
    });
    return { client, taskQueue: cfg.RINGFLOW_TASK_QUEUE, close: () => client.connection.close() } as const;
  } catch (err) {
    throw new UsageError(
      `Cannot reach Temporal at ${cfg.TEMPORAL_ADDRESS} (${(err as Error).message}). Start the stack with \`npm start\`, ` +
        'or set TEMPORAL_ADDRESS to a running server.',
    );
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
