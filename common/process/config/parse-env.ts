import { z } from 'zod';
import { withStoredApiKey } from './stored-api-key';

/**
 * An env boolean that accepts only true/false/1/0. (`z.coerce.boolean` would read "false" as true.)
 */
export const envBoolean = z
  .enum(['true', 'false', '1', '0'], { message: 'use true, false, 1 or 0' })
  .transform((v) => v === 'true' || v === '1');

/** A positive integer read from an env string, e.g. a duration in ms. */
export const envInt = (min = 0) =>
  z.coerce.number({ message: 'must be a whole number' }).int('must be a whole number').min(min);

/** Empty strings count as "not set", so `FOO= npm start` behaves like FOO is absent. */
export function withoutEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}

/**
 * A configuration value is missing or wrong. Its message names each variable and the fix, and is the
 * whole story for the user: the CLI prints it without a stack trace.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Parses env with a zod object schema whose keys are variable names, and turns failures into one
 * {@link ConfigError} that names each variable and how to fix it: the one way every process reads its
 * environment, so no raw ZodError reaches a user.
 *
 * @example parseEnv(z.object(loggingEnv), process.env, 'simulator').LOG_LEVEL // 'info'
 */
export function parseEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv, what: string): z.output<S> {
  const given = withoutEmpty(env);
  // Processes that read AGENTPHONE_API_KEY fall back to the stored credentials (stored-api-key.ts).
  const reads = schema instanceof z.ZodObject && 'AGENTPHONE_API_KEY' in schema.shape;
  const result = schema.safeParse(reads ? withStoredApiKey(given, (m) => new ConfigError(m)) : given);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const variable = issue.path.join('.') || '(environment)';
    return `  ${variable}: ${issue.message}`;
  });
  throw new ConfigError(`Invalid ${what} configuration:\n${lines.join('\n')}`);
}
