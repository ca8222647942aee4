/**
 * The standalone worker process (`npx ringflow worker`): connects to TEMPORAL_ADDRESS and runs
 * ringflow's workflows and activities until SIGINT/SIGTERM. `npm start` runs the same worker in-process.
 */
import { ConfigError } from '../common/process/config/parse-env';
import { temporalDataConverter } from '../common/process/config';
import { createLogger } from '../common/process/logger';
import { Lifecycle } from '../common/process/lifecycle';
import { describeConfig, loadConfig } from './config';
import { installRuntimeLogger } from './runtime-logger';
import { accessFromConfig, buildActivityDeps } from './deps';
import { connectWorkerConnection, createWorker } from './worker';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { createActivityMetrics } from '../activities/metrics';
import { buildWorkerMetricsServer, freeLoopbackAddress } from './metrics-server';

/** What a running worker serves, for `ringflow worker --json` (its ready line). */
export interface WorkerReady {
  service: 'worker';
  url: string;
  taskQueue: string;
  namespace: string;
  metrics: string | null;
}

export async function main(
  env: NodeJS.ProcessEnv = process.env,
  onReady: (ready: WorkerReady) => void = () => {},
): Promise<void> {
  const config = loadConfig(env);
  const logger = createLogger({ level: config.LOG_LEVEL, name: 'ringflow-worker' });
  if (!config.TEMPORAL_ADDRESS) {
    throw new ConfigError(
      'TEMPORAL_ADDRESS is not set: the standalone worker needs a running server (host:port). ' +
        'Use `npm start` to run a local server and worker together.',
    );
  }
  logger.info({ config: describeConfig(config) }, 'starting worker');
  const metricsOn = config.RINGFLOW_WORKER_METRICS_PORT !== undefined;
  // The SDK's exporter must be configured before the Runtime starts, i.e. before any connection.
  const sdkMetricsAddress = metricsOn ? await freeLoopbackAddress() : undefined;
  installRuntimeLogger(logger, 'INFO', sdkMetricsAddress);
  if (!config.AGENTPHONE_API_KEY) {
    throw new ConfigError(
      'AGENTPHONE_API_KEY is not set: the standalone worker talks to the real AgentPhone API. ' +
        'Set it (and AGENTPHONE_AGENT_ID), or use `npm start`, which runs the local simulator.',
    );
  }
  const activityDeps = await buildActivityDeps(
    config,
    config.TEMPORAL_ADDRESS,
    accessFromConfig(config),
    logger,
  );
  const registry = new Registry();
  if (metricsOn) {
    collectDefaultMetrics({ register: registry });
    activityDeps.deps.metrics = createActivityMetrics(registry);
  }
  const connection = await connectWorkerConnection(config, config.TEMPORAL_ADDRESS);
  const worker = await createWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.RINGFLOW_TASK_QUEUE,
    deps: activityDeps.deps,
    maxConcurrentActivityTaskExecutions: config.RINGFLOW_MAX_CONCURRENT_ACTIVITIES,
    maxConcurrentWorkflowTaskExecutions: config.RINGFLOW_MAX_CONCURRENT_WORKFLOW_TASKS,
    maxCachedWorkflows: config.RINGFLOW_MAX_CACHED_WORKFLOWS,
    shutdownGraceTimeMs: config.RINGFLOW_SHUTDOWN_GRACE_MS,
    dataConverter: temporalDataConverter(config),
    workflowBundleCache: config.RINGFLOW_WORKFLOW_BUNDLE_CACHE,
    logger,
  });
  const lifecycle = new Lifecycle(logger, config.RINGFLOW_SHUTDOWN_GRACE_MS + 5_000);
  const running = worker.run();
  lifecycle.add({ name: 'connection', stop: () => connection.close() });
  lifecycle.add({ name: 'activity-deps', stop: () => activityDeps.close() });
  lifecycle.add({
    name: 'worker',
    stop: async () => {
      worker.shutdown();
      await running;
    },
  });
  let metricsUrl: string | null = null;
  if (metricsOn) {
    const metricsServer = buildWorkerMetricsServer({
      registry,
      temporal: activityDeps.deps.temporal,
      sdkMetricsAddress,
    });
    const url = await metricsServer.listen({
      port: config.RINGFLOW_WORKER_METRICS_PORT,
      host: config.RINGFLOW_WORKER_METRICS_HOST,
    });
    lifecycle.add({ name: 'metrics-server', stop: () => metricsServer.close() });
    logger.info({ url: `${url}/metrics` }, 'worker metrics, /healthz and /readyz listening');
    metricsUrl = `${url}/metrics`;
  }
  lifecycle.handleSignals();
  logger.info({ taskQueue: config.RINGFLOW_TASK_QUEUE }, 'worker running');
  onReady({
    service: 'worker',
    url: config.TEMPORAL_ADDRESS,
    taskQueue: config.RINGFLOW_TASK_QUEUE,
    namespace: config.TEMPORAL_NAMESPACE,
    metrics: metricsUrl,
  });
  await running;
}
