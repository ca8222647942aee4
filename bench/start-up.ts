/**
 * Benchmark 5: start-up. `npm start` (`node bin/ringflow.mjs start`, everything installed, a fresh
 * state dir and free ports) to the demo's first result, against a bare `temporal server start-dev`
 * started from the same binary in the same run.
 *
 *   node --import tsx bench/start-up.ts [--runs 3 | --quick]     (`--quick`: one run of each)
 *
 * Reported (seconds after the spawn, median of the runs): the CLI loaded (its first line), Temporal ready (the dev server's banner,
 * `Temporal Server: …`, the same line for both), worker ready (the worker's `RUNNING` line in
 * `.ringflow/ringflow.log`), the self-check round trip, and the demo's first result (`Outcome after …`);
 * each as a ratio of the bare dev server's readiness. Each stack is stopped with Ctrl-C (SIGINT), must
 * exit 0 and leave none of its processes behind (exit 1 otherwise).
 *
 * Results: bench/results/start-up.json and bench/results/start-up.summary.json.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { executableCandidates, PROJECT_ROOT } from '../stack/temporal-server';
import { benchRatio, percentile, writeBenchSummary, type BenchFigure } from './result-file';
import { descendantsOf, spawnTimed, stillAlive, type TimedProcess } from './process-tree';
import { freePort } from '../common/process/free-port';
import { round2 } from './polling/measure';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '3' }, quick: { type: 'boolean', default: false } },
});
const runs = values.quick ? 1 : Number(values.runs);
if (!Number.isInteger(runs) || runs < 1)
  throw new Error(`--runs must be a whole number of at least 1 (got ${values.runs})`);

/** The banner `temporal server start-dev` prints once it serves. */
const TEMPORAL_BANNER = /^Temporal Server:\s/;

/** The environment of a user's shell, minus anything that would point the stack at another server or API. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  for (const name of ['TEMPORAL_ADDRESS', 'AGENTPHONE_API_KEY', 'RINGFLOW_TEST_TEMPORAL_ADDRESS'])
    delete env[name];
  return env;
}

/** Stops `process` with `signal`, then checks none of its processes (listed while it ran) is left. */
async function stopAndCheck(name: string, timed: TimedProcess, signal: NodeJS.Signals, problems: string[]) {
  const tree = descendantsOf(timed.child.pid!);
  const exit = await timed.stop(signal);
  if (exit !== 0) problems.push(`${name}: exit ${exit} after ${signal}`);
  const left = stillAlive([timed.child.pid!, ...tree]);
  if (left.length > 0) {
    problems.push(`${name}: ${left.length} process(es) left after ${signal}: ${left.join(', ')}; killed`);
    for (const pid of left) process.kill(pid, 'SIGKILL');
  }
  return { exit, processes: tree.length + 1 };
}

function temporalCli(): string {
  for (const candidate of executableCandidates('dev-server', cleanEnv({}))) {
    if (candidate.executable.type === 'existing-path') return candidate.executable.path;
  }
  throw new Error(
    'no temporal CLI installed: run scripts/install-temporal (the benchmark measures installed start-up)',
  );
}

async function bareDevServer(cli: string, problems: string[]) {
  const dir = await mkdtemp(join(tmpdir(), 'ringflow-bench-bare-'));
  try {
    const [port, uiPort] = [await freePort(), await freePort()];
    const timed = spawnTimed(
      cli,
      [
        'server',
        'start-dev',
        '--ip',
        '127.0.0.1',
        '--port',
        String(port),
        '--ui-port',
        String(uiPort),
      ].concat(['--db-filename', join(dir, 'temporal.db'), '--log-format', 'json', '--log-level', 'warn']),
      { cwd: PROJECT_ROOT, env: cleanEnv({}) },
    );
    try {
      const readyMs = await timed.lineAt(TEMPORAL_BANNER);
      return { readyMs, ...(await stopAndCheck('bare dev server', timed, 'SIGTERM', problems)) };
    } catch (err) {
      await timed.stop('SIGKILL');
      throw err;
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** ms after `epochAtSpawn` of the worker's first `RUNNING` line in the stack's JSON log. */
async function workerRunningMs(logFile: string, epochAtSpawn: number): Promise<number | undefined> {
  const text = await readFile(logFile, 'utf8').catch(() => '');
  for (const line of text.split('\n')) {
    if (!line.includes('Worker state changed')) continue;
    const entry = JSON.parse(line) as { time?: number; state?: string };
    if (entry.state === 'RUNNING' && entry.time) return entry.time - epochAtSpawn;
  }
  return undefined;
}

async function npmStart(problems: string[]) {
  const stateDir = await mkdtemp(join(tmpdir(), 'ringflow-bench-start-'));
  try {
    const env = cleanEnv({
      RINGFLOW_STATE_DIR: stateDir,
      RINGFLOW_TEMPORAL_PORT: String(await freePort()),
      RINGFLOW_TEMPORAL_UI_PORT: String(await freePort()),
      RINGFLOW_INGRESS_PORT: '0',
      RINGFLOW_SIMULATOR_PORT: '0',
      LOG_LEVEL: 'info',
    });
    const timed = spawnTimed(process.execPath, [join(PROJECT_ROOT, 'bin', 'ringflow.mjs'), 'start'], {
      cwd: PROJECT_ROOT,
      env,
    });
    try {
      // The CLI loaded (tsx compiles the sources on the fly) and began starting the dev server.
      const cliLoadedMs = await timed.lineAt(/^ringflow: starting Temporal/);
      const temporalReadyMs = await timed.lineAt(TEMPORAL_BANNER);
      const selfCheckMs = await timed.lineAt(/^Self-check: workflow .* completed/);
      const firstResultMs = await timed.lineAt(/^Outcome after \d+ s: booked/);
      const runningMs = await timed.lineAt(/^ringflow is running/);
      const workerReadyMs = await workerRunningMs(join(stateDir, 'ringflow.log'), timed.spawnedAt.epoch);
      if (workerReadyMs === undefined) problems.push('npm start: no worker RUNNING line in ringflow.log');
      const stopped = await stopAndCheck('npm start', timed, 'SIGINT', problems);
      if (!/ringflow: stopped\./.test(timed.output()))
        problems.push('npm start: no "ringflow: stopped." line');
      return {
        cliLoadedMs,
        temporalReadyMs,
        workerReadyMs: workerReadyMs ?? Number.NaN,
        selfCheckMs,
        firstResultMs,
        runningMs,
        ...stopped,
      };
    } catch (err) {
      for (const pid of stillAlive([timed.child.pid!, ...descendantsOf(timed.child.pid!)]))
        process.kill(pid, 'SIGKILL');
      throw err;
    }
  } finally {
    await rm(stateDir, { recursive: true, force: true });
  }
}

const cli = temporalCli();
const problems: string[] = [];
const bare: Awaited<ReturnType<typeof bareDevServer>>[] = [];
const stack: Awaited<ReturnType<typeof npmStart>>[] = [];
for (let i = 0; i < runs; i++) {
  // Alternating, so neither side always runs on a warmer page cache.
  bare.push(await bareDevServer(cli, problems));
  console.log(`run ${i + 1}/${runs}: bare dev server ready in ${(bare.at(-1)!.readyMs / 1000).toFixed(2)} s`);
  stack.push(await npmStart(problems));
  const s = stack.at(-1)!;
  console.log(
    `run ${i + 1}/${runs}: npm start — Temporal ${(s.temporalReadyMs / 1000).toFixed(2)} s, worker ` +
      `${(s.workerReadyMs / 1000).toFixed(2)} s, first result ${(s.firstResultMs / 1000).toFixed(2)} s`,
  );
}

const median = (xs: number[]) => round2(percentile(xs, 50) / 1000);
const bareReady = median(bare.map((b) => b.readyMs));
const figure = (metric: string, ms: number[]): BenchFigure => {
  const seconds = median(ms);
  const ratio = benchRatio(seconds, bareReady);
  return {
    metric,
    unit: 's',
    ringflow: seconds,
    baseline: bareReady,
    baselineName: 'bare temporal server start-dev ready',
    ...(ratio !== undefined ? { ratio } : {}),
  };
};
const figures: BenchFigure[] = [
  figure(
    'npm start → CLI loaded (starting Temporal)',
    stack.map((s) => s.cliLoadedMs),
  ),
  figure(
    'npm start → Temporal ready',
    stack.map((s) => s.temporalReadyMs),
  ),
  figure(
    'npm start → worker ready',
    stack.map((s) => s.workerReadyMs),
  ),
  figure(
    'npm start → self-check done',
    stack.map((s) => s.selfCheckMs),
  ),
  figure(
    'npm start → first demo result',
    stack.map((s) => s.firstResultMs),
  ),
];
await mkdir('bench/results', { recursive: true });
await writeFile(
  'bench/results/start-up.json',
  `${JSON.stringify({ bench: 'start-up', at: new Date().toISOString(), runs, temporalCli: cli, bare, npmStart: stack, problems }, null, 2)}\n`,
);
await writeBenchSummary({
  benchmark: 'start-up',
  title: 'Start-up (npm start)',
  quick: values.quick,
  figures,
  notes: [
    `median of ${runs} run(s); everything installed, a fresh state dir each run; the demo books at simulator speed 10×`,
    problems.length === 0
      ? 'every stack stopped cleanly (exit 0, no process left)'
      : `PROBLEMS: ${problems.join('; ')}`,
  ],
});
for (const f of figures)
  console.log(`${f.metric}: ${f.ringflow} s = ${f.ratio ?? '–'}× the bare dev server (${bareReady} s)`);
console.log('Results: bench/results/start-up.json, bench/results/start-up.summary.json');
if (problems.length > 0) {
  for (const p of problems) console.error(`problem: ${p}`);
  process.exitCode = 1;
}
