/**
 * The last line of `npm run bench`: how long the whole run took and, for `--quick`, whether it met
 * the two-minute target CI's smoke run is held to. Pure, so the wording is unit-tested.
 */

/** What `--quick` must finish within (issue 12: "--quick finishes in under two minutes for CI"). */
export const QUICK_TARGET_SECONDS = 120;

/**
 * The run's last line: its total wall time, and for a `--quick` run of every benchmark whether it met
 * {@link QUICK_TARGET_SECONDS} (a partial run or `--tables-only` says what it was instead). The load
 * average goes with it, since a loaded machine stretches every figure.
 */
export function wallTimeVerdict(
  totalSeconds: number,
  run: { quick: boolean; tablesOnly: boolean; every: boolean },
  loadAverage1m: number,
): string {
  const took = `total wall time ${totalSeconds} s (load average ${loadAverage1m})`;
  if (run.tablesOnly) return `${took}; --tables-only ran no benchmark`;
  if (!run.quick) return took;
  if (!run.every) return `${took}; --only: the ${QUICK_TARGET_SECONDS} s target is for the whole --quick run`;
  return totalSeconds < QUICK_TARGET_SECONDS
    ? `${took}: met the --quick target of under ${QUICK_TARGET_SECONDS} s`
    : `${took}: MISSED the --quick target of under ${QUICK_TARGET_SECONDS} s`;
}
