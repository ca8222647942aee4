/**
 * The page of `ringflow campaign report --out report.html`: ONE self-contained HTML file — Chart.js's
 * UMD bundle inlined, the numbers embedded as JSON (every `<` escaped, so no value can close the
 * script), a Content-Security-Policy that forbids any request — with the outcome breakdown by final
 * state and by answer, calls by hour of the recipient's day and calls per contact, each drawn as a
 * chart and also written as a plain table, so the numbers read without JavaScript.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { CampaignReportData } from './report-data';

/** Where the Chart.js UMD bundle is (beside the package's main file: its exports map hides `dist/`). */
export function chartJsBundlePath(): string {
  return join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js');
}

export function readChartJsBundle(): Promise<string> {
  return readFile(chartJsBundlePath(), 'utf8');
}

/** Text for HTML content and attribute values. */
function escapeHtml(text: string | number): string {
  return String(text)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** JSON that is safe inside a `<script>` element: `<` (and the JS line separators) as escapes. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll('<', '\\u003c')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
}

function label(key: string): string {
  return key.replaceAll('_', ' ');
}

/** Counts largest first, then by name: the order of the tables and of the bars. */
function ordered(counts: Record<string, number>): [string, number][] {
  return Object.entries(counts).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
}

function countTable(id: string, head: string, counts: Record<string, number>, empty: string): string {
  const rows = ordered(counts)
    .map(
      ([k, n]) =>
        `<tr data-key="${escapeHtml(k)}"><td>${escapeHtml(label(k))}</td><td class="n">${n}</td></tr>`,
    )
    .join('');
  return (
    `<table id="${id}"><thead><tr><th>${head}</th><th class="n">Contacts</th></tr></thead>` +
    `<tbody>${rows || `<tr><td colspan="2">${empty}</td></tr>`}</tbody></table>`
  );
}

function hourTable(byHour: number[]): string {
  const cells = byHour.map(
    (n, h) => `<tr data-key="${h}"><td>${String(h).padStart(2, '0')}:00</td><td class="n">${n}</td></tr>`,
  );
  return (
    // Laid out in six columns of hour/calls pairs, so a caption says what the cells are.
    '<table id="by-hour"><caption>Calls by local hour</caption>' + `<tbody>${cells.join('')}</tbody></table>`
  );
}

function attemptsTable(byAttempts: number[]): string {
  const cells = byAttempts.map((n, a) => `<tr data-key="${a}"><td>${a}</td><td class="n">${n}</td></tr>`);
  return (
    '<table id="by-attempts"><thead><tr><th>Calls</th><th class="n">Contacts</th></tr></thead>' +
    `<tbody>${cells.join('')}</tbody></table>`
  );
}

function contactsTable(data: CampaignReportData): string {
  if (!data.contactLines) return '';
  const rows = data.contactLines
    .map(
      (c) =>
        `<tr><td class="n">${c.row}</td><td>${escapeHtml(c.phone)}</td><td>${escapeHtml(label(c.state))}</td>` +
        `<td>${escapeHtml(c.answer)}</td><td class="n">${c.attempts}</td></tr>`,
    )
    .join('');
  return (
    '<section><h2>Contacts</h2><table id="contacts"><thead><tr><th class="n">Row</th><th>Phone</th>' +
    `<th>State</th><th>Answer</th><th class="n">Calls</th></tr></thead><tbody>${rows}</tbody></table></section>`
  );
}

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#1d2733}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.1rem;margin:1.8rem 0 .6rem}
.muted{color:#5b6875}.grid{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start}
figure{margin:0}table{border-collapse:collapse;margin:.4rem 0}caption{text-align:left;font-weight:600;padding:.2rem .7rem}
th,td{border-bottom:1px solid #dde3ea;padding:.2rem .7rem;text-align:left}.n{text-align:right}
#by-hour tbody{display:grid;grid-template-columns:repeat(6,auto)}#by-hour tr{display:contents}
`;

/** The renderer run in the page: one Chart.js chart per canvas, from the embedded numbers. */
const RENDER = `
(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var order = function (counts) {
    return Object.keys(counts).map(function (k) { return [k, counts[k]]; })
      .sort(function (a, b) { return b[1] - a[1] || a[0].localeCompare(b[0]); });
  };
  var label = function (k) { return k.split('_').join(' '); };
  var palette = ['#2f6fdb', '#e0803a', '#3a9b5c', '#c9443a', '#7d5ac7', '#8c6d31', '#d46fb4', '#6b7b8c', '#2bb3b8', '#b8b02b'];
  var common = { responsive: false, animation: false, plugins: { legend: { display: false } } };
  // One colour per category for the breakdowns; one colour for a distribution (hours, calls).
  function bars(id, title, pairs, horizontal, oneColour) {
    return new Chart(document.getElementById(id), {
      type: 'bar',
      data: {
        labels: pairs.map(function (p) { return p[0]; }),
        datasets: [{ label: title, data: pairs.map(function (p) { return p[1]; }),
          backgroundColor: oneColour ? palette[0] : pairs.map(function (_, i) { return palette[i % palette.length]; }) }],
      },
      options: Object.assign({}, common, {
        indexAxis: horizontal ? 'y' : 'x',
        plugins: { legend: { display: false }, title: { display: true, text: title } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { beginAtZero: true, ticks: { precision: 0 } } },
      }),
    });
  }
  window.ringflowReport = {
    data: data,
    charts: {
      states: bars('chart-states', 'Contacts by final state',
        order(data.byState).map(function (p) { return [label(p[0]), p[1]]; }), true),
      answers: bars('chart-answers', 'Answered contacts by answer',
        order(data.byAnswer).map(function (p) { return [label(p[0]), p[1]]; }), true),
      hours: bars('chart-hours', "Calls by hour of the recipient's day",
        data.callsByLocalHour.map(function (n, h) { return [(h < 10 ? '0' : '') + h + ':00', n]; }), false, true),
      attempts: bars('chart-attempts', 'Contacts by number of calls',
        data.contactsByAttempts.map(function (n, a) { return [String(a), n]; }), false, true),
    },
  };
})();
`;

/** The whole page. `chartJs` is the UMD bundle's source, inlined as is. */
export function renderCampaignReportHtml(data: CampaignReportData, chartJs: string): string {
  const running = data.state !== 'completed' && data.state !== 'cancelled';
  const id = escapeHtml(data.campaignId);
  const totals: [string, string, number][] = [
    ['contacts', 'Contacts', data.contacts],
    ['done', 'With a final result', data.done],
    ['calls', 'Calls made', data.calls],
  ];
  if (data.callsWithoutTime > 0)
    totals.push(['calls-without-time', 'Calls with no start time', data.callsWithoutTime]);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Campaign ${id} — ringflow report</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Campaign <code>${id}</code></h1>
<p id="summary" class="muted">${escapeHtml(label(data.state))}: ${data.done} of ${data.contacts} contacts have a final result, ${data.calls} calls made. Report made ${escapeHtml(data.generatedAt)}${running ? ' during the run: make it again for later numbers' : ''}.</p>
<section><h2>Totals</h2>
<table id="totals"><tbody>${totals.map(([k, name, n]) => `<tr data-key="${k}"><th>${name}</th><td class="n">${n}</td></tr>`).join('')}</tbody></table>
</section>
<section><h2>Outcomes</h2>
<div class="grid">
<figure><canvas id="chart-states" width="480" height="300"></canvas>${countTable('by-state', 'Final state', data.byState, 'no contacts')}</figure>
<figure><canvas id="chart-answers" width="480" height="300"></canvas>${countTable('by-answer', 'Answer', data.byAnswer, 'no answers yet')}</figure>
</div>
</section>
<section><h2>Calls by hour of the recipient's day</h2>
<p class="muted">Each call at the hour it started on the contact's clock (the zone of its timezone column, else of its area code).</p>
<canvas id="chart-hours" width="960" height="280"></canvas>
${hourTable(data.callsByLocalHour)}
</section>
<section><h2>Calls per contact</h2>
<canvas id="chart-attempts" width="480" height="280"></canvas>
${attemptsTable(data.contactsByAttempts)}
</section>
${contactsTable(data)}
<script type="application/json" id="report-data">${scriptSafeJson(data)}</script>
<script>${chartJs.replaceAll('</script', '<\\/script')}</script>
<script>${RENDER}</script>
</body>
</html>
`;
}
