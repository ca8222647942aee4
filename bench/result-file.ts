/**
 * The one shape every benchmark's summary takes, so `npm run bench` can put them side by side in one
 * markdown table and one chart: a benchmark writes its own detailed JSON as it likes, plus this summary.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { dirname } from 'node:path';

/** One measured figure of ringflow, with the baseline it is compared with in the same run. */
export interface BenchFigure {
  /** What was measured, e.g. "call end → SMS, p50". */
  metric: string;
  /** The unit of `ringflow` and `baseline`, e.g. "ms", "requests/call", "contacts/s". */
  unit: string;
  ringflow: number;
  /** The same figure for the baseline (a bare workflow round trip, a polling script…), when there is one. */
  baseline?: number;
  /** What the baseline is, e.g. "bare workflow round trip". */
  baselineName?: string;
  /** ringflow ÷ baseline, rounded to 2 decimals (absent without a baseline). */
  ratio?: number;
  /** The goal the ratio or figure is held to, in words, e.g. "≤ 3×". */
  goal?: string;
  /** Whether the goal was met (absent without a goal). */
  goalMet?: boolean;
}

/** `bench/results/<benchmark>.summary.json`. */
export interface BenchSummary {
  benchmark: string;
  title: string;
  quick: boolean;
  at: string;
  machine: { cpus: number; loadAverage1m: number };
  figures: BenchFigure[];
  /** Free-form notes for the table's reader (load, sizes, what was exact). */
  notes?: string[];
}

/** ringflow ÷ baseline to 2 decimals; undefined when there is no baseline or it is zero. */
export function benchRatio(ringflow: number, baseline: number | undefined): number | undefined {
  if (baseline === undefined || baseline === 0) return undefined;
  return Math.round((ringflow / baseline) * 100) / 100;
}

/** The p-th percentile (0–100) of `values` by nearest rank; NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** Writes `bench/results/<benchmark>.summary.json` (or `path`) and returns the path. */
export async function writeBenchSummary(
  summary: Omit<BenchSummary, 'at' | 'machine'>,
  path = `bench/results/${summary.benchmark}.summary.json`,
): Promise<string> {
  const full: BenchSummary = {
    ...summary,
    at: new Date().toISOString(),
    machine: { cpus: cpus().length, loadAverage1m: Math.round(loadavg()[0]! * 100) / 100 },
  };
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(full, null, 2)}\n`);
  return path;
}
