/**
 * `npm run bench [-- --quick] [--only a,b]`: runs the benchmarks one after another, each as its own
 * child process (`node --import tsx bench/<x>.ts …`; never two at once, they would share the CPUs
 * they measure), then puts every summary it produced into bench/results/summary.md (one markdown
 * table) and bench/results/summary.png (a chart of the ratios, drawn by Chart.js in headless
 * Chromium). A benchmark that fails or writes no summary is reported as such and the run carries on;
 * the runner then exits 1. Chromium missing only skips the PNG, with a warning.
 *
 * `--quick` (CI's smoke run, which must finish in under two minutes) picks small sizes: 20
 * reservations at simulator speed 20× (webhook-vs-polling), the hot path's quick modes, one start-up,
 * 50 campaign contacts. The last line gives the run's total wall time and, with `--quick`, whether it
 * met the two-minute target.
 * `--tables-only` runs nothing and writes the table and chart from the results already in
 * bench/results/ (with `--quick`: the campaign's quick-size result).
 */
import { spawn } from 'node:child_process';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { format } from 'prettier';
import { PROJECT_ROOT } from '../stack/temporal-server';
import { campaignThroughputSummary } from './campaign-summary';
import { writeBenchSummary, type BenchSummary } from './result-file';
import { writeSummaryChart } from './summary-chart';
import { benchSummaryMarkdown, type BenchRunOutcome } from './summary-table';
import { wallTimeVerdict } from './wall-time-verdict';

const RESULTS = join(PROJECT_ROOT, 'bench', 'results');

/** One benchmark of the run: its script, its arguments, and where its summary comes from. */
interface BenchPlan {
  name: string;
  script: string;
  args(quick: boolean): string[];
  /** Reads what the script wrote into a summary; default: `<name>.summary.json` as the script wrote it. */
  summarize?(quick: boolean, startedAt: Date): Promise<BenchSummary | string>;
}

/** The summary file a script wrote during this run, or why there is none. */
async function writtenSince(path: string, startedAt: Date): Promise<BenchSummary | string> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return 'no summary written';
  const summary = JSON.parse(text) as BenchSummary;
  return new Date(summary.at) >= startedAt ? summary : 'no summary written (only an older one)';
}

/**
 * Contacts of the campaign-throughput run, passed as `--contacts` either way: campaign-scale.ts's own
 * `--quick` means 1,000 contacts (a tenth of its 10,000 default), which is this runner's full size.
 * 50 contacts at concurrency 20 still fills the window twice over and takes ~10 s on a quiet machine.
 */
const campaignContacts = (quick: boolean) => (quick ? 50 : 1000);

const BENCHMARKS: readonly BenchPlan[] = [
  { name: 'webhook-vs-polling', script: 'bench/webhook-vs-polling.ts', args: (q) => (q ? ['--quick'] : []) },
  { name: 'hot-path', script: 'bench/reservation.ts', args: (q) => (q ? ['--quick'] : []) },
  { name: 'start-up', script: 'bench/start-up.ts', args: (q) => (q ? ['--quick'] : []) },
  {
    name: 'campaign-throughput',
    script: 'bench/campaign-scale.ts',
    args: (q) => ['--contacts', String(campaignContacts(q))],
    // campaign-scale.ts writes its own detailed JSON; the summary is made from it here.
    async summarize(quick, startedAt) {
      const path = join(RESULTS, `campaign-scale-${campaignContacts(quick)}.json`);
      const text = await readFile(path, 'utf8').catch(() => undefined);
      if (text === undefined) return `no result written (${path})`;
      const result = JSON.parse(text) as { at?: string };
      if (!result.at || new Date(result.at) < startedAt) return 'no result written (only an older one)';
      const file = await writeBenchSummary(
        campaignThroughputSummary(result, quick),
        join(RESULTS, 'campaign-throughput.summary.json'),
      );
      return JSON.parse(await readFile(file, 'utf8')) as BenchSummary;
    },
  },
];

/** Usage problems name the flag and the fix; nothing has run yet. */
function parseRunArgs(argv: string[]): { quick: boolean; tablesOnly: boolean; plans: BenchPlan[] } {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      'tables-only': { type: 'boolean', default: false },
    },
  });
  const tablesOnly = values['tables-only'];
  if (values.only === undefined) return { quick: values.quick, tablesOnly, plans: [...BENCHMARKS] };
  const names = values.only
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !BENCHMARKS.some((b) => b.name === n));
  if (names.length === 0 || unknown.length > 0)
    throw new Error(
      `--only: ${unknown.length ? `unknown benchmark(s) ${unknown.join(', ')}` : 'no benchmark named'}; ` +
        `choose from ${BENCHMARKS.map((b) => b.name).join(', ')} (comma-separated)`,
    );
  return { quick: values.quick, tablesOnly, plans: BENCHMARKS.filter((b) => names.includes(b.name)) };
}

/** Runs `node --import tsx <script> <args>` with the terminal's output; resolves with its exit. */
function runScript(script: string, args: string[]): Promise<number | string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: PROJECT_ROOT,
      stdio: 'inherit',
    });
    child.on('close', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
}

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseRunArgs>;
  try {
    parsed = parseRunArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`bench: ${(err as Error).message}`);
    return 2;
  }
  const { quick, tablesOnly, plans } = parsed;
  await mkdir(RESULTS, { recursive: true });
  const outcomes: BenchRunOutcome[] = [];
  const runStarted = performance.now();
  for (const plan of plans) {
    const args = plan.args(quick);
    console.log(`\n== ${plan.name}: node --import tsx ${plan.script} ${args.join(' ')}`.trimEnd());
    // Whole seconds: a result file stamped in the same second it started still counts as this run's.
    const startedAt = tablesOnly ? new Date(0) : new Date(Math.floor(Date.now() / 1000) * 1000);
    const t0 = performance.now();
    // --tables-only: the table and chart again from the results already there (after a merge, say).
    const exit = tablesOnly ? 0 : await runScript(plan.script, args);
    const seconds = Math.round((performance.now() - t0) / 100) / 10;
    let summary: BenchSummary | string;
    try {
      summary = plan.summarize
        ? await plan.summarize(quick, startedAt)
        : await writtenSince(join(RESULTS, `${plan.name}.summary.json`), startedAt);
    } catch (err) {
      summary = `unreadable result: ${(err as Error).message}`;
    }
    const ran = tablesOnly ? {} : { seconds };
    if (typeof summary === 'string') {
      outcomes.push({
        benchmark: plan.name,
        ...ran,
        missing: tablesOnly ? summary : `${summary} (exit ${exit})`,
      });
    } else {
      outcomes.push({ benchmark: plan.name, ...ran, summary });
      // Figures written, then a failed check (a count not exact, a process left behind): say so.
      if (exit !== 0)
        outcomes.push({ benchmark: plan.name, missing: `exit ${exit} after writing its summary` });
    }
    console.log(`== ${plan.name}: exit ${exit} after ${seconds} s`);
  }

  const chartPath = join(RESULTS, 'summary.png');
  const title = `ringflow benchmarks${quick ? ' (quick)' : ''}, ${new Date().toISOString().slice(0, 10)}`;
  let skipped: string | undefined;
  try {
    skipped = await writeSummaryChart(outcomes, chartPath, title);
  } catch (err) {
    skipped = `Chromium failed: ${(err as Error).message.split('\n')[0]}`;
  }
  const markdown = benchSummaryMarkdown(outcomes, {
    at: new Date().toISOString(),
    quick,
    cpus: cpus().length,
    loadAverage1m: Math.round(loadavg()[0]! * 100) / 100,
    chart: skipped ? `(chart skipped: ${skipped})` : '![ratios](summary.png)',
  });
  // Formatted as the repository's prettier check wants it, so a committed table passes `npm run check`.
  await writeFile(join(RESULTS, 'summary.md'), await format(markdown, { parser: 'markdown' }));
  console.log(`\n${markdown}`);
  if (skipped) console.warn(`bench: WARNING: the PNG chart was skipped: ${skipped}`);
  const totalSeconds = Math.round((performance.now() - runStarted) / 100) / 10;
  const failed = outcomes.filter((o) => 'missing' in o).map((o) => o.benchmark);
  console.log(
    `bench: ${plans.length} benchmark(s); wrote bench/results/summary.md` +
      (skipped ? '' : ' and bench/results/summary.png'),
  );
  const every = plans.length === BENCHMARKS.length;
  const load = Math.round(loadavg()[0]! * 100) / 100;
  // The last line CI's log shows: the whole run's wall time against the --quick target.
  console.log(`bench: ${wallTimeVerdict(totalSeconds, { quick, tablesOnly, every }, load)}`);
  if (failed.length > 0) {
    console.error(`bench: no usable summary from ${failed.join(', ')} (see above)`);
    return 1;
  }
  return 0;
}

process.exitCode = await main();
