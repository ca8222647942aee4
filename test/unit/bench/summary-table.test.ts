/**
 * `npm run bench`'s summary: the markdown table of every benchmark's figures (and a row for one that
 * wrote none), the page around it, and the bars of the chart.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import type { BenchSummary } from '../../../bench/result-file';
import { summaryChartBars, summaryChartHtml } from '../../../bench/summary-chart';
import {
  benchSummaryMarkdown,
  benchSummaryTable,
  formatBenchNumber,
  type BenchRunOutcome,
} from '../../../bench/summary-table';

const summary = (over: Partial<BenchSummary>): BenchSummary => ({
  benchmark: 'webhook-vs-polling',
  title: 'Webhook-driven vs polling',
  quick: true,
  at: '2026-12-01T14:00:00.000Z',
  machine: { cpus: 2, loadAverage1m: 1.5 },
  figures: [],
  ...over,
});

const polling: BenchRunOutcome = {
  benchmark: 'webhook-vs-polling',
  seconds: 41.2,
  summary: summary({
    figures: [
      {
        metric: 'AgentPhone requests per call',
        unit: 'requests/call',
        ringflow: 4,
        baseline: 23.6,
        baselineName: 'polling script (3 s)',
        ratio: 0.17,
      },
      { metric: 'call end → SMS, p50', unit: 'ms', ringflow: 523.4, baseline: 1014, ratio: 0.52 },
    ],
    notes: ['20 reservations | 20 at a time'],
  }),
};
const campaign: BenchRunOutcome = {
  benchmark: 'campaign-throughput',
  seconds: 30,
  summary: summary({
    benchmark: 'campaign-throughput',
    quick: false,
    figures: [
      {
        metric: 'contacts per second',
        unit: 'contacts/s',
        ringflow: 3.81,
        baseline: 266.67,
        ratio: 0.01,
        goal: 'ratio ≥ 0.5',
        goalMet: false,
      },
      { metric: 'worker peak RSS', unit: 'MiB', ringflow: 822, goal: '< 1024 MiB', goalMet: true },
    ],
  }),
};
const missing: BenchRunOutcome = {
  benchmark: 'hot-path',
  seconds: 8.5,
  missing: 'no summary written (exit 1)',
};

describe('formatBenchNumber', () => {
  test('keeps three significant digits below 100 and whole numbers with separators above', () => {
    assert.deepEqual([0.0143, 0.17, 3.81, 23.6, 99.94, 266.67, 4109, 12345.6].map(formatBenchNumber), [
      '0.0143',
      '0.17',
      '3.81',
      '23.6',
      '99.9',
      '267',
      '4,109',
      '12,346',
    ]);
    assert.equal(formatBenchNumber(Number.NaN), 'NaN');
  });
});

describe('benchSummaryTable', () => {
  test('one row per figure with baseline, ratio, goal and met; a row for a benchmark without a summary', () => {
    assert.equal(
      benchSummaryTable([polling, missing, campaign]),
      [
        '| benchmark | metric | ringflow | baseline | ratio | goal | met |',
        '| --- | --- | --- | --- | --- | --- | --- |',
        '| webhook-vs-polling (quick) | AgentPhone requests per call | 4 requests/call | 23.6 requests/call (polling script (3 s)) | 0.17× |  |  |',
        '| webhook-vs-polling (quick) | call end → SMS, p50 | 523 ms | 1,014 ms | 0.52× |  |  |',
        '| hot-path | no summary written (exit 1) | – | – | – | | |',
        '| campaign-throughput | contacts per second | 3.81 contacts/s | 267 contacts/s | 0.01× | ratio ≥ 0.5 | no |',
        '| campaign-throughput | worker peak RSS | 822 MiB | – | – | < 1024 MiB | yes |',
        '',
      ].join('\n'),
    );
  });

  test('escapes pipes and flattens line breaks, so no text breaks a row', () => {
    const odd: BenchRunOutcome = {
      benchmark: 'x',
      seconds: 1,
      summary: summary({
        benchmark: 'x',
        quick: false,
        figures: [{ metric: 'a | b\nc', unit: 's', ringflow: 1 }],
      }),
    };
    assert.match(benchSummaryTable([odd]), /\| x \| a \\\| b c \| 1 s \| – \| – \|/);
  });

  test('a summary without figures still shows a row', () => {
    const empty: BenchRunOutcome = {
      benchmark: 'e',
      seconds: 1,
      summary: summary({ benchmark: 'e', quick: false }),
    };
    assert.match(benchSummaryTable([empty]), /\| e \| \(no figures\) \|/);
  });
});

describe('benchSummaryMarkdown', () => {
  test('puts the table, the chart line and each benchmark’s notes and duration on the page', () => {
    const page = benchSummaryMarkdown([polling, missing], {
      at: '2026-12-01T14:30:00.000Z',
      quick: true,
      cpus: 2,
      loadAverage1m: 3.2,
      chart: '![ratios](summary.png)',
    });
    assert.match(page, /^# Benchmarks \(quick\)\n/);
    assert.match(page, /on 2 CPU\(s\), load average 3\.2 at the end/);
    assert.ok(page.includes(benchSummaryTable([polling, missing])));
    assert.match(page, /!\[ratios\]\(summary\.png\)/);
    assert.match(page, /- \*\*webhook-vs-polling\*\* \(41\.2 s\)\n {2}- 20 reservations \| 20 at a time/);
    assert.match(page, /- \*\*hot-path\*\* \(8\.5 s\): no summary written \(exit 1\)/);
    // --tables-only ran nothing: no duration to show.
    const again = benchSummaryMarkdown([{ benchmark: 'hot-path', missing: 'no summary written' }], {
      at: '2026-12-01T14:30:00.000Z',
      quick: false,
      cpus: 2,
      loadAverage1m: 1,
      chart: '',
    });
    assert.match(again, /^# Benchmarks\n/);
    assert.match(again, /\n- \*\*hot-path\*\*: no summary written\n/);
  });
});

describe('summary chart', () => {
  test('draws one bar per figure with a ratio, coloured by its goal', () => {
    assert.deepEqual(summaryChartBars([polling, missing, campaign]), [
      { label: 'webhook-vs-polling: AgentPhone requests per call', ratio: 0.17, goal: 'none' },
      { label: 'webhook-vs-polling: call end → SMS, p50', ratio: 0.52, goal: 'none' },
      { label: 'campaign-throughput: contacts per second', ratio: 0.01, goal: 'missed' },
    ]);
  });

  test('the page embeds the bars with every < escaped, so no label can close the script', () => {
    const html = summaryChartHtml([{ label: '</script><b>', ratio: 2, goal: 'met' }], '/* chart.js */', 't');
    assert.ok(!html.includes('</script><b>'));
    assert.ok(html.includes('\\u003c/script>\\u003cb>'));
    assert.match(html, /type: 'logarithmic'/);
  });
});
