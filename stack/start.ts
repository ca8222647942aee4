/**
 * `npm start`: the one place that composes ringflow's local stack. In order: the Temporal server (a dev
 * server with its SQLite file and Web UI under .ringflow/, unless TEMPORAL_ADDRESS names one), the webhook
 * ingress, the AgentPhone simulator (unless AGENTPHONE_API_KEY points at the real API) with its webhooks
 * aimed at the ingress, and the worker; then a self-check and a demo reservation. It stays up for more
 * commands until Ctrl-C, which stops everything in reverse order.
 */
import { checkNumberKeyEnv, numberKeyerFromEnv } from '../common/process/number-key';
import { mkdirSync } from 'node:fs';
import { z } from 'zod';
import pino from 'pino';
import {
  checkTemporalEnv,
  describeConfig,
  envBoolean,
  envInt,
  parseEnv,
  webhookSecretsEnv,
  webhookSecretsSource,
} from '../common/process/config';
import { Lifecycle } from '../common/process/lifecycle';
import { createLogger } from '../common/process/logger';
import { connectClient } from '../client/temporal';
import { workerProcessEnv } from '../worker/config';
import { accessFromConfig, buildActivityDeps, type AgentPhoneAccess } from '../worker/deps';
import { installRuntimeLogger } from '../worker/runtime-logger';
import { selfCheckWorkflow } from '../workflows';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { createActivityMetrics } from '../activities/metrics';
import { buildWorkerMetricsServer, freeLoopbackAddress } from '../worker/metrics-server';
import { DEMO_HUMAN, TRY_RESTAURANT, control, nextSaturday, runDemoReservation } from './demo';
import { registerDemoCampaignCallees, writeDemoCampaignFiles } from './demo-campaign';
import {
  startIngressService,
  startSimulatorService,
  startTemporalService,
  startWorkerService,
} from './services';
import { projectPath } from './temporal-server';

/** The local stack's own variables: where its state lives, its ports, the simulator's speed, the demo. */
export const stackEnv = {
  RINGFLOW_STATE_DIR: z.string().default(projectPath('.ringflow')),
  RINGFLOW_TEMPORAL_PORT: envInt(1).max(65535).default(7233),
  RINGFLOW_TEMPORAL_UI_PORT: envInt(1).max(65535).default(8233),
  RINGFLOW_INGRESS_PORT: envInt(0).max(65535).default(8080),
  RINGFLOW_SIMULATOR_PORT: envInt(0).max(65535).default(4010),
  RINGFLOW_SIMULATOR_SPEED: z
    .string()
    .regex(/^(realtime|instant|\d+(\.\d+)?)$/, 'use realtime, instant or a factor like 10')
    .default('10'),
  RINGFLOW_DEMO: envBoolean.default(true),
};

/**
 * Every variable `npm start` reads, in one schema so one error lists every bad one: the worker's (it
 * runs the worker in-process), the stack's own, and the webhook secrets of a real account (optional:
 * with the simulator, its own secret is added).
 */
export const StackEnvSchema = z
  .object({ ...workerProcessEnv, ...stackEnv, ...webhookSecretsEnv })
  .superRefine((env, ctx) => {
    checkTemporalEnv(env, ctx);
    checkNumberKeyEnv(env, ctx);
  });

/** The ingress's metrics registry, with the process metrics, as the standalone ingress has. */
function ingressMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** What the running stack serves, for `ringflow start --json` (one object once everything is up). */
export interface StackReady {
  service: 'ringflow';
  temporal: { address: string; namespace: string; webUi: string | null };
  webhook: string;
  simulator: string | null;
  selfCheck: { workflowId: string; answeredBy: string };
  demo: { workflowId: string; state: string; message: string; seconds: number } | null;
  logs: string;
}

export async function main(env: NodeJS.ProcessEnv = process.env): Promise<StackReady> {
  const config = parseEnv(StackEnvSchema, env, 'ringflow');
  mkdirSync(config.RINGFLOW_STATE_DIR, { recursive: true });
  const logFile = `${config.RINGFLOW_STATE_DIR}/ringflow.log`;
  // The terminal gets a readable banner; the JSON log lines go to a file beside the state.
  const logger = createLogger({
    level: config.LOG_LEVEL,
    name: 'ringflow',
    destination: pino.destination({ dest: logFile, sync: false, mkdir: true }),
  });
  logger.info({ config: describeConfig(config) }, 'starting local stack');
  // Metrics as in the standalone worker: only with RINGFLOW_WORKER_METRICS_PORT, the SDK's before any connection.
  const metricsOn = config.RINGFLOW_WORKER_METRICS_PORT !== undefined;
  const sdkMetricsAddress = metricsOn ? await freeLoopbackAddress() : undefined;
  installRuntimeLogger(logger, 'INFO', sdkMetricsAddress);

  const lifecycle = new Lifecycle(logger, config.RINGFLOW_SHUTDOWN_GRACE_MS + 5_000);
  lifecycle.handleSignals(() => console.log('ringflow: stopped.'));
  try {
    console.log('ringflow: starting Temporal…');
    const temporal = lifecycle.add(
      await startTemporalService({
        dbFilename: `${config.RINGFLOW_STATE_DIR}/temporal.db`,
        port: config.RINGFLOW_TEMPORAL_PORT,
        uiPort: config.RINGFLOW_TEMPORAL_UI_PORT,
        env,
      }),
    ) as Awaited<ReturnType<typeof startTemporalService>>;
    const { address, namespace, uiUrl } = temporal.server;
    const client = await connectClient(config, address);
    lifecycle.add({ name: 'client', stop: () => client.connection.close() });

    const secrets: string[] = [...config.AGENTPHONE_WEBHOOK_SECRETS];
    const ingress = await startIngressService({
      temporal: client,
      taskQueue: config.RINGFLOW_TASK_QUEUE,
      // The simulator's own secret joins `secrets`; `ringflow webhooks setup` writes the secrets file.
      secrets: ((fromConfig) => () => [...secrets, ...fromConfig()])(
        webhookSecretsSource({ ...config, AGENTPHONE_WEBHOOK_SECRETS: [] }),
      ),
      numberKey: numberKeyerFromEnv(config),
      port: config.RINGFLOW_INGRESS_PORT,
      logger,
      metricsRegistry: ingressMetricsRegistry(),
    });
    lifecycle.add(ingress);

    let access: AgentPhoneAccess = accessFromConfig(config);
    let simulatorUrl: string | undefined;
    let agentNumber = '<agent number>';
    if (!config.AGENTPHONE_API_KEY) {
      const sim = await startSimulatorService({
        dataDir: `${config.RINGFLOW_STATE_DIR}/simulator`,
        port: config.RINGFLOW_SIMULATOR_PORT,
        speed: config.RINGFLOW_SIMULATOR_SPEED,
        webhookUrl: ingress.webhookUrl,
        logger,
      });
      lifecycle.add(sim);
      const account = sim.simulator.account;
      if (account.webhookSecret) secrets.push(account.webhookSecret);
      access = { apiKey: account.apiKey, baseUrl: sim.baseUrl, defaultAgentId: account.agentId };
      // Keys of accounts opened against the simulator (`ringflow signup`) stay beside its state.
      access.credentialsFile = `${config.RINGFLOW_STATE_DIR}/simulator/credentials.json`;
      simulatorUrl = sim.baseUrl;
      agentNumber = account.phoneNumber;
    } else if (secrets.length === 0) {
      console.warn('ringflow: AGENTPHONE_WEBHOOK_SECRETS is not set, so the ingress rejects every webhook.');
    }

    const activityDeps = await buildActivityDeps(config, address, access, logger);
    lifecycle.add({ name: 'activity-deps', stop: () => activityDeps.close() });
    if (metricsOn) {
      const registry = new Registry();
      collectDefaultMetrics({ register: registry });
      activityDeps.deps.metrics = createActivityMetrics(registry);
      const metricsServer = buildWorkerMetricsServer({ registry, temporal: client, sdkMetricsAddress });
      const url = await metricsServer.listen({
        port: config.RINGFLOW_WORKER_METRICS_PORT,
        host: config.RINGFLOW_WORKER_METRICS_HOST,
      });
      lifecycle.add({
        name: 'metrics',
        summary: `Worker metrics: ${url}/metrics`,
        stop: () => metricsServer.close(),
      });
    }
    lifecycle.add(await startWorkerService(config, address, activityDeps.deps, logger));

    const earlier = await client.workflow.count('WorkflowType="selfCheckWorkflow"');
    const selfCheckId = `self-check:${new Date().toISOString()}`;
    const check = await client.workflow.execute(selfCheckWorkflow, {
      taskQueue: config.RINGFLOW_TASK_QUEUE,
      workflowId: selfCheckId,
      args: [{ delayMs: 1_000, note: 'boot' }],
    });

    console.log('');
    for (const line of lifecycle.summaries()) console.log(line);
    console.log(
      `Self-check: workflow ${selfCheckId} completed (${check.answeredBy}); ` +
        `${earlier.count} earlier self-check run(s) found in history.`,
    );
    console.log(`Logs: ${logFile}`);

    let demoOutcome: StackReady['demo'] = null;
    if (simulatorUrl && config.RINGFLOW_DEMO) {
      console.log('\nDemo: booking a table at the simulated "Lovely Thai" (restaurant persona)…');
      const demo = await runDemoReservation({
        client,
        taskQueue: config.RINGFLOW_TASK_QUEUE,
        simulatorUrl,
        agentphone: activityDeps.deps.agentphone,
      });
      const { result } = demo;
      demoOutcome = {
        workflowId: demo.workflowId,
        state: result.state,
        message: result.message,
        seconds: demo.seconds,
      };
      console.log(`Outcome after ${demo.seconds.toFixed(0)} s: ${result.state} — ${result.message}`);
      console.log('Transcript of the last call:');
      for (const turn of demo.transcript)
        console.log(`  ${turn.role === 'agent' ? 'agent     ' : 'restaurant'}: ${turn.content}`);
      for (const sms of result.smsSent) console.log(`SMS to ${sms.to}: "${sms.body}"`);
      if (uiUrl)
        console.log(
          `Workflow: ${uiUrl}/namespaces/${namespace}/workflows/${encodeURIComponent(demo.workflowId)}`,
        );
    }
    if (simulatorUrl) {
      console.log(
        `\nTry (in another terminal): npx ringflow book --restaurant-phone ${TRY_RESTAURANT.phone} ` +
          `--restaurant-name "${TRY_RESTAURANT.name}" --party 4 --date ${nextSaturday(new Date())} --time 19:30 ` +
          `--name Ada --notify ${DEMO_HUMAN} --calling-hours any --wait`,
      );
      console.log(`  then: npx ringflow reservation status <id> | reply <id> YES | cancel <id>`);
      console.log(
        `  answer as the human: curl -XPOST ${simulatorUrl}/_sim/inbound/sms -H 'content-type: application/json' ` +
          `-d '{"from":"${DEMO_HUMAN}","to":"${agentNumber}","body":"YES"}'`,
      );
      console.log(
        `\nTry a missed call: npx ringflow missed-calls enable --agent ${access.defaultAgentId ?? '<agent id>'} ` +
          `--notify ${DEMO_HUMAN} --timezone America/New_York --delay-minutes 0 --hours any --days any ` +
          `--business "Lovely Thai"`,
      );
      console.log(
        `  then ring and hang up: curl -XPOST ${simulatorUrl}/_sim/inbound/call -H 'content-type: application/json' ` +
          `-d '{"from":"+14155552001","to":"${agentNumber}","missed":true}'`,
      );
      console.log(
        `  and watch: npx ringflow missed-calls status --agent ${access.defaultAgentId ?? '<agent id>'} ` +
          `(the callback, and the summary SMS to ${DEMO_HUMAN}, show in ${simulatorUrl}/_sim/calls and /_sim/messages)`,
      );
      await registerDemoCampaignCallees((path, body) => control(simulatorUrl, path, body));
      const campaign = writeDemoCampaignFiles(config.RINGFLOW_STATE_DIR, new Date());
      console.log(`\nTry a campaign (six simulated people): ${campaign.command}`);
    }
    if (simulatorUrl)
      console.log(
        `\nTry onboarding: npx ringflow signup --email you@example.com, read the code in ` +
          `${simulatorUrl}/_sim/outbox, then npx ringflow verify --code <6 digits>`,
      );
    console.log('ringflow is running. Press Ctrl-C to stop.');
    return {
      service: 'ringflow',
      temporal: { address, namespace, webUi: uiUrl ?? null },
      webhook: ingress.webhookUrl,
      simulator: simulatorUrl ?? null,
      selfCheck: { workflowId: selfCheckId, answeredBy: String(check.answeredBy) },
      demo: demoOutcome,
      logs: logFile,
    };
  } catch (err) {
    console.error(`ringflow: could not start: ${(err as Error).message}`);
    await lifecycle.stop();
    process.exit(1);
  }
}
