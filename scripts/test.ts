/**
 * `npm test`: runs the whole suite with node's test runner against real Temporal servers.
 *
 * The harness starts one dev server for the run (or uses TEMPORAL_ADDRESS) and hands its address to
 * the integration tests through RINGFLOW_TEST_TEMPORAL_ADDRESS. Unit tests of workflows start a
 * time-skipping test server per test file (test/helpers/temporal.ts): time skipping is global to a
 * server, so files running in parallel must not share one.
 *
 * Usage: node --import tsx scripts/test.ts [unit|integration|replay|all] [file filters…]
 * (with no suite or filter, `chaos/run.ts --size ci --seed ${RINGFLOW_CHAOS_SEED:-1}` runs last;
 * RINGFLOW_TEST_CHAOS=off skips it)
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PROJECT_ROOT, startDevServer } from '../stack/temporal-server';
import { workflowBundleCacheFromEnv } from '../worker/workflow-bundle-cache';
import { ringflowWorkflowBundle } from '../worker/workflow-bundle';

const SUITES = ['unit', 'integration', 'replay'] as const;
type Suite = (typeof SUITES)[number];

function testFiles(suites: readonly Suite[], filters: string[]): string[] {
  return suites
    .flatMap((suite) =>
      (readdirSync(join(PROJECT_ROOT, 'test', suite), { recursive: true }) as string[])
        .filter((f) => f.endsWith('.test.ts'))
        .map((f) => join('test', suite, f)),
    )
    .filter((f) => filters.length === 0 || filters.some((filter) => f.includes(filter)))
    .sort();
}

async function main(): Promise<number> {
  const [first, ...rest] = process.argv.slice(2);
  const suites: readonly Suite[] =
    first && (SUITES as readonly string[]).includes(first) ? [first as Suite] : SUITES;
  const filters =
    first && !(SUITES as readonly string[]).includes(first) && first !== 'all' ? [first, ...rest] : rest;
  const files = testFiles(suites, filters);
  if (files.length === 0) {
    console.error(`test: no test files match ${JSON.stringify({ suites, filters })}`);
    return 1;
  }

  await warmWorkflowBundleCache(files);

  const needsServer = files.some((f) => f.startsWith(join('test', 'integration')));
  const server = needsServer ? await startDevServer({ namespace: 'default' }) : undefined;
  if (server) console.log(`test: Temporal at ${server.address} (${server.source})`);

  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      '--test-reporter=spec',
      // Two cores here; a third file in flight only adds contention to timing-sensitive tests.
      `--test-concurrency=${process.env.RINGFLOW_TEST_CONCURRENCY ?? '2'}`,
      '--test-timeout=180000',
      ...files.map((f) => relative(process.cwd(), join(PROJECT_ROOT, f))),
    ],
    {
      stdio: 'inherit',
      env: {
        ...process.env,
        ...(server ? { RINGFLOW_TEST_TEMPORAL_ADDRESS: server.address } : {}),
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
      },
    },
  );
  const code = await new Promise<number>((resolve) =>
    child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))),
  );
  await server?.stop();
  // The whole suite (no suite or filter named) ends with the chaos suite's bounded size: real process
  // stacks of its own, so it runs after the rest. RINGFLOW_TEST_CHAOS=off leaves it out.
  const whole = first === undefined || (first === 'all' && rest.length === 0);
  if (!whole || process.env.RINGFLOW_TEST_CHAOS === 'off') return code;
  const chaos = spawn(
    process.execPath,
    [
      ...['--import', 'tsx', join(PROJECT_ROOT, 'chaos', 'run.ts'), '--size', 'ci'],
      ...['--only', CHAOS_IN_TEST_RUN.join(',')],
      // A fixed seed unless asked: the test run stays repeatable; test:chaos alone draws a new one.
      ...['--seed', process.env.RINGFLOW_CHAOS_SEED ?? '1'],
    ],
    {
      stdio: 'inherit',
    },
  );
  const chaosCode = await new Promise<number>((resolve) =>
    chaos.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))),
  );
  return code || chaosCode;
}

/**
 * Builds the workflow bundle into its disk cache once, before test files run in parallel: each file is
 * a process of its own, and on a clean clone (or after a workflow edit) every one of them would
 * otherwise find no cached bundle and run webpack at the same time. A single file builds it itself
 * just as fast, so it is left to do so; with the cache off there is nothing to warm.
 */
async function warmWorkflowBundleCache(files: string[]): Promise<void> {
  const cache = workflowBundleCacheFromEnv(process.env);
  if (files.length < 2 || cache === 'off') return;
  await ringflowWorkflowBundle(cache, {
    info: (_fields, message) => console.log(`test: ${message}`),
    warn: (fields, message) => console.log(`test: ${message}`, fields),
  });
}

/** The chaos scenarios `npm test` runs: all of them, at the bounded size. */
const CHAOS_IN_TEST_RUN = [
  'worker-kills',
  'worker-lost',
  'outages',
  'api-faults',
  'webhook-chaos',
  'hostile-intake',
  'bad-input',
  'secrets',
];

process.exitCode = await main();
