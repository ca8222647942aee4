import { NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { DataConverter } from '@temporalio/common';
import { createActivities, type ActivityDeps } from '../activities';
import { temporalConnectionOptions, type TemporalConnectionConfig } from '../common/process/config';
import { ringflowWorkflowBundle, type WorkflowBundleLogger } from './workflow-bundle';
import { DEFAULT_WORKFLOW_BUNDLE_CACHE_DIR, type WorkflowBundleCacheSetting } from './workflow-bundle-cache';

export { WORKFLOWS_PATH } from './workflow-bundle';

/** The worker's connection to `address`, with the TLS (mTLS files included) and API key the configuration asks for. */
export async function connectWorkerConnection(
  config: TemporalConnectionConfig,
  address: string,
): Promise<NativeConnection> {
  return NativeConnection.connect(temporalConnectionOptions(config, address));
}

export interface CreateWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** A prebuilt bundle (tests); otherwise workflows/ is bundled at start, through the cache. */
  workflowBundle?: WorkflowBundleWithSourceMap;
  /** RINGFLOW_WORKFLOW_BUNDLE_CACHE: where that bundle is cached, or `off`; the project's default when absent. */
  workflowBundleCache?: WorkflowBundleCacheSetting;
  /** Where the start-up line about the bundle (reused or built, in how many ms) goes. */
  logger?: WorkflowBundleLogger;
  maxConcurrentActivityTaskExecutions?: number;
  maxConcurrentWorkflowTaskExecutions?: number;
  /** Workflows kept in the sticky cache (RINGFLOW_MAX_CACHED_WORKFLOWS); the SDK's heap-sized default when absent. */
  maxCachedWorkflows?: number;
  shutdownGraceTimeMs?: number;
  /** The payload codec's converter (temporalDataConverter(config)); Temporal's default when absent. */
  dataConverter?: DataConverter | undefined;
}

/** Builds the ringflow worker: every workflow in workflows/, every activity from createActivities. */
export async function createWorker(options: CreateWorkerOptions): Promise<Worker> {
  const workflowBundle =
    options.workflowBundle ??
    (await ringflowWorkflowBundle(
      options.workflowBundleCache ?? DEFAULT_WORKFLOW_BUNDLE_CACHE_DIR,
      options.logger,
    ));
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: createActivities(options.deps),
    ...(options.dataConverter ? { dataConverter: options.dataConverter } : {}),
    workflowBundle,
    ...(options.maxConcurrentActivityTaskExecutions
      ? { maxConcurrentActivityTaskExecutions: options.maxConcurrentActivityTaskExecutions }
      : {}),
    ...(options.maxConcurrentWorkflowTaskExecutions
      ? { maxConcurrentWorkflowTaskExecutions: options.maxConcurrentWorkflowTaskExecutions }
      : {}),
    ...(options.maxCachedWorkflows ? { maxCachedWorkflows: options.maxCachedWorkflows } : {}),
    ...(options.shutdownGraceTimeMs !== undefined ? { shutdownGraceTime: options.shutdownGraceTimeMs } : {}),
  });
}
