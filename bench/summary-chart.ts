/**
 * bench/results/summary.png: one horizontal bar per figure that has a baseline — ringflow ÷ baseline on
 * a log scale around 1× — drawn by Chart.js in headless Chromium (playwright-core, Debian's
 * /usr/bin/chromium) and saved as a screenshot of the canvas. Without Chromium the caller gets the
 * reason and writes the table alone.
 */
import { existsSync } from 'node:fs';
import { readChartJsBundle } from '../client/campaign/html-report';
import type { BenchRunOutcome } from './summary-table';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../common/process/chromium';

/** One bar: its label, the ratio, and its colour's meaning. */
export interface ChartBar {
  label: string;
  ratio: number;
  /** `met` / `missed` against the figure's goal, `none` without one. */
  goal: 'met' | 'missed' | 'none';
}

/** The bars of the chart: every figure with a positive ratio, in table order. */
export function summaryChartBars(outcomes: readonly BenchRunOutcome[]): ChartBar[] {
  return outcomes.flatMap((o) =>
    'summary' in o
      ? o.summary.figures
          .filter((f) => f.ratio !== undefined && f.ratio > 0)
          .map((f) => ({
            label: `${o.summary.benchmark}: ${f.metric}`,
            ratio: f.ratio!,
            goal:
              f.goalMet === undefined
                ? ('none' as const)
                : f.goalMet
                  ? ('met' as const)
                  : ('missed' as const),
          }))
      : [],
  );
}

const COLOURS = { met: '#2e7d32', missed: '#c62828', none: '#1565c0' };

/** The page: Chart.js inlined, the bars embedded as JSON with every `<` escaped. */
export function summaryChartHtml(bars: readonly ChartBar[], chartJs: string, title: string): string {
  const data = JSON.stringify({ bars, colours: COLOURS, title }).replaceAll('<', '\\u003c');
  const height = 140 + 34 * bars.length;
  return `<!doctype html><html><head><meta charset="utf-8">
<style>body{margin:0;background:#fff;font-family:sans-serif}</style>
<script>${chartJs.replaceAll('</script', '<\\/script')}</script></head>
<body><canvas id="summary" width="1100" height="${height}"></canvas>
<script>
var d = ${data};
new Chart(document.getElementById('summary'), {
  type: 'bar',
  data: { labels: d.bars.map(function (b) { return b.label + '  ' + b.ratio + '×'; }),
    // Floating bars from 1× to the ratio: left of the line ringflow's figure is the smaller one.
    datasets: [{ data: d.bars.map(function (b) { return [1, b.ratio]; }),
      backgroundColor: d.bars.map(function (b) { return d.colours[b.goal]; }) }] },
  options: { indexAxis: 'y', responsive: false, animation: false, devicePixelRatio: 1,
    plugins: { legend: { display: false }, title: { display: true, text: d.title, font: { size: 15 } },
      subtitle: { display: true, text: 'ringflow ÷ baseline, log scale; a bar runs from 1× (the same) to the ratio. Green: goal met, red: goal missed, blue: no goal.' } },
    scales: { x: { type: 'logarithmic', title: { display: true, text: 'ratio (×)' } } } }
});
window.chartDrawn = true;
</script></body></html>`;
}

/**
 * Draws the chart and writes `out` (PNG). Resolves with `undefined` when written, or the reason it was
 * skipped (no Chromium, nothing to draw); a Chromium that is there but fails is an error.
 */
export async function writeSummaryChart(
  outcomes: readonly BenchRunOutcome[],
  out: string,
  title: string,
): Promise<string | undefined> {
  const bars = summaryChartBars(outcomes);
  if (bars.length === 0) return 'no figure has a ratio to draw';
  if (!existsSync(CHROMIUM_PATH))
    return `Chromium is not installed at ${CHROMIUM_PATH} (run scripts/install-chromium)`;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_FLAGS],
  });
  try {
    const page = await browser.newPage();
    await page.setContent(summaryChartHtml(bars, await readChartJsBundle(), title), { waitUntil: 'load' });
    await page.waitForFunction('window.chartDrawn === true');
    await page.locator('#summary').screenshot({ path: out });
    return undefined;
  } finally {
    await browser.close();
  }
}
