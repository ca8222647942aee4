import { numberKeyerFromEnv } from '../common/process/number-key';
import { Client, Connection } from '@temporalio/client';
import { AgentPhone } from '../agentphone';
import {
  callLimitsFromEnv,
  temporalConnectionOptions,
  temporalDataConverter,
} from '../common/process/config';
import type { Logger } from '../common/process/logger';
import type { ActivityDeps } from '../activities';
import { createExtractorsFromConfig, loadOutcomeConfig } from '../outcome/config';
import type { Config } from './config';
import { defaultCredentialsPath } from '../common/process/credentials-file';
import { sealSecretFromEnv } from '../common/process/one-time-code-seal';
import { activityConnectionInterceptors } from './update-retry';

export interface AgentPhoneAccess {
  apiKey: string | undefined;
  baseUrl: string | undefined;
  /** The agent that calls and texts when a workflow names none. */
  defaultAgentId: string | undefined;
  /** Where onboarding writes a new key for this API (the local stack keeps simulator keys apart). */
  credentialsFile?: string | undefined;
}

/**
 * Builds the activities' dependencies once per worker: the AgentPhone client with its own retries off
 * (Temporal retries, after reconciling) and a Temporal client for signalWithStart.
 */
export async function buildActivityDeps(
  config: Config,
  temporalAddress: string,
  access: AgentPhoneAccess,
  logger: Logger,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ deps: ActivityDeps; close(): Promise<void> }> {
  // Outcome extraction: AgentPhone's analysis, then the transcript rules, then an LLM when configured.
  const outcomeExtractors = createExtractorsFromConfig(loadOutcomeConfig(env), { logger });
  const agentphone = new AgentPhone({
    apiKey: access.apiKey,
    baseUrl: access.baseUrl,
    timeoutMs: config.AGENTPHONE_TIMEOUT_MS,
    maxRetries: 0,
    logger,
  });
  const connection = await Connection.connect({
    ...temporalConnectionOptions(config, temporalAddress),
    interceptors: activityConnectionInterceptors(),
  });
  const dataConverter = temporalDataConverter(config);
  const temporal = new Client({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    ...(dataConverter ? { dataConverter } : {}),
  });
  return {
    deps: {
      logger,
      agentphone,
      temporal,
      taskQueue: config.RINGFLOW_TASK_QUEUE,
      defaultAgentId: access.defaultAgentId,
      smsSender: config.RINGFLOW_SMS_SENDER,
      numberKey: numberKeyerFromEnv(config),
      optOutScope: config.RINGFLOW_OPT_OUT_SCOPE,
      outcomeExtractors,
      callLimits: callLimitsFromEnv(config),
      onboarding: {
        credentialsFile:
          access.credentialsFile ?? config.RINGFLOW_CREDENTIALS_FILE ?? defaultCredentialsPath(env),
        baseUrl: agentphone.baseUrl,
        sealSecret: sealSecretFromEnv(config),
      },
    },
    async close() {
      await connection.close();
      await agentphone.close();
    },
  };
}

/** AgentPhone access from the worker's own configuration (a real account). */
export function accessFromConfig(config: Config): AgentPhoneAccess {
  return {
    apiKey: config.AGENTPHONE_API_KEY,
    baseUrl: config.AGENTPHONE_BASE_URL,
    defaultAgentId: config.AGENTPHONE_AGENT_ID,
  };
}
