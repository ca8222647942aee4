import { z } from 'zod';
import { envBoolean, envInt, parseEnv } from '../common/process/config/parse-env';
import { DEFAULT_SMS_SENDER, SENDER_MAX_CHARS } from '../common/sms-consent';

export const DEFAULT_TASK_QUEUE = 'ringflow';

/**
 * The worker's configuration, read from the environment. Each variable is documented in README.md.
 */
export const ConfigSchema = z
  .object({
    // Temporal
    TEMPORAL_ADDRESS: z
      .string()
      .regex(/^[^\s:]+:\d+$/, 'expected host:port, e.g. localhost:7233')
      .optional(),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    TEMPORAL_API_KEY: z.string().min(1).optional(),
    TEMPORAL_TLS: envBoolean.optional(),
    RINGFLOW_TASK_QUEUE: z.string().min(1).default(DEFAULT_TASK_QUEUE),
    // Worker tuning
    RINGFLOW_MAX_CONCURRENT_ACTIVITIES: envInt(1).default(100),
    RINGFLOW_MAX_CONCURRENT_WORKFLOW_TASKS: envInt(1).default(40),
    RINGFLOW_SHUTDOWN_GRACE_MS: envInt(0).default(10_000),
    // AgentPhone
    AGENTPHONE_API_KEY: z.string().min(1).optional(),
    AGENTPHONE_BASE_URL: z
      .url({ message: 'must be an absolute URL like https://api.agentphone.ai' })
      .optional(),
    AGENTPHONE_AGENT_ID: z.string().regex(/^\S+$/, 'an agent id like agt_0a1b2c3d4e5f6071').optional(),
    AGENTPHONE_TIMEOUT_MS: envInt(1_000).default(20_000),
    // Who ringflow's first SMS to a person says it is from (carriers drop unsigned first texts).
    RINGFLOW_SMS_SENDER: z
      .string()
      .trim()
      .regex(
        new RegExp(`^[^\\p{Cc}]{1,${SENDER_MAX_CHARS}}$`, 'u'),
        `a short name on one line (1 to ${SENDER_MAX_CHARS} characters), e.g. Ringflow`,
      )
      .default(DEFAULT_SMS_SENDER),
    // Logs
    LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.TEMPORAL_API_KEY && cfg.TEMPORAL_TLS === false) {
      ctx.addIssue({
        code: 'custom',
        path: ['TEMPORAL_TLS'],
        message: 'TEMPORAL_API_KEY needs TLS; unset TEMPORAL_TLS or set it to true',
      });
    }
    if (cfg.TEMPORAL_API_KEY && !cfg.TEMPORAL_ADDRESS) {
      ctx.addIssue({
        code: 'custom',
        path: ['TEMPORAL_ADDRESS'],
        message: 'TEMPORAL_API_KEY is set, so set TEMPORAL_ADDRESS to the server it belongs to',
      });
    }
  });

export type Config = z.output<typeof ConfigSchema>;

/** Reads and validates the worker configuration; throws a ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return parseEnv(ConfigSchema, env, 'ringflow');
}

/** The configuration with secrets taken out, for the start-up log line. */
export function describeConfig(config: Config): Record<string, unknown> {
  const { AGENTPHONE_API_KEY, TEMPORAL_API_KEY, ...rest } = config;
  return {
    ...rest,
    AGENTPHONE_API_KEY: AGENTPHONE_API_KEY ? 'set' : 'not set',
    TEMPORAL_API_KEY: TEMPORAL_API_KEY ? 'set' : 'not set',
  };
}
