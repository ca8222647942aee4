/**
 * Temporal for tests: a time-skipping environment for unit tests of workflows, the run's shared dev
 * server for integration tests, one workflow bundle per process, and a worker runner.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTimeSkippingEnv, startDevServer, type TemporalServer } from '../../stack/temporal-server';
import { bundleWorkflows } from '../../worker/worker';
import type { Activities } from '../../activities';
import { createLogger } from '../../common/process/logger';
import { installRuntimeLogger } from '../../worker/runtime-logger';

// Temporal's own logs go through pino like in production; quiet unless LOG_LEVEL asks for more.
installRuntimeLogger(createLogger({ level: process.env.LOG_LEVEL ?? 'warn' }), 'WARN');

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** The workflows/ bundle, built once per test process. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflows();
  return bundle;
}

/** A fresh time-skipping test server (a multi-day timer passes in milliseconds). */
export function timeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  return createTimeSkippingEnv();
}

export interface IntegrationTemporal {
  address: string;
  namespace: string;
  client: Client;
  nativeConnection: NativeConnection;
  teardown(): Promise<void>;
}

/**
 * Connects to the dev server the harness started (RINGFLOW_TEST_TEMPORAL_ADDRESS), or starts one when
 * a test file runs on its own.
 */
export async function integrationTemporal(): Promise<IntegrationTemporal> {
  const shared = process.env.RINGFLOW_TEST_TEMPORAL_ADDRESS;
  const server: TemporalServer | undefined = shared ? undefined : await startDevServer();
  const address = shared ?? server!.address;
  const namespace = 'default';
  const connection = await Connection.connect({ address });
  const nativeConnection = await NativeConnection.connect({ address });
  return {
    address,
    namespace,
    client: new Client({ connection, namespace }),
    nativeConnection,
    async teardown() {
      await connection.close();
      await nativeConnection.close();
      await server?.stop();
    },
  };
}

/** A task queue name of its own per test, so tests sharing a server never steal each other's tasks. */
export function uniqueTaskQueue(prefix = 'test'): string {
  return `${prefix}-${randomUUID()}`;
}

/** Runs a worker with the given activities while `fn` runs, then shuts it down. */
export async function withWorker<T>(
  options: {
    connection: NativeConnection;
    namespace?: string;
    taskQueue: string;
    activities: Partial<Activities>;
  },
  fn: () => Promise<T>,
): Promise<T> {
  const worker = await Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue,
    workflowBundle: await workflowBundle(),
    activities: options.activities,
  });
  return worker.runUntil(fn);
}

/**
 * Resolves once the workflow is waiting on a durable timer (its history holds a TimerStarted): a quiet
 * point to cancel it. Cancelling while an activity is in flight instead has hung the time-skipping test
 * server now and then (the workflow task after the cancel request never completed) on a loaded machine.
 */
export async function untilWaitingOnTimer(
  client: Client,
  workflowId: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const history = await client.workflow
      .getHandle(workflowId)
      .fetchHistory()
      .catch(() => undefined); // not started yet
    if (history?.events?.some((e) => e.timerStartedEventAttributes)) return;
    if (Date.now() > deadline) throw new Error(`${workflowId} never started a timer`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
