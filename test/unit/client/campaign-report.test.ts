import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CampaignReportTally, localHour, type ReportContact } from '../../../client/campaign/report-data';
import {
  readChartJsBundle,
  renderCampaignReportHtml,
  scriptSafeJson,
} from '../../../client/campaign/html-report';
import type { CampaignResultRow, ContactProgress } from '../../../client/campaign/result-rows';
import { callStarts } from '../../../client/campaign/report-reader';
import { readReportPage } from '../../helpers/browser';

let dir = '';
let chartJs = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'campaign-report-'));
  chartJs = await readChartJsBundle();
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function contact(
  row: number,
  over: Partial<CampaignResultRow>,
  callStarts: (string | null)[],
  zone = 'America/New_York',
): ReportContact {
  return {
    row: {
      row,
      phone: `+1415555${String(row).padStart(4, '0')}`,
      state: 'answered',
      answer: 'confirmed',
      attempts: callStarts.length,
      lastCallId: `call_${row}`,
      evidence: 'yes, that works',
      ...over,
    },
    zone,
    callStarts,
  };
}

/** Six contacts: New York and Los Angeles, answered, busy twice, no answer, pending, suppressed. */
function sampleTally(includeNumbers: boolean) {
  const tally = new CampaignReportTally({ includeNumbers });
  // 15:10Z is 10:10 in New York (EST in January), 07:10 in Los Angeles.
  tally.add(contact(1, {}, ['2027-01-12T15:10:00Z']));
  tally.add(contact(2, { answer: 'declined' }, ['2027-01-12T15:40:00Z'], 'America/Los_Angeles'));
  tally.add(contact(3, { state: 'busy', answer: '' }, ['2027-01-12T14:00:00Z', '2027-01-12T16:00:00Z']));
  tally.add(contact(4, { state: 'no_answer', answer: '' }, [null]));
  tally.add(contact(5, { state: 'pending', answer: '', attempts: 0 }, []));
  tally.add(contact(6, { state: 'suppressed', answer: '', attempts: 0 }, []));
  return tally;
}

test("a call's hour is read on the recipient's clock, across daylight saving", () => {
  assert.equal(localHour('2027-01-12T15:10:00Z', 'America/New_York'), 10);
  assert.equal(localHour('2027-07-12T15:10:00Z', 'America/New_York'), 11);
  assert.equal(localHour('2027-01-12T15:10:00Z', 'Asia/Kolkata'), 20);
  assert.equal(localHour('2027-01-12T00:30:00Z', 'UTC'), 0);
});

test('the tally counts contacts by state and answer, calls by local hour and contacts by calls', () => {
  const data = sampleTally(false).data('spring', 'running', new Date('2027-01-12T17:00:00Z'));
  assert.deepEqual(
    { ...data, callsByLocalHour: undefined },
    {
      campaignId: 'spring',
      generatedAt: '2027-01-12T17:00:00.000Z',
      state: 'running',
      contacts: 6,
      done: 5,
      byState: { answered: 2, busy: 1, no_answer: 1, pending: 1, suppressed: 1 },
      byAnswer: { confirmed: 1, declined: 1 },
      calls: 5,
      callsByLocalHour: undefined,
      callsWithoutTime: 1,
      contactsByAttempts: [2, 3, 1],
    },
  );
  const byHour = Object.fromEntries(data.callsByLocalHour.flatMap((n, h) => (n ? [[h, n]] : [])));
  assert.deepEqual(byHour, { 7: 1, 9: 1, 10: 1, 11: 1 });
  assert.equal(data.contactLines, undefined, 'no numbers unless asked');
  const withNumbers = sampleTally(true).data('spring', 'running', new Date());
  assert.deepEqual(withNumbers.contactLines?.[0], {
    row: 1,
    phone: '+14155550001',
    state: 'answered',
    answer: 'confirmed',
    attempts: 1,
  });
});

test('embedded JSON cannot close its script element', () => {
  const json = scriptSafeJson({ answer: '</script><script>alert(1)</script>', sep: '\u2028' });
  assert.doesNotMatch(json, /</);
  assert.deepEqual(JSON.parse(json), { answer: '</script><script>alert(1)</script>', sep: '\u2028' });
});

test('the page is one file: Chart.js inlined, no external reference, no phone number unless asked', async () => {
  const data = sampleTally(false).data('spring', 'completed', new Date());
  const html = renderCampaignReportHtml(data, chartJs);
  assert.ok(html.includes(chartJs.slice(0, 200)), 'the UMD bundle is inlined');
  // The page around the bundle (whose licence comment names its site) refers to nothing outside.
  const page = html.replace(chartJs, '');
  assert.ok(!/<script[^>]+src=|<link[^>]+href=|https?:\/\//i.test(page), 'an external reference');
  assert.ok(!html.includes('+1415555'), 'a phone number in the page');
  assert.ok(!page.includes('during the run'));
  const withNumbers = renderCampaignReportHtml(
    sampleTally(true).data('spring', 'running', new Date()),
    chartJs,
  );
  assert.ok(withNumbers.includes('<td>+14155550001</td>'), 'the numbers, when asked for');
  assert.ok(withNumbers.replace(chartJs, '').includes('during the run'));
});

test('in headless Chromium every chart renders from the embedded numbers, which the tables repeat', async () => {
  const tally = sampleTally(false);
  // An answer label from the operator's schema that tries to break out of the page.
  tally.add(contact(7, { answer: '</script><b id="x">' }, ['2027-01-12T20:05:00Z']));
  const data = tally.data('spring <b>', 'running', new Date());
  const file = join(dir, 'report.html');
  await writeFile(file, renderCampaignReportHtml(data, chartJs));
  const page = await readReportPage(file);

  assert.deepEqual(page.consoleErrors, []);
  assert.deepEqual(page.requests, [], 'no request leaves the page');
  assert.deepEqual(Object.keys(page.charts).sort(), [
    'chart-answers',
    'chart-attempts',
    'chart-hours',
    'chart-states',
  ]);
  for (const chart of Object.values(page.charts)) {
    assert.ok(chart.hasChart, `${chart.id} has a Chart.js instance`);
    assert.ok(chart.paintedPixels > 1000, `${chart.id} drew on its canvas (${chart.paintedPixels} px)`);
  }
  const states = page.charts['chart-states']!;
  assert.deepEqual(Object.fromEntries(states.labels.map((l, i) => [l, states.values[i]])), {
    answered: 3,
    busy: 1,
    'no answer': 1,
    pending: 1,
    suppressed: 1,
  });
  const answers = page.charts['chart-answers']!;
  assert.deepEqual(Object.fromEntries(answers.labels.map((l, i) => [l, answers.values[i]])), {
    confirmed: 1,
    declined: 1,
    '</script><b id="x">': 1,
  });
  assert.deepEqual(page.charts['chart-hours']!.values, data.callsByLocalHour);
  assert.deepEqual(page.charts['chart-attempts']!.values, [2, 4, 1]);
  assert.deepEqual(page.tables['by-state'], data.byState);
  assert.deepEqual(page.tables['by-answer'], data.byAnswer);
  assert.deepEqual(page.tables.totals, { contacts: 7, done: 6, calls: 6, 'calls-without-time': 1 });
  assert.deepEqual(
    Object.values(page.tables['by-hour']!),
    data.callsByLocalHour,
    'the hour table lists all 24 hours',
  );
  assert.match(page.text, /Campaign spring <b>/, 'the id is shown as text, not markup');
  assert.ok((await readFile(file, 'utf8')).length > 200_000, 'the bundle travels inside the file');
});

test("a finished contact's call starts come from its own result, one per attempt; unknown ones count without a time", () => {
  const result = (attempts: number, callStartedAt?: (string | null)[]): ContactProgress => ({
    kind: 'final',
    result: {
      row: 1,
      state: 'answered',
      answer: 'confirmed',
      attempts,
      evidence: [],
      callIds: Array.from({ length: attempts }, (_, i) => `call_${i + 1}`),
      ...(callStartedAt ? { callStartedAt } : {}),
    },
  });
  assert.deepEqual(callStarts(result(2, ['2026-01-15T15:10:00Z', null])), ['2026-01-15T15:10:00Z', null]);
  // A result from before the starts were kept: its calls are counted, without an hour.
  assert.deepEqual(callStarts(result(2)), [null, null]);
  assert.deepEqual(callStarts(result(0, [])), []);
  assert.deepEqual(callStarts({ kind: 'in_progress' }), []);
  assert.deepEqual(callStarts({ kind: 'pending' }), []);
});
