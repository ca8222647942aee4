/**
 * `npm start`: the one place that composes ringflow's local stack. It starts, in order, the Temporal
 * server (a dev server with its SQLite file and Web UI under .ringflow/, unless TEMPORAL_ADDRESS names
 * one), then the worker, runs a self-check workflow, prints what is running and stays up until Ctrl-C,
 * which stops everything in reverse order.
 */
import { mkdirSync } from 'node:fs';
import { z } from 'zod';
import { createLogger } from '../common/logger';
import { envInt, parseEnv } from '../common/env-schema';
import { connectClient } from '../client/temporal';
import { describeConfig, loadConfig } from '../worker/config';
import { installRuntimeLogger } from '../worker/runtime-logger';
import { selfCheckWorkflow } from '../workflows';
import { Lifecycle } from './lifecycle';
import { startTemporalService, startWorkerService } from './services';
import { projectPath } from './temporal-server';

const StackSchema = z.object({
  RINGFLOW_STATE_DIR: z.string().default(projectPath('.ringflow')),
  RINGFLOW_TEMPORAL_PORT: envInt(1).max(65535).default(7233),
  RINGFLOW_TEMPORAL_UI_PORT: envInt(1).max(65535).default(8233),
});

export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const config = loadConfig(env);
  const stack = parseEnv(StackSchema, env, 'stack');
  mkdirSync(stack.RINGFLOW_STATE_DIR, { recursive: true });
  const logFile = `${stack.RINGFLOW_STATE_DIR}/ringflow.log`;
  // The terminal gets a readable banner; the JSON log lines go to a file beside the state.
  const logger = createLogger({
    level: config.LOG_LEVEL,
    name: 'ringflow',
    destination: await openLog(logFile),
  });
  logger.info({ config: describeConfig(config) }, 'starting local stack');
  installRuntimeLogger(logger);

  const lifecycle = new Lifecycle(logger, config.RINGFLOW_SHUTDOWN_GRACE_MS + 5_000);
  lifecycle.handleSignals(() => console.log('ringflow: stopped.'));
  try {
    console.log('ringflow: starting Temporal…');
    const temporal = lifecycle.add(
      await startTemporalService({
        dbFilename: `${stack.RINGFLOW_STATE_DIR}/temporal.db`,
        port: stack.RINGFLOW_TEMPORAL_PORT,
        uiPort: stack.RINGFLOW_TEMPORAL_UI_PORT,
      }),
    ) as Awaited<ReturnType<typeof startTemporalService>>;
    const { address, namespace } = temporal.server;
    lifecycle.add(await startWorkerService(config, address, { logger }, logger));

    const client = await connectClient({
      address,
      namespace,
      apiKey: config.TEMPORAL_API_KEY,
      tls: config.TEMPORAL_TLS,
    });
    lifecycle.add({ name: 'client', stop: () => client.connection.close() });
    const earlier = await client.workflow.count('WorkflowType="selfCheckWorkflow"');
    const workflowId = `self-check:${new Date().toISOString()}`;
    const result = await client.workflow.execute(selfCheckWorkflow, {
      taskQueue: config.RINGFLOW_TASK_QUEUE,
      workflowId,
      args: [{ delayMs: 1_000, note: 'boot' }],
    });

    console.log('');
    for (const line of lifecycle.summaries()) console.log(line);
    console.log(
      `Self-check: workflow ${workflowId} completed (${result.answeredBy}); ` +
        `${earlier.count} earlier self-check run(s) found in history.`,
    );
    if (temporal.server.uiUrl) {
      console.log(
        `  ${temporal.server.uiUrl}/namespaces/${namespace}/workflows/${encodeURIComponent(workflowId)}`,
      );
    }
    console.log(`Logs: ${logFile}`);
    console.log('ringflow is running. Press Ctrl-C to stop.');
  } catch (err) {
    console.error(`ringflow: could not start: ${(err as Error).message}`);
    await lifecycle.stop();
    process.exit(1);
  }
}

async function openLog(path: string) {
  const { default: pino } = await import('pino');
  return pino.destination({ dest: path, sync: false, mkdir: true });
}
