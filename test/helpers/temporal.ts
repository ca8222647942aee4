/**
 * Temporal for tests: a time-skipping environment for unit tests of workflows, the run's shared dev
 * server for integration tests, one workflow bundle per process, and a worker runner.
 */
import type { Client } from '@temporalio/client';
import { Worker, type NativeConnection } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  sharedWorkflowBundle,
  startInProcessTemporal,
  type InProcessTemporal,
} from '../../stack/in-process-temporal';
import { createTimeSkippingEnv } from '../../stack/temporal-server';
import type { Activities } from '../../activities';
import { createLogger } from '../../common/process/logger';
import { installRuntimeLogger } from '../../worker/runtime-logger';

// Temporal's own logs go through pino like in production; quiet unless LOG_LEVEL asks for more.
installRuntimeLogger(createLogger({ level: process.env.LOG_LEVEL ?? 'warn' }), 'WARN');

export { uniqueTaskQueue } from '../../stack/in-process-temporal';
export type { InProcessTemporal as IntegrationTemporal } from '../../stack/in-process-temporal';

/** The workflows/ bundle, built once per test process (and shared with the in-process stack). */
export const workflowBundle = sharedWorkflowBundle;

/** A fresh time-skipping test server (a multi-day timer passes in milliseconds). */
export function timeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  return createTimeSkippingEnv();
}

/**
 * Connects to the dev server the harness started (RINGFLOW_TEST_TEMPORAL_ADDRESS), or starts one when
 * a test file runs on its own.
 */
export function integrationTemporal(): Promise<InProcessTemporal> {
  return startInProcessTemporal({ address: process.env.RINGFLOW_TEST_TEMPORAL_ADDRESS });
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
