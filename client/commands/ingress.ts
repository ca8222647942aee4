/**
 * `ringflow ingress --port 8080 [--host 0.0.0.0]`: the webhook receiver as its own process. Secrets come
 * from AGENTPHONE_WEBHOOK_SECRETS (comma-separated: account, per-agent and previous secrets during a
 * rotation), never from flags, so they stay out of shell history and process lists.
 */
import pino from 'pino';
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
import { connectCommandClient } from './shared';
import { printReadyLine } from './ready-line';
import {
  listenOptions,
  Option,
  ringflowCommand,
  runCommand,
  withExamples,
  type ExitCodeSink,
} from './command-kit';

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

interface IngressFlags {
  port: number;
  host: string;
  json?: boolean;
}

/** The declaration of `ringflow ingress` (no side effects; `ringflow completion` reads it too). */
export function command(exitWith: ExitCodeSink) {
  const listen = listenOptions({ port: 8080, hostNote: ' (0.0.0.0 behind a proxy or in a container)' });
  return withExamples(
    ringflowCommand(
      'ingress',
      'run the webhook ingress: verifies AgentPhone webhooks and signals the workflows they are for; ' +
        'also serves /metrics, /healthz and /readyz. Secrets from AGENTPHONE_WEBHOOK_SECRETS or the ' +
        'secrets file (never flags). Runs until SIGINT/SIGTERM',
    )
      .addOption(listen.port)
      .addOption(listen.host)
      .addOption(
        new Option(
          '--json',
          'print the ready line as one JSON line on stdout (logs move to stderr): {service, url, webhook, metrics, …}',
        ),
      )
      .action(exitWith((flags: IngressFlags) => serve(flags))),
    [
      [
        'AGENTPHONE_WEBHOOK_SECRETS=whsec_… ringflow ingress --port 8080',
        'webhooks at POST http://127.0.0.1:8080/webhooks/agentphone',
      ],
      ['ringflow ingress --host 0.0.0.0 --port 0 --json', 'any free port; prints where it listens as JSON'],
    ],
  );
}

export const main = (argv: string[]): Promise<number> => runCommand(argv, command);

async function serve(flags: IngressFlags): Promise<void> {
  const env = parseEnv(IngressEnvSchema, process.env, 'ingress');
  // With --json, stdout holds only the ready line: the log moves to stderr.
  const logger = createLogger({
    level: env.LOG_LEVEL,
    name: 'ringflow-ingress',
    ...(flags.json ? { destination: pino.destination({ dest: 2, sync: true }) } : {}),
  });
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
  const address = await app.listen({ port: flags.port, host: flags.host });
  const lifecycle = new Lifecycle(logger, 10_000);
  lifecycle.add({ name: 'temporal-client', stop: close });
  lifecycle.add({ name: 'ingress', stop: () => app.close() });
  lifecycle.handleSignals();
  logger.info({ url: `${address}${WEBHOOK_PATH}` }, 'ingress listening');
  printReadyLine(
    flags.json,
    {
      service: 'ingress',
      url: address,
      webhook: `${address}${WEBHOOK_PATH}`,
      metrics: `${address}/metrics`,
      healthz: `${address}/healthz`,
      readyz: `${address}/readyz`,
    },
    `ringflow ingress: POST ${address}${WEBHOOK_PATH}`,
  );
  await new Promise(() => {}); // runs until a signal stops the process
}
