/**
 * Temporal for tests: a time-skipping environment for unit tests of workflows, the run's shared dev
 * server for integration tests, one workflow bundle per process, and a worker runner.
 */
import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
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
import { eventually } from './eventually';

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

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** gRPC status codes the history long-poll answers with (see grpc's status.proto). */
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_NOT_FOUND = 5;

/**
 * Resolves with the workflow's history up to the first event that `matches` (given the event and all
 * events before it): the server long-polls for new events (`waitNewEvent`), so this waits on the
 * history, not on a timer. For the dev server; the time-skipping test server does not long-poll. A workflow that has not started yet is asked again after a short pause.
 * Rejects after `timeoutMs` of real time, naming `what`.
 *
 * @example await untilHistoryEvent(client, id, (e) => !!e.activityTaskCompletedEventAttributes);
 */
export async function untilHistoryEvent(
  client: Client,
  workflowId: string,
  matches: (event: HistoryEvent, before: readonly HistoryEvent[]) => boolean,
  { timeoutMs = 30_000, what = 'a history event' }: { timeoutMs?: number; what?: string } = {},
): Promise<HistoryEvent[]> {
  const deadline = Date.now() + timeoutMs;
  const seen: HistoryEvent[] = [];
  let nextPageToken: Uint8Array | undefined;
  for (;;) {
    if (Date.now() > deadline)
      throw new Error(`${workflowId}: timed out after ${timeoutMs} ms waiting for ${what}`);
    let page: temporal.api.workflowservice.v1.IGetWorkflowExecutionHistoryResponse;
    try {
      page = await client.withDeadline(deadline, () =>
        client.workflowService.getWorkflowExecutionHistory({
          namespace: client.options.namespace,
          execution: { workflowId },
          waitNewEvent: true,
          ...(nextPageToken ? { nextPageToken } : {}),
        }),
      );
    } catch (err) {
      const code = (err as { code?: number }).code;
      if (code === GRPC_NOT_FOUND) {
        await new Promise((resolve) => setTimeout(resolve, 50)); // not started yet
        continue;
      }
      if (code === GRPC_DEADLINE_EXCEEDED) continue; // the check above names what timed out
      throw err;
    }
    for (const event of page.history?.events ?? []) {
      if (matches(event, seen)) return [...seen, event];
      seen.push(event);
    }
    if (!page.nextPageToken?.length) throw new Error(`${workflowId} closed without ${what}`);
    nextPageToken = page.nextPageToken;
  }
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
  // Polled, not long-polled: the time-skipping test server holds a `waitNewEvent` history request for
  // its whole long-poll timeout (about 20 s) and then answers without a continuation token.
  await eventually(
    async () => {
      const history = await client.workflow
        .getHandle(workflowId)
        .fetchHistory()
        .catch(() => undefined); // not started yet
      return history?.events?.some((e) => e.timerStartedEventAttributes) ? true : undefined;
    },
    { timeoutMs, what: `${workflowId} to start a timer` },
  );
}
