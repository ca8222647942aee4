/**
 * `ringflow ingress --port 8080 [--host 0.0.0.0]`: the webhook receiver as its own process. Secrets come
 * from AGENTPHONE_WEBHOOK_SECRETS (comma-separated: account, per-agent and previous secrets during a
 * rotation), never from flags, so they stay out of shell history and process lists.
 */
import { z } from 'zod';
import { Registry, collectDefaultMetrics } from 'prom-client';
import {
  agentPhoneEnv,
  checkTemporalEnv,
  loggingEnv,
  parseEnv,
  requireWebhookSecrets,
  temporalEnv,
  webhookSecretsEnv,
  webhookSecretsSource,
} from '../../common/process/config';
import { createLogger } from '../../common/process/logger';
import { checkNumberKeyEnv, numberKeyEnv } from '../../common/process/number-key';
import { Lifecycle } from '../../common/process/lifecycle';
import { buildIngress, WEBHOOK_PATH } from '../ingress';
import { connectCommandClient, parseFlags, UsageError } from './shared';

const USAGE =
  'Usage: ringflow ingress [--port 8080] [--host 127.0.0.1]   (secrets: AGENTPHONE_WEBHOOK_SECRETS)';

/** The standalone ingress's variables: Temporal, the log level, and at least one webhook secret. */
export const IngressEnvSchema = z
  .object({
    ...temporalEnv,
    ...loggingEnv,
    ...webhookSecretsEnv,
    ...numberKeyEnv,
    AGENTPHONE_API_KEY: agentPhoneEnv.AGENTPHONE_API_KEY,
  })
  .superRefine((env, ctx) => {
    checkTemporalEnv(env, ctx);
    checkNumberKeyEnv(env, ctx);
    requireWebhookSecrets(env, ctx);
  });

export async function main(argv: string[]): Promise<void> {
  const { values } = parseFlags(
    argv,
    { port: { type: 'string', default: '8080' }, host: { type: 'string', default: '127.0.0.1' } },
    USAGE,
  );
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port: "${values.port}" is not a port number.`);
  const env = parseEnv(IngressEnvSchema, process.env, 'ingress');
  const logger = createLogger({ level: env.LOG_LEVEL, name: 'ringflow-ingress' });
  const { client, taskQueue, numberKey, close } = await connectCommandClient(env);
  // GET /metrics, /healthz and /readyz share the webhook port; publish only the webhook path.
  const metricsRegistry = new Registry();
  collectDefaultMetrics({ register: metricsRegistry });
  const app = await buildIngress({
    metricsRegistry,
    temporal: client,
    taskQueue,
    numberKey,
    secrets: webhookSecretsSource(env),
    logger,
  });
  const address = await app.listen({ port, host: values.host });
  const lifecycle = new Lifecycle(logger, 10_000);
  lifecycle.add({ name: 'temporal-client', stop: close });
  lifecycle.add({ name: 'ingress', stop: () => app.close() });
  lifecycle.handleSignals();
  logger.info({ url: `${address}${WEBHOOK_PATH}` }, 'ingress listening');
  console.log(`ringflow ingress: POST ${address}${WEBHOOK_PATH}`);
  await new Promise(() => {}); // runs until a signal stops the process
}
