import type { Logger } from '../common/logger';
import { connectWorkerConnection, createWorker } from '../worker/worker';
import type { Config } from '../worker/config';
import type { ActivityDeps } from '../activities';
import type { RunningService } from './lifecycle';
import { startDevServer, type TemporalServer } from './temporal-server';

export interface TemporalServiceOptions {
  dbFilename: string;
  port: number;
  uiPort: number;
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
