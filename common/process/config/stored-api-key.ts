/**
 * The one place every ringflow process falls back to the credentials file: when AGENTPHONE_API_KEY is
 * not set, the key `ringflow verify` or `ringflow login` stored is used — if it was stored for the API
 * this process talks to (AGENTPHONE_BASE_URL), so a key from the simulator never reaches the real API.
 */
import {
  CredentialsFileError,
  defaultCredentialsPath,
  readCredentials,
  sameBaseUrl,
} from '../credentials-file';
import { AGENTPHONE_PRODUCTION_URL } from './production-url';

/** The credentials file a process reads: RINGFLOW_CREDENTIALS_FILE, else the per-user default. */
export function credentialsPathFromEnv(env: NodeJS.ProcessEnv): string {
  return env.RINGFLOW_CREDENTIALS_FILE || defaultCredentialsPath(env);
}

/**
 * `env` with AGENTPHONE_API_KEY from the credentials file when it is not set. A file others may read is
 * refused with an error naming RINGFLOW_CREDENTIALS_FILE and the fix (thrown as `onRefused` builds it).
 *
 * @example withStoredApiKey({}, (m) => new ConfigError(m)).AGENTPHONE_API_KEY // 'sk_live_…' after login
 */
export function withStoredApiKey(
  env: Record<string, string>,
  onRefused: (message: string) => Error,
  processEnv: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  if (env.AGENTPHONE_API_KEY) return env;
  const path = env.RINGFLOW_CREDENTIALS_FILE || defaultCredentialsPath(processEnv);
  let stored;
  try {
    stored = readCredentials(path);
  } catch (err) {
    if (err instanceof CredentialsFileError)
      throw onRefused(`Invalid configuration:\n  RINGFLOW_CREDENTIALS_FILE: ${err.message}`);
    throw err;
  }
  if (!stored || !sameBaseUrl(stored.baseUrl, env.AGENTPHONE_BASE_URL ?? AGENTPHONE_PRODUCTION_URL))
    return env;
  return { ...env, AGENTPHONE_API_KEY: stored.apiKey };
}
