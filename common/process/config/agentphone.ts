/** The AgentPhone fragment of a process's env schema: which account, where, and how long to wait. */
import { z } from 'zod';
import { envInt } from './parse-env';

/** The production API (the client's own `DEFAULT_BASE_URL`; a unit test keeps the two equal). */
export const AGENTPHONE_PRODUCTION_URL = 'https://api.agentphone.ai';

export const agentPhoneEnv = {
  AGENTPHONE_API_KEY: z.string().min(1).optional(),
  AGENTPHONE_BASE_URL: z
    .url({ message: 'must be an absolute URL like https://api.agentphone.ai' })
    .default(AGENTPHONE_PRODUCTION_URL),
  AGENTPHONE_AGENT_ID: z.string().regex(/^\S+$/, 'an agent id like agt_0a1b2c3d4e5f6071').optional(),
  AGENTPHONE_TIMEOUT_MS: envInt(1_000).default(20_000),
};
