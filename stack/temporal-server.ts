/**
 * Finds or starts the Temporal server that everything else (npm start, the tests, the CLI) talks to.
 *
 * Order, first match wins:
 *   1. TEMPORAL_ADDRESS: an external server; connect to it and start nothing.
 *   2. TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH: explicit executables.
 *   3. The project-local binaries installed by scripts/install-temporal (.tools/venv/bin).
 *   4. `temporal` / `temporal-test-server` on PATH.
 *   5. The Temporal SDK's own download (needs internet; works on users' machines).
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment, type EphemeralServerExecutable } from '@temporalio/testing';
import { z } from 'zod';
import { checkTemporalEnv, parseEnv, temporalEnv } from '../common/process/config';

export const PROJECT_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

export type ServerKind = 'dev-server' | 'time-skipping';

/**
 * What finding a server reads: the shared Temporal variables (an external server at TEMPORAL_ADDRESS,
 * its Web UI at TEMPORAL_UI_URL) and the explicit executables to start one with.
 */
export const TemporalServerEnvSchema = z
  .object({
    ...temporalEnv,
    TEMPORAL_CLI_PATH: z.string().optional(),
    TEMPORAL_TEST_SERVER_PATH: z.string().optional(),
  })
  .superRefine(checkTemporalEnv);

function readServerEnv(env: NodeJS.ProcessEnv) {
  return parseEnv(TemporalServerEnvSchema, env, 'Temporal server');
}

export interface ExecutableCandidate {
  executable: EphemeralServerExecutable;
  /** Human-readable origin, e.g. "TEMPORAL_CLI_PATH=/opt/temporal". */
  source: string;
}

const KIND_FACTS = {
  'dev-server': { pathVar: 'TEMPORAL_CLI_PATH', binary: 'temporal' },
  'time-skipping': { pathVar: 'TEMPORAL_TEST_SERVER_PATH', binary: 'temporal-test-server' },
} as const;

export class TemporalServerUnavailableError extends Error {
  override readonly name = 'TemporalServerUnavailableError';
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findOnPath(binary: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, binary);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Lists, in order, the executables to try for a server kind (steps 2–5 of the module doc).
 * An explicitly configured path that does not exist is an error, not something to skip silently.
 */
export function executableCandidates(
  kind: ServerKind,
  env: NodeJS.ProcessEnv = process.env,
  root: string = PROJECT_ROOT,
): ExecutableCandidate[] {
  const { pathVar, binary } = KIND_FACTS[kind];
  const explicit = readServerEnv(env)[pathVar];
  if (explicit) {
    if (!isExecutable(explicit)) {
      throw new TemporalServerUnavailableError(
        `${pathVar}=${explicit} is not an executable file. Fix the path, or unset ${pathVar} to use the ` +
          `project's binaries (run scripts/install-temporal).`,
      );
    }
    return [{ executable: { type: 'existing-path', path: explicit }, source: `${pathVar}=${explicit}` }];
  }
  const candidates: ExecutableCandidate[] = [];
  const local = join(root, '.tools', 'venv', 'bin', binary);
  if (isExecutable(local))
    candidates.push({ executable: { type: 'existing-path', path: local }, source: local });
  const onPath = findOnPath(binary, env);
  if (onPath && onPath !== local) {
    candidates.push({
      executable: { type: 'existing-path', path: onPath },
      source: `${binary} on PATH (${onPath})`,
    });
  }
  candidates.push({ executable: { type: 'cached-download' }, source: 'the Temporal SDK download' });
  return candidates;
}

function unavailable(kind: ServerKind, failures: string[]): TemporalServerUnavailableError {
  const { pathVar } = KIND_FACTS[kind];
  return new TemporalServerUnavailableError(
    `Could not start a Temporal ${kind}. Tried:\n${failures.map((f) => `  - ${f}`).join('\n')}\n` +
      `Fix: run scripts/install-temporal (needs Python 3), or set ${pathVar} to a Temporal executable, ` +
      `or set TEMPORAL_ADDRESS to a running server (host:port).`,
  );
}

async function firstThatStarts<T>(
  kind: ServerKind,
  env: NodeJS.ProcessEnv,
  start: (candidate: ExecutableCandidate) => Promise<T>,
): Promise<{ value: T; source: string }> {
  const failures: string[] = [];
  for (const candidate of executableCandidates(kind, env)) {
    try {
      return { value: await start(candidate), source: candidate.source };
    } catch (err) {
      failures.push(`${candidate.source}: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  throw unavailable(kind, failures);
}

export interface DevServerOptions {
  env?: NodeJS.ProcessEnv;
  /** SQLite file for durable state; omit for an in-memory server (tests). */
  dbFilename?: string;
  /** `PRAGMA=VALUE` statements for that file (e.g. `journal_mode=wal`); SQLite's defaults when absent. */
  sqlitePragmas?: readonly string[];
  /** gRPC port; omit for a free port. */
  port?: number;
  /** Web UI port; omit for no UI. */
  uiPort?: number;
  namespace?: string;
  /** Port of the server's Prometheus metrics; omit for a free port nobody is told of. */
  metricsPort?: number;
}

/** A Temporal server this process can talk to, started here or found outside. */
export interface TemporalServer {
  address: string;
  namespace: string;
  /** Where it came from: "TEMPORAL_ADDRESS", a binary path, or "the Temporal SDK download". */
  source: string;
  /** True when the server was already running elsewhere and `stop()` leaves it alone. */
  external: boolean;
  uiUrl?: string;
  stop(): Promise<void>;
}

/**
 * Server settings every dev server ringflow starts runs with. Eager activity execution: when a workflow
 * task schedules activities and the worker that ran it has free slots, the server hands those activities
 * back in its answer to the task's completion instead of queueing them for a poll — one matching round
 * trip less per activity on the hot path (webhook → SMS). The SDK asks for it by default
 * (`allowEagerDispatch`, `maxEagerActivityReservationsPerWorkflowTask`); the server's flag is off by
 * default, so a self-hosted production server needs the same dynamic config value.
 */
export const DEV_SERVER_ARGS: readonly string[] = [
  '--dynamic-config-value',
  'system.enableActivityEagerExecution=true',
];

/**
 * Returns the external server named by TEMPORAL_ADDRESS, or starts a dev server
 * (`temporal server start-dev`) from the first executable that works.
 */
export async function startDevServer(options: DevServerOptions = {}): Promise<TemporalServer> {
  const env = options.env ?? process.env;
  const config = readServerEnv(env);
  const namespace = options.namespace ?? config.TEMPORAL_NAMESPACE;
  if (config.TEMPORAL_ADDRESS) {
    return {
      address: config.TEMPORAL_ADDRESS,
      namespace,
      source: 'TEMPORAL_ADDRESS',
      external: true,
      ...(config.TEMPORAL_UI_URL ? { uiUrl: config.TEMPORAL_UI_URL.replace(/\/+$/, '') } : {}),
      stop: async () => {},
    };
  }
  const started = await firstThatStarts('dev-server', env, (candidate) =>
    TestWorkflowEnvironment.createLocal({
      server: {
        executable: candidate.executable,
        namespace,
        ip: '127.0.0.1',
        ...(options.dbFilename ? { dbFilename: options.dbFilename } : {}),
        ...(options.port ? { port: options.port } : {}),
        ...(options.uiPort ? { ui: true, uiPort: options.uiPort } : {}),
        log: { format: 'json', level: 'warn' },
        extraArgs: [
          ...DEV_SERVER_ARGS,
          ...(options.sqlitePragmas ?? []).flatMap((pragma) => ['--sqlite-pragma', pragma]),
          ...(options.metricsPort ? ['--metrics-port', String(options.metricsPort)] : []),
        ],
      },
    }),
  );
  const testEnv = started.value;
  return {
    address: testEnv.address,
    namespace,
    source: started.source,
    external: false,
    ...(options.uiPort ? { uiUrl: `http://127.0.0.1:${options.uiPort}` } : {}),
    stop: () => testEnv.teardown(),
  };
}

/**
 * Starts a time-skipping test server (for unit tests of workflows with long timers) from the first
 * executable that works. TEMPORAL_ADDRESS does not apply: time skipping needs the test server.
 */
export async function createTimeSkippingEnv(
  env: NodeJS.ProcessEnv = process.env,
): Promise<TestWorkflowEnvironment> {
  const started = await firstThatStarts('time-skipping', env, (candidate) =>
    TestWorkflowEnvironment.createTimeSkipping({ server: { executable: candidate.executable } }),
  );
  return started.value;
}

export function projectPath(...parts: string[]): string {
  return join(PROJECT_ROOT, ...parts);
}
