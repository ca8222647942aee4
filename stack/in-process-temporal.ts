/**
 * A Temporal server for code that runs the stack inside one process (integration tests, benchmarks):
 * the given server, or a dev server started here; a client and a worker connection to it; one workflow
 * bundle per process; a task queue of its own per user.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { ringflowWorkflowBundle } from '../worker/workflow-bundle';
import { workflowBundleCacheFromEnv } from '../worker/workflow-bundle-cache';
import { startDevServer, type TemporalServer } from './temporal-server';

export interface InProcessTemporal {
  address: string;
  namespace: string;
  client: Client;
  nativeConnection: NativeConnection;
  teardown(): Promise<void>;
}

/**
 * Connects to the server at `address` (the test harness's shared one), or starts a dev server when
 * none is given; `teardown` closes the connections and stops only a server started here.
 *
 * @example const temporal = await startInProcessTemporal(); ...; await temporal.teardown();
 */
export async function startInProcessTemporal(
  options: { address?: string | undefined; dataConverter?: DataConverter | undefined } = {},
): Promise<InProcessTemporal> {
  const server: TemporalServer | undefined = options.address ? undefined : await startDevServer();
  const address = options.address ?? server!.address;
  const namespace = 'default';
  const connection = await Connection.connect({ address });
  const nativeConnection = await NativeConnection.connect({ address });
  return {
    address,
    namespace,
    client: new Client({
      connection,
      namespace,
      ...(options.dataConverter ? { dataConverter: options.dataConverter } : {}),
    }),
    nativeConnection,
    async teardown() {
      await connection.close();
      await nativeConnection.close();
      await server?.stop();
    },
  };
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/**
 * The workflows/ bundle, loaded once per process and shared by every worker in it: from the disk cache
 * (RINGFLOW_WORKFLOW_BUNDLE_CACHE) when it is still exact, so each test file's process does not bundle
 * again; built and stored otherwise.
 */
export function sharedWorkflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= ringflowWorkflowBundle(workflowBundleCacheFromEnv(process.env));
  return bundle;
}

/** A task queue name of its own, so users sharing a server never steal each other's tasks. */
export function uniqueTaskQueue(prefix = 'test'): string {
  return `${prefix}-${randomUUID()}`;
}
