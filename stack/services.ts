/** The parts of the local stack, each started here and stopped through its RunningService. */
import type { NumberKeyer } from '../common/process/number-key';
import type { Client } from '@temporalio/client';
import type { Registry } from 'prom-client';
import type { Logger } from '../common/process/logger';
import { buildIngress, WEBHOOK_PATH } from '../client/ingress';
import { buildSimulator, parseSpeed, type Simulator } from '../simulator';
import type { ActivityDeps } from '../activities';
import type { Config } from '../worker/config';
import { connectWorkerConnection, createWorker } from '../worker/worker';
import type { RunningService } from '../common/process/lifecycle';
import { temporalDataConverter } from '../common/process/config';
import { startDevServer, type TemporalServer } from './temporal-server';

export interface TemporalServiceOptions {
  dbFilename: string;
  port: number;
  uiPort: number;
  /** Where TEMPORAL_ADDRESS and the rest are read from (the stack's own env). */
  env: NodeJS.ProcessEnv;
}

/** The Temporal server of the local stack: TEMPORAL_ADDRESS if set, else a dev server with SQLite. */
export async function startTemporalService(
  options: TemporalServiceOptions,
): Promise<RunningService & { server: TemporalServer }> {
  const server = await startDevServer(options);
  const where = server.external ? `external server at ${server.address}` : `dev server at ${server.address}`;
  return {
    name: 'temporal',
    server,
    summary:
      `Temporal: ${where} (${server.source})` + (server.uiUrl ? `\nTemporal Web UI: ${server.uiUrl}` : ''),
    stop: () => server.stop(),
  };
}

/** The webhook ingress; `secrets` is read on every request, so it can be filled in after start. */
export async function startIngressService(options: {
  temporal: Client;
  taskQueue: string;
  secrets: () => string[];
  numberKey: NumberKeyer;
  port: number;
  logger: Logger;
  /** Served at `/metrics` on the ingress port. */
  metricsRegistry?: Registry;
}): Promise<RunningService & { webhookUrl: string }> {
  const app = await buildIngress(options);
  const base = await app.listen({ port: options.port, host: '127.0.0.1' });
  const webhookUrl = `${base}${WEBHOOK_PATH}`;
  return {
    name: 'ingress',
    webhookUrl,
    summary: `Webhook ingress: POST ${webhookUrl}`,
    stop: () => app.close(),
  };
}

/** The local AgentPhone, its state under `dataDir` so calls a workflow waits on survive a restart. */
export async function startSimulatorService(options: {
  dataDir: string;
  port: number;
  speed: string;
  webhookUrl: string;
  logger: Logger;
}): Promise<RunningService & { simulator: Simulator; baseUrl: string }> {
  const simulator = await buildSimulator({
    speed: parseSpeed(options.speed),
    dataDir: options.dataDir,
    webhookUrl: options.webhookUrl,
    logger: options.logger.child({ component: 'simulator' }),
  });
  const baseUrl = await simulator.listen({ port: options.port });
  const { agentId, phoneNumber } = simulator.account;
  return {
    name: 'simulator',
    simulator,
    baseUrl,
    summary: `AgentPhone simulator: ${baseUrl} (speed ${options.speed}; agent ${agentId} on ${phoneNumber}; control API ${baseUrl}/_sim/state)`,
    stop: () => simulator.close(),
  };
}

/** The ringflow worker, run in this process. */
export async function startWorkerService(
  config: Config,
  address: string,
  deps: ActivityDeps,
  logger: Logger,
): Promise<RunningService> {
  const connection = await connectWorkerConnection(config, address);
  const worker = await createWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.RINGFLOW_TASK_QUEUE,
    deps,
    maxConcurrentActivityTaskExecutions: config.RINGFLOW_MAX_CONCURRENT_ACTIVITIES,
    maxConcurrentWorkflowTaskExecutions: config.RINGFLOW_MAX_CONCURRENT_WORKFLOW_TASKS,
    shutdownGraceTimeMs: config.RINGFLOW_SHUTDOWN_GRACE_MS,
    dataConverter: temporalDataConverter(config),
    workflowBundleCache: config.RINGFLOW_WORKFLOW_BUNDLE_CACHE,
    logger,
  });
  const running = worker.run();
  running.catch((err: unknown) => logger.fatal({ err }, 'worker stopped with an error'));
  return {
    name: 'worker',
    summary: `Worker: task queue "${config.RINGFLOW_TASK_QUEUE}" in namespace "${config.TEMPORAL_NAMESPACE}"`,
    stop: async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running.catch(() => {});
      await connection.close();
    },
  };
}
