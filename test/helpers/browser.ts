/**
 * A real headless browser for page tests: Debian's Chromium (installed by `scripts/install-chromium`
 * when missing, so a fresh CI machine gets it), driven by playwright-core with a fresh profile and
 * the flags that keep it off the network, and a reader of what the campaign report page shows.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { PROJECT_ROOT } from '../../stack/temporal-server';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../../common/process/chromium';

export { CHROMIUM_PATH };

let installed: Promise<void> | undefined;

/** Runs scripts/install-chromium once per process (it does nothing when Chromium is there). */
export function ensureChromium(): Promise<void> {
  installed ??= promisify(execFile)(join(PROJECT_ROOT, 'scripts', 'install-chromium'), [], {
    timeout: 600_000,
  }).then(
    () => undefined,
    (err: Error & { stderr?: string }) => {
      throw new Error(`scripts/install-chromium failed: ${err.stderr ?? err.message}`);
    },
  );
  return installed;
}

/** One chart as the page drew it. */
export interface ChartReading {
  id: string;
  /** A Chart.js instance is attached to the canvas. */
  hasChart: boolean;
  /** Pixels of the canvas that are not fully transparent (0: nothing was drawn). */
  paintedPixels: number;
  labels: string[];
  values: number[];
}

/** What the report page shows: charts, the plain tables (key → number), and what went wrong. */
export interface ReportPageReading {
  charts: Record<string, ChartReading>;
  tables: Record<string, Record<string, number>>;
  consoleErrors: string[];
  /** Requests the page made for anything other than the file itself (there must be none). */
  requests: string[];
  text: string;
}

/**
 * Run in the page (a string, as the project compiles without the DOM's types): each canvas's painted
 * pixels and its Chart.js instance's labels and first dataset, and each table's `data-key` rows.
 */
const READ_PAGE = `(() => {
  const charts = {};
  for (const canvas of document.querySelectorAll('canvas')) {
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let painted = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted += 1;
    const chart = window.Chart ? window.Chart.getChart(canvas) : undefined;
    charts[canvas.id] = {
      id: canvas.id,
      hasChart: chart !== undefined,
      paintedPixels: painted,
      labels: chart ? chart.data.labels.map(String) : [],
      values: chart && chart.data.datasets[0] ? chart.data.datasets[0].data.map(Number) : [],
    };
  }
  const tables = {};
  for (const table of document.querySelectorAll('table[id]')) {
    const counts = {};
    for (const tr of table.querySelectorAll('tr[data-key]'))
      counts[tr.getAttribute('data-key')] = Number(tr.querySelector('td.n')?.textContent);
    tables[table.id] = counts;
  }
  return { charts, tables, text: document.body.innerText };
})()`;

/** Opens `file` in headless Chromium and reads it. */
export async function readReportPage(file: string): Promise<ReportPageReading> {
  await ensureChromium();
  const profile = await mkdtemp(join(tmpdir(), 'ringflow-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_FLAGS],
  });
  try {
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    const requests: string[] = [];
    const url = pathToFileURL(file).href;
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    page.on('request', (r) => {
      if (r.url() !== url) requests.push(r.url());
    });
    await page.goto(url, { waitUntil: 'load' });
    const read = await page.evaluate<Omit<ReportPageReading, 'consoleErrors' | 'requests'>>(READ_PAGE);
    return { ...read, consoleErrors, requests };
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}
