/**
 * The whole ringflow stack in one process, over real sockets, for integration tests and benchmarks: a
 * Temporal server (the given one, or a dev server started here), the simulator, the webhook ingress
 * (simulator webhooks → ingress → signals) and a real worker with the real activities, on a task queue
 * of its own. The worker can be stopped and started again mid-run.
 */
import { developmentNumberKeyer } from '../common/process/number-key';
import { randomInt } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Worker } from '@temporalio/worker';
import type { Registry } from 'prom-client';
import { createActivityMetrics } from '../activities/metrics';
import { createActivities } from '../activities';
import { buildIngress, WEBHOOK_PATH } from '../client/ingress';
import { silentLogger } from '../common/process/logger';
import { buildSimulator, type Simulator, type SimulatorOptions } from '../simulator';
import { loadConfig } from '../worker/config';
import { z } from 'zod';
import { codecEnv, parseEnv, temporalDataConverter } from '../common/process/config';
import { buildActivityDeps } from '../worker/deps';
import {
  sharedWorkflowBundle,
  startInProcessTemporal,
  uniqueTaskQueue,
  type InProcessTemporal,
} from './in-process-temporal';

export interface InProcessStack {
  temporal: InProcessTemporal;
  taskQueue: string;
  simulator: Simulator;
  simulatorUrl: string;
  ingressUrl: string;
  /** POSTs to the simulator's control API. */
  control(path: string, body?: unknown): Promise<unknown>;
  /** GETs `data` of a simulator control list (`/_sim/requests`, `/_sim/calls`, `/_sim/messages`). */
  list<T = Record<string, unknown>>(path: string): Promise<T[]>;
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  stop(): Promise<void>;
}

/** Hooks to add to the apps before they listen (benchmarks time requests with them). */
export interface StackInstruments {
  ingress?(app: FastifyInstance): void;
  simulator?(app: FastifyInstance): void;
}

export interface InProcessStackOptions {
  /** A running Temporal server (host:port); without one, a dev server is started for this stack. */
  temporalAddress?: string | undefined;
  /** Overrides of the simulator's defaults (instant speed, a random seed, no rate limits). */
  simulator?: SimulatorOptions;
  instruments?: StackInstruments;
  /** Worker variables on top of the stack's (e.g. `RINGFLOW_MAX_LIVE_CALLS_PER_ACCOUNT`). */
  workerEnv?: Record<string, string>;
  /**
   * Registries for the metrics of the ingress (served at `<ingress>/metrics`) and of the worker's
   * activities (serve them with worker/metrics-server.ts); none: not served.
   */
  metrics?: { ingress: Registry; worker: Registry };
}

/**
 * Starts the stack and its worker; `stop()` takes all of it down again.
 *
 * @example
 * const stack = await startInProcessStack({ simulator: { speed: 'instant' } });
 * try { await stack.temporal.client.workflow.execute(...); } finally { await stack.stop(); }
 */
export async function startInProcessStack(options: InProcessStackOptions = {}): Promise<InProcessStack> {
  const { simulator: simulatorOptions = {}, instruments = {} } = options;
  // The payload codec when workerEnv sets its keys: the stack's client, ingress and worker share it.
  const dataConverter = temporalDataConverter(parseEnv(z.object(codecEnv), options.workerEnv ?? {}, 'codec'));
  const temporal = await startInProcessTemporal({ address: options.temporalAddress, dataConverter });
  const taskQueue = uniqueTaskQueue('it');
  const secrets: string[] = [];
  const ingress = await buildIngress({
    temporal: temporal.client,
    taskQueue,
    numberKey: developmentNumberKeyer,
    secrets: () => secrets,
    ...(options.metrics ? { metricsRegistry: options.metrics.ingress } : {}),
  });
  instruments.ingress?.(ingress);
  const ingressUrl = `${await ingress.listen({ port: 0, host: '127.0.0.1' })}${WEBHOOK_PATH}`;
  // A random seed per stack: stacks share one Temporal server, and ids (calls, agents) key workflow ids.
  const simulator = await buildSimulator({
    speed: 'instant',
    seed: randomInt(1, 2 ** 31),
    rateLimits: false,
    ...simulatorOptions,
    webhookUrl: ingressUrl,
  });
  instruments.simulator?.(simulator.app);
  const simulatorUrl = await simulator.listen({ port: 0 });
  secrets.push(simulator.account.webhookSecret!);

  const config = loadConfig({
    RINGFLOW_TASK_QUEUE: taskQueue,
    AGENTPHONE_TIMEOUT_MS: '5000',
    // Tests and benchmarks call the same simulated venues many times a day, side by side, from the
    // simulator's one number: only the account cap (the simulator's own limit) applies unless asked.
    RINGFLOW_MAX_ATTEMPTS_PER_RECIPIENT_PER_DAY: '1000',
    RINGFLOW_MAX_LIVE_CALLS_PER_NUMBER: '1000',
    ...options.workerEnv,
  });
  const built = await buildActivityDeps(
    config,
    temporal.address,
    { apiKey: simulator.account.apiKey, baseUrl: simulatorUrl, defaultAgentId: simulator.account.agentId },
    silentLogger,
  );
  if (options.metrics) built.deps.metrics = createActivityMetrics(options.metrics.worker);

  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  const stack: InProcessStack = {
    temporal,
    taskQueue,
    simulator,
    simulatorUrl,
    ingressUrl,
    async control(path, body = {}) {
      const res = await fetch(`${simulatorUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return res.json();
    },
    async list<T>(path: string) {
      const res = await fetch(`${simulatorUrl}${path}`);
      return ((await res.json()) as { data: T[] }).data;
    },
    async startWorker() {
      worker = await Worker.create({
        connection: temporal.nativeConnection,
        taskQueue,
        workflowBundle: await sharedWorkflowBundle(),
        activities: createActivities(built.deps),
        ...(dataConverter ? { dataConverter } : {}),
      });
      running = worker.run();
    },
    async stopWorker() {
      worker?.shutdown();
      await running;
      worker = undefined;
    },
    async stop() {
      await stack.stopWorker();
      await built.close();
      await simulator.close();
      await ingress.close();
      await temporal.teardown();
    },
  };
  await stack.startWorker();
  return stack;
}
