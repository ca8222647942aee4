/**
 * `ringflow login --api-key-stdin`: stores a dashboard key in the credentials file after one cheap call
 * (`GET /v1/usage`) shows AgentPhone accepts it. Nothing is stored for a key the API refuses.
 */
import { AgentPhone } from '../agentphone';
import { writeCredentials, type StoredCredentials } from '../common/process/credentials-file';

export class LoginRefusedError extends Error {
  override readonly name = 'LoginRefusedError';
}

/**
 * @example
 * await storeCheckedKey({ apiKey, baseUrl: 'https://api.agentphone.ai', credentialsFile });
 */
export async function storeCheckedKey(options: {
  apiKey: string;
  baseUrl: string;
  credentialsFile: string;
  timeoutMs?: number;
}): Promise<StoredCredentials> {
  const apiKey = options.apiKey.trim();
  if (!apiKey || /\s/.test(apiKey))
    throw new LoginRefusedError(
      '--api-key-stdin: stdin must hold one API key (one line, no spaces); nothing stored.',
    );
  const client = new AgentPhone({
    apiKey,
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs ?? 15_000,
    maxRetries: 1,
  });
  try {
    await client.account.usage();
  } catch (err) {
    const error = err as Error & { status?: number };
    const why =
      error.name === 'AuthenticationError'
        ? 'AgentPhone refused this key (401). Copy it again from the dashboard (Settings → API keys).'
        : `could not check the key at ${options.baseUrl} (${error.message}).`;
    throw new LoginRefusedError(`${why} Nothing was stored.`);
  } finally {
    await client.close();
  }
  return writeCredentials(options.credentialsFile, {
    apiKey,
    baseUrl: options.baseUrl,
    accountId: null,
    agentId: null,
    numberId: null,
    phoneNumber: null,
  });
}
