export { ConfigError, envBoolean, envInt, parseEnv, withoutEmpty } from './parse-env';
export {
  LOCAL_TEMPORAL_ADDRESS,
  TemporalEnvSchema,
  checkTemporalEnv,
  temporalConnectionOptions,
  temporalDataConverter,
  temporalEnv,
  type TemporalConnectionConfig,
  type TemporalConnectionOptions,
  type TemporalEnv,
} from './temporal';
export { LOG_LEVELS, loggingEnv } from './logging';
export {
  parseWebhookSecrets,
  requireWebhookSecrets,
  webhookSecretsEnv,
  webhookSecretsPath,
  webhookSecretsSource,
} from './webhook-secrets';
export { AGENTPHONE_PRODUCTION_URL, agentPhoneEnv } from './agentphone';
export { describeConfig } from './describe-config';
export { optOutEnv } from './opt-out';
export { DEFAULT_CALL_LIMITS, callLimitsEnv, callLimitsFromEnv, type CallLimits } from './call-limits';
export { codecEnv, codecKeysFromEnv, parseCodecKeys, payloadCodecFromEnv, type CodecEnv } from './codec';
