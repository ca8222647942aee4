/** The AgentPhone fragment of a process's env schema: which account, where, and how long to wait. */
import { z } from 'zod';
import { envInt } from './parse-env';
import { AGENTPHONE_PRODUCTION_URL } from './production-url';

export { AGENTPHONE_PRODUCTION_URL } from './production-url';

export const agentPhoneEnv = {
  AGENTPHONE_API_KEY: z.string().min(1).optional(),
  AGENTPHONE_BASE_URL: z
    .url({ message: 'must be an absolute URL like https://api.agentphone.ai' })
    .default(AGENTPHONE_PRODUCTION_URL),
  AGENTPHONE_AGENT_ID: z.string().regex(/^\S+$/, 'an agent id like agt_0a1b2c3d4e5f6071').optional(),
  AGENTPHONE_TIMEOUT_MS: envInt(1_000).default(20_000),
  /**
   * Where `ringflow signup`/`verify` and `ringflow login` keep the API key; read when AGENTPHONE_API_KEY
   * is not set (parse-env.ts applies {@link withStoredApiKey}). Default: ~/.config/ringflow/credentials.json.
   */
  RINGFLOW_CREDENTIALS_FILE: z.string().min(1).optional(),
};
