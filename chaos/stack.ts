/**
 * The chaos stack: every part of ringflow as its own OS process, as production runs them — the Temporal
 * dev server on a SQLite file, one or more `ringflow worker` processes, `ringflow ingress` and
 * `ringflow simulator` (state in a data dir) — each of which a scenario can SIGKILL and start again.
 * The runner talks to them only over the network: a Temporal client, and the simulator's HTTP API.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { numberKeyer, type NumberKeyer } from '../common/process/number-key';
import { DEV_SERVER_ARGS, executableCandidates, PROJECT_ROOT } from '../stack/temporal-server';
import { restartablePorts } from '../common/process/free-port';
import { WEBHOOK_PATH } from '../client/ingress';
import type { AesGcmPayloadCodec } from '../common/process/codec/aes-gcm-codec';
import { ManagedProcess } from './processes';
import { newChaosCodec } from './codec';

/** A number-key secret of the chaos run's own (not the development key), shared by every process. */
export const CHAOS_NUMBER_KEY = 'chaos-suite-number-key-0123456789abcdef';

export interface ChaosStackOptions {
  /** Label of the scenario; names the state directory. */
  label: string;
  /** Simulator seed (ids, personas, seeded faults). */
  seed: number;
  /** Simulator speed: `instant` or a factor. */
  speed: string;
  workers?: number;
  /** Waits between the simulator's webhook attempts, in simulated ms. */
  webhookRetryDelaysMs?: number[];
  /** Extra variables for the worker processes. */
  workerEnv?: Record<string, string>;
  /**
   * The payload codec on, with a key of this stack's own, in every ringflow process (worker, ingress,
   * commands) and in the runner's client.
   */
  codec?: boolean;
}

/** What the simulator printed about its ready account. */
export interface ReadyAccount {
  baseUrl: string;
  accountId: string;
  apiKey: string;
  agentId: string;
  numberId: string;
  phoneNumber: string;
  webhookSecret: string;
}

export interface ChaosStack {
  dir: string;
  taskQueue: string;
  temporalAddress: string;
  account: ReadyAccount;
  client: Client;
  numberKey: NumberKeyer;
  /** The stack's payload codec and its key (base64), when it runs with the codec on. */
  codec: { codec: AesGcmPayloadCodec; key: string } | undefined;
  temporal: ManagedProcess;
  simulator: ManagedProcess;
  ingress: ManagedProcess;
  workers: ManagedProcess[];
  /** Variables a `ringflow` command needs to reach this stack (the bad-input corpus uses them). */
  commandEnv: NodeJS.ProcessEnv;
  /** Every log file the stack's processes wrote. */
  logFiles(): string[];
  /** Starts (or restarts) a stopped process and waits until it is ready again. */
  restart(process: ManagedProcess): Promise<void>;
  /** POSTs to the simulator's control API. */
  control<T = unknown>(path: string, body?: unknown): Promise<T>;
  /** GETs `data` of a simulator control list. */
  list<T = Record<string, unknown>>(path: string): Promise<T[]>;
  /** GETs a simulator control document. */
  get<T = unknown>(path: string): Promise<T>;
  stop(): Promise<void>;
}

function temporalBinary(): string {
  const found = executableCandidates('dev-server').find((c) => c.executable.type === 'existing-path');
  if (!found || found.executable.type !== 'existing-path')
    throw new Error('chaos: no Temporal CLI found; run scripts/install-temporal (or set TEMPORAL_CLI_PATH)');
  return found.executable.path;
}

const RINGFLOW = join(PROJECT_ROOT, 'bin', 'ringflow.mjs');

/** Connects to the dev server, retrying while it starts (or restarts). */
async function connectWhenUp(address: string, timeoutMs = 90_000): Promise<Connection> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 2_000 });
      await connection.workflowService.getSystemInfo({});
      return connection;
    } catch (err) {
      if (Date.now() > deadline)
        throw new Error(`chaos: Temporal at ${address} did not come up: ${String(err)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** Starts the whole stack; every process logs into `<dir>/logs/<name>.log`. */
export async function startChaosStack(options: ChaosStackOptions): Promise<ChaosStack> {
  const dir = mkdtempSync(join(tmpdir(), `ringflow-chaos-${options.label}-`));
  const logs = join(dir, 'logs');
  mkdirSync(logs);
  mkdirSync(join(dir, 'simulator'));
  // Ports the processes keep across restarts, so from below the ephemeral range (see restartablePorts).
  const [temporalPort, ingressPort, simulatorPort] = (await restartablePorts(3)) as [number, number, number];
  const temporalAddress = `127.0.0.1:${temporalPort}`;
  const taskQueue = `chaos-${options.label}`;
  const base: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LOG_LEVEL: 'info',
    RINGFLOW_NUMBER_KEY: CHAOS_NUMBER_KEY,
  };
  const logFile = (name: string) => join(logs, `${name}.log`);

  const temporal = new ManagedProcess({
    name: 'temporal',
    command: temporalBinary(),
    args: [
      'server',
      'start-dev',
      '--headless',
      '--ip',
      '127.0.0.1',
      '--port',
      String(temporalPort),
      '--db-filename',
      join(dir, 'temporal.db'),
      '--namespace',
      'default',
      '--log-format',
      'json',
      '--log-level',
      'warn',
      ...DEV_SERVER_ARGS, // the same server settings as every other stack ringflow starts
    ],
    env: base,
    cwd: dir,
    logFile: logFile('temporal'),
  });
  const webhookUrl = `http://127.0.0.1:${ingressPort}${WEBHOOK_PATH}`;
  const simulator = new ManagedProcess({
    name: 'simulator',
    command: process.execPath,
    args: [
      RINGFLOW,
      'simulator',
      '--port',
      String(simulatorPort),
      '--speed',
      options.speed,
      '--seed',
      String(options.seed),
      '--data-dir',
      join(dir, 'simulator'),
      '--webhook-url',
      webhookUrl,
      '--no-rate-limits',
      ...(options.webhookRetryDelaysMs
        ? ['--webhook-retry-delays', options.webhookRetryDelaysMs.join(',')]
        : []),
    ],
    env: base,
    cwd: PROJECT_ROOT,
    logFile: logFile('simulator'),
  });

  const codec = options.codec ? newChaosCodec() : undefined;
  temporal.start();
  const connection = await connectWhenUp(temporalAddress);
  const client = new Client({
    connection,
    namespace: 'default',
    ...(codec ? { dataConverter: { payloadCodecs: [codec.codec] } } : {}),
  });
  simulator.start();
  const line = await simulator.waitFor(/^(\{"baseUrl".*\})$/m);
  const account = JSON.parse(line[1]!) as ReadyAccount;

  const agentPhone = {
    AGENTPHONE_API_KEY: account.apiKey,
    AGENTPHONE_BASE_URL: account.baseUrl,
    AGENTPHONE_AGENT_ID: account.agentId,
  };
  const commandEnv: NodeJS.ProcessEnv = {
    ...base,
    TEMPORAL_ADDRESS: temporalAddress,
    RINGFLOW_TASK_QUEUE: taskQueue,
    ...agentPhone,
    ...(codec ? { RINGFLOW_CODEC_KEYS: codec.keys } : {}),
  };
  const ingress = new ManagedProcess({
    name: 'ingress',
    command: process.execPath,
    args: [RINGFLOW, 'ingress', '--port', String(ingressPort)],
    env: { ...commandEnv, AGENTPHONE_WEBHOOK_SECRETS: account.webhookSecret },
    cwd: PROJECT_ROOT,
    logFile: logFile('ingress'),
  });
  const workers = Array.from(
    { length: options.workers ?? 1 },
    (_, i) =>
      new ManagedProcess({
        name: `worker-${i + 1}`,
        command: process.execPath,
        args: [RINGFLOW, 'worker'],
        env: {
          ...commandEnv,
          AGENTPHONE_TIMEOUT_MS: '5000',
          // The simulator has one number and the suite calls the same venues many times: only the
          // account cap (the simulator's own 5 live calls) applies, as in the integration tests.
          RINGFLOW_MAX_ATTEMPTS_PER_RECIPIENT_PER_DAY: '1000',
          RINGFLOW_MAX_LIVE_CALLS_PER_NUMBER: '1000',
          RINGFLOW_SHUTDOWN_GRACE_MS: '2000',
          ...options.workerEnv,
        },
        cwd: PROJECT_ROOT,
        logFile: logFile(`worker-${i + 1}`),
      }),
  );

  const readiness = new Map<ManagedProcess, RegExp>([
    [ingress, /ringflow ingress: POST/],
    [simulator, /^\{"baseUrl"/m],
    ...workers.map((w) => [w, /"msg":"worker running"/] as [ManagedProcess, RegExp]),
  ]);
  const all = [temporal, simulator, ingress, ...workers];

  const simulatorFetch = async (path: string, init?: RequestInit): Promise<never> => {
    const res = await fetch(`${account.baseUrl}${path}`, init);
    if (!res.ok) throw new Error(`simulator ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as never;
  };

  const stack: ChaosStack = {
    dir,
    taskQueue,
    temporalAddress,
    account,
    client,
    numberKey: numberKeyer(CHAOS_NUMBER_KEY),
    codec: codec ? { codec: codec.codec, key: codec.key } : undefined,
    temporal,
    simulator,
    ingress,
    workers,
    commandEnv,
    logFiles: () => all.map((p) => p.spec.logFile),
    async restart(proc) {
      proc.start();
      if (proc === temporal) {
        (await connectWhenUp(temporalAddress)).close().catch(() => {});
        return;
      }
      await proc.waitFor(readiness.get(proc)!);
    },
    control: (path, body = {}) =>
      simulatorFetch(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    list: async (path) => ((await simulatorFetch(path)) as { data: never[] }).data,
    get: (path) => simulatorFetch(path),
    async stop() {
      for (const p of [...workers, ingress, simulator]) await p.kill('SIGTERM');
      await connection.close().catch(() => {});
      await temporal.kill('SIGTERM');
      await Promise.all(all.map((p) => p.closeLog()));
    },
  };
  ingress.start();
  for (const w of workers) w.start();
  await Promise.all([ingress, ...workers].map((p) => p.waitFor(readiness.get(p)!)));
  return stack;
}
