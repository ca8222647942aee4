/**
 * The table `npm run bench` writes to bench/results/summary.md: every figure of every benchmark's
 * summary side by side (benchmark, metric, ringflow, baseline, ratio, goal, met), and a row saying so
 * for a benchmark that wrote no summary. Pure: the runner reads the files, this only formats.
 */
import type { BenchFigure, BenchSummary } from './result-file';

/** What one benchmark of a run left behind: its summary, or why there is none (`seconds`: how long it ran). */
export type BenchRunOutcome =
  | { benchmark: string; seconds?: number; summary: BenchSummary }
  | { benchmark: string; seconds?: number; missing: string };

/** A figure for a table cell: up to 3 significant digits below 100, whole numbers with separators above. */
export function formatBenchNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return String(Number(value.toPrecision(3)));
}

/** Table cells hold no pipes or line breaks. */
function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll(/\s*\n\s*/g, ' ');
}

function figureRow(benchmark: string, f: BenchFigure): string {
  const baseline =
    f.baseline === undefined
      ? '–'
      : `${formatBenchNumber(f.baseline)} ${f.unit}${f.baselineName ? ` (${f.baselineName})` : ''}`;
  const met = f.goalMet === undefined ? '' : f.goalMet ? 'yes' : 'no';
  return `| ${[
    benchmark,
    f.metric,
    `${formatBenchNumber(f.ringflow)} ${f.unit}`,
    baseline,
    f.ratio === undefined ? '–' : `${formatBenchNumber(f.ratio)}×`,
    f.goal ?? '',
    met,
  ]
    .map(cell)
    .join(' | ')} |`;
}

/** One markdown table over all outcomes, in run order. */
export function benchSummaryTable(outcomes: readonly BenchRunOutcome[]): string {
  const lines = [
    '| benchmark | metric | ringflow | baseline | ratio | goal | met |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const outcome of outcomes) {
    if ('missing' in outcome) {
      lines.push(`| ${cell(outcome.benchmark)} | ${cell(outcome.missing)} | – | – | – | | |`);
      continue;
    }
    const name = `${outcome.summary.benchmark}${outcome.summary.quick ? ' (quick)' : ''}`;
    if (outcome.summary.figures.length === 0) lines.push(`| ${cell(name)} | (no figures) | – | – | – | | |`);
    for (const figure of outcome.summary.figures) lines.push(figureRow(name, figure));
  }
  return `${lines.join('\n')}\n`;
}

/** The whole summary.md: a heading, the table, then each benchmark's notes and how long it ran. */
export function benchSummaryMarkdown(
  outcomes: readonly BenchRunOutcome[],
  run: { at: string; quick: boolean; cpus: number; loadAverage1m: number; chart: string },
): string {
  const notes = outcomes.flatMap((o) => [
    `- **${o.benchmark}**${o.seconds === undefined ? '' : ` (${formatBenchNumber(o.seconds)} s)`}${'missing' in o ? `: ${o.missing}` : ''}`,
    ...('summary' in o ? (o.summary.notes ?? []).map((n) => `  - ${n}`) : []),
  ]);
  return [
    `# Benchmarks${run.quick ? ' (quick)' : ''}`,
    '',
    `Run at ${run.at} on ${run.cpus} CPU(s), load average ${run.loadAverage1m} at the end. Ratio = ringflow ÷ baseline, measured in the same run.`,
    '',
    benchSummaryTable(outcomes),
    run.chart,
    '',
    ...notes,
    '',
  ].join('\n');
}
