/**
 * `npm run test:chaos [-- --size ci|full] [--only <scenario>[,<scenario>…]] [--seed N]`: runs the
 * fault-injection scenarios in order, each on a stack of real processes, and prints one line per
 * scenario and a final `N passed, N failed` line; exits 1 on any failure. The seed is printed first:
 * `--seed N` (with `--only`) replays the same kill moments, personas and faults.
 */
import { parseArgs } from 'node:util';
import { Random } from '../simulator/random';
import type { Scenario, ScenarioContext, SuiteSize } from './scenario';
import { apiFaults } from './scenarios/api-faults';
import { badInput } from './scenarios/bad-input';
import { hostileIntake } from './scenarios/hostile-intake';
import { outages } from './scenarios/outages';
import { secrets } from './scenarios/secrets';
import { webhookChaos } from './scenarios/webhook-chaos';
import { workerKills } from './scenarios/worker-kills';
import { workerLost } from './scenarios/worker-lost';
import { installStaleCallGuard } from './stale-call-guard';

/** In the order the issue lists them; the secrets scan goes last, over everything before it. */
export const SCENARIOS: Scenario[] = [
  workerKills,
  workerLost,
  outages,
  apiFaults,
  webhookChaos,
  hostileIntake,
  badInput,
  secrets,
];

const USAGE = 'Usage: npm run test:chaos -- [--size ci|full] [--only <name>[,<name>…]] [--seed <n>]';

function fail(message: string): never {
  process.stderr.write(`test:chaos: ${message}\n${USAGE}\n`);
  process.exit(2);
}

export async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        size: { type: 'string', default: 'full' },
        only: { type: 'string' },
        seed: { type: 'string' },
      },
      strict: true,
    }));
  } catch (err) {
    fail((err as Error).message);
  }
  if (values.size !== 'ci' && values.size !== 'full') fail(`--size must be ci or full, not "${values.size}"`);
  const size: SuiteSize = values.size;
  const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
  if (!Number.isInteger(seed)) fail(`--seed must be a whole number, not "${values.seed}"`);
  const names = values.only?.split(',').map((n) => n.trim());
  const unknown = names?.filter((n) => !SCENARIOS.some((s) => s.name === n));
  if (unknown?.length)
    fail(`--only: no scenario ${unknown.join(', ')} (there are: ${SCENARIOS.map((s) => s.name).join(', ')})`);
  const chosen = SCENARIOS.filter((s) => !names || names.includes(s.name));

  console.log(`chaos: size ${size}, seed ${seed} (replay: --seed ${seed})`);
  const finished: ScenarioContext['finished'] = [];
  let passed = 0;
  let failed = 0;
  const started = Date.now();
  for (const scenario of chosen) {
    const t0 = Date.now();
    const context: ScenarioContext = { size, seed, random: Random.derive(seed, scenario.name), finished };
    let line: string;
    try {
      const outcome = await scenario.run(context);
      const secs = ((Date.now() - t0) / 1000).toFixed(1);
      if (outcome.problems.length === 0) {
        passed += 1;
        line = `✔ ${scenario.name} — ${outcome.figures}, ${secs} s`;
      } else {
        failed += 1;
        line = `✖ ${scenario.name} — ${outcome.problems.length} problem(s), ${secs} s (${outcome.figures}):\n    ${outcome.problems.join('\n    ')}`;
      }
    } catch (err) {
      failed += 1;
      line = `✖ ${scenario.name} — crashed: ${(err as Error).stack ?? String(err)}`;
    }
    console.log(line);
  }
  console.log(
    `${passed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(0)} s, seed ${seed})`,
  );
  return failed === 0 ? 0 : 1;
}

installStaleCallGuard(process, (line) => console.error(line));
// Exit explicitly: gRPC channels of the scenarios' clients can keep the event loop alive after close.
process.exit(await main(process.argv.slice(2)));
