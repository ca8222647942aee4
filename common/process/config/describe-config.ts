/** The start-up log line's view of a configuration: every setting, no secret. */

/** Variables that hold credentials: API keys, the number key, codec keys, webhook secrets, tokens. */
const SECRET_VARIABLE = /(_KEYS?|_SECRETS?|_TOKEN)$/;

/**
 * The configuration with each secret replaced by whether it is set (and, for a list, how many), so the
 * start-up line shows what is configured without a credential ever reaching a log.
 *
 * @example describeConfig({ TEMPORAL_API_KEY: 'k', LOG_LEVEL: 'info' }) // { TEMPORAL_API_KEY: 'set', LOG_LEVEL: 'info' }
 */
export function describeConfig(config: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(config).map(([name, value]) => [
      name,
      SECRET_VARIABLE.test(name) ? describeSecret(value) : value,
    ]),
  );
}

function describeSecret(value: unknown): string {
  if (Array.isArray(value)) return value.length > 0 ? `${value.length} set` : 'not set';
  return value ? 'set' : 'not set';
}
