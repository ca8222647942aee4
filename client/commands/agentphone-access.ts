/** The AgentPhone client of an operator command: AGENTPHONE_API_KEY, else the stored credentials. */
import { z } from 'zod';
import { AgentPhone } from '../../agentphone';
import { agentPhoneEnv, parseEnv, webhookSecretsEnv } from '../../common/process/config';

const CommandAgentPhoneEnvSchema = z.object({ ...agentPhoneEnv, ...webhookSecretsEnv });

/** The variables a command reads to reach AgentPhone (and the webhook secrets file). */
export type CommandAgentPhoneConfig = z.output<typeof CommandAgentPhoneEnvSchema>;

/** The client, or undefined without a key (no AGENTPHONE_API_KEY and nothing stored for this API). */
export function commandAgentPhone(env: NodeJS.ProcessEnv = process.env): {
  config: CommandAgentPhoneConfig;
  agentphone: AgentPhone | undefined;
} {
  const config = parseEnv(CommandAgentPhoneEnvSchema, env, 'command');
  return {
    config,
    agentphone: config.AGENTPHONE_API_KEY
      ? new AgentPhone({
          apiKey: config.AGENTPHONE_API_KEY,
          baseUrl: config.AGENTPHONE_BASE_URL,
          timeoutMs: config.AGENTPHONE_TIMEOUT_MS,
        })
      : undefined,
  };
}
