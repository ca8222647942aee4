import { z } from 'zod';
import {
  agentPhoneEnv,
  callLimitsEnv,
  checkTemporalEnv,
  envInt,
  loggingEnv,
  optOutEnv,
  parseEnv,
  temporalEnv,
} from '../common/process/config';
import { checkNumberKeyEnv, numberKeyEnv } from '../common/process/number-key';
import { DEFAULT_SMS_SENDER, SENDER_MAX_CHARS } from '../common/sms-consent';
import { workflowBundleCacheEnv } from './workflow-bundle-cache';

export { describeConfig } from '../common/process/config';

/** The worker's own variables, beside the shared Temporal, AgentPhone and logging fragments. */
export const workerEnv = {
  // Worker tuning
  RINGFLOW_MAX_CONCURRENT_ACTIVITIES: envInt(1).default(100),
  RINGFLOW_MAX_CONCURRENT_WORKFLOW_TASKS: envInt(1).default(40),
  RINGFLOW_SHUTDOWN_GRACE_MS: envInt(0).default(10_000),
  // Workflows kept in memory between their tasks (about 1 MB each): bounds the worker's RSS, since the
  // SDK's default follows the heap limit (≈ 2,300 at a 4 GB heap) and a campaign leaves many idle ones
  // (attempt-counter shards, contact pages) that are cheap to replay when next needed.
  RINGFLOW_MAX_CACHED_WORKFLOWS: envInt(2).default(500),
  // Metrics and health (worker/metrics-server.ts): off unless a port is given.
  RINGFLOW_WORKER_METRICS_PORT: envInt(0).max(65535).optional(),
  RINGFLOW_WORKER_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  // Who ringflow's first SMS to a person says it is from (carriers drop unsigned first texts).
  RINGFLOW_SMS_SENDER: z
    .string()
    .trim()
    .regex(
      new RegExp(`^[^\\p{Cc}]{1,${SENDER_MAX_CHARS}}$`, 'u'),
      `a short name on one line (1 to ${SENDER_MAX_CHARS} characters), e.g. Ringflow`,
    )
    .default(DEFAULT_SMS_SENDER),
  // Where the prebuilt workflow bundle is cached between starts (worker/workflow-bundle-cache.ts), or off.
  ...workflowBundleCacheEnv,
};

/** Every variable of the worker process: its own, Temporal's, AgentPhone's and the log level. */
export const workerProcessEnv = {
  ...temporalEnv,
  ...agentPhoneEnv,
  ...numberKeyEnv,
  ...optOutEnv,
  ...workerEnv,
  ...callLimitsEnv,
  ...loggingEnv,
};

/**
 * The worker's configuration, read from the environment. Each variable is documented in README.md
 * (a unit test keeps the table and the schemas in step).
 */
export const ConfigSchema = z.object(workerProcessEnv).superRefine((env, ctx) => {
  checkTemporalEnv(env, ctx);
  checkNumberKeyEnv(env, ctx);
});

export type Config = z.output<typeof ConfigSchema>;

/** Reads and validates the worker configuration; throws a ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return parseEnv(ConfigSchema, env, 'ringflow');
}
