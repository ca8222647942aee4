/**
 * The campaign end to end at 200 contacts (dev server + simulator + ingress + worker): exact counts,
 * one result per contact, nobody listed or undialable called, and watch, the results CSV and the HTML
 * report (in headless Chromium) agreeing with the simulator's ledger. Its own file so that it does not
 * share a file's time budget with the CLI tests; the commands themselves run there, on a small
 * campaign, while this one calls the same functions in-process to spare a busy machine three processes.
 */
import { after, test } from 'node:test';
import { createWriteStream } from 'node:fs';
import { PassThrough } from 'node:stream';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { parse as parseCsv } from 'csv-parse/sync';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkContacts } from '../../../client/campaign/contact-check';
import { readContactFile } from '../../../client/campaign/contacts';
import { ContactPageWriter } from '../../../client/campaign/store';
import { type campaignContactWorkflow, campaignWorkflow } from '../../../workflows';
import { getCampaignStatusQuery, workflowIds } from '../../../workflows/messages';
import type { ContactResult } from '../../../workflows/campaign/types';
import type { CampaignResultRow } from '../../../client/campaign/result-rows';
import { readCampaignResults } from '../../../client/campaign/result-reader';
import { ONE_ATTEMPT_EACH, realTimeCampaignDefinition } from '../../helpers/campaign';
import { watchCampaign } from '../../../client/campaign/watch';
import { writeCampaignReport } from '../../../client/campaign/report-file';
import { writeCampaignResults } from '../../../client/campaign/result-rows';
import { readReportPage } from '../../helpers/browser';
import { localHour } from '../../../client/campaign/report-data';
import { addOptOuts } from '../../../client/opt-out-list';
import { developmentNumberKeyer } from '../../../common/process/number-key';
import { startTestStack, type TestStack } from '../../helpers/stack';

const stacks: TestStack[] = [];
after(async () => {
  await Promise.all(stacks.map((s) => s.stop()));
});

/** Contact i's callee by i % 8, and what its result must be (one retry for busy). */
const PERSONAS = [
  {
    callee: { persona: 'person', options: { answer: 'yes' } },
    state: 'answered',
    answer: 'confirmed',
    calls: 1,
  },
  {
    callee: { persona: 'person', options: { answer: 'no' } },
    state: 'answered',
    answer: 'declined',
    calls: 1,
  },
  {
    callee: { persona: 'person', options: { answer: 'maybe' } },
    state: 'answered',
    answer: 'unclear',
    calls: 1,
  },
  { callee: { persona: 'no-answer' }, state: 'no_answer', answer: '', calls: 1 },
  { callee: { persona: 'busy' }, state: 'busy', answer: '', calls: 2 },
  { callee: { persona: 'voicemail' }, state: 'voicemail', answer: '', calls: 1 },
  {
    callee: { script: scripted('I need to reschedule, can we do another day?') },
    state: 'answered',
    answer: 'reschedule',
    calls: 1,
  },
  {
    callee: { script: scripted('Sorry, you have the wrong number.') },
    state: 'answered',
    answer: 'wrong_person',
    calls: 1,
  },
] as const;
const EMERGENCY = ['911', '988', '+12115550100'];
const CONTACTS = 200;
/** Contacts put on the opt-out list after the list was stored: placeCall refuses them at dial time. */
const LISTED_LATE = (i: number) => i % 20 === 7;

function scripted(answer: string) {
  return {
    turns: [
      { role: 'agent', content: 'Hi, a reminder of your appointment tomorrow at 10. Can you confirm?' },
      { role: 'user', content: answer },
      { role: 'agent', content: 'Thank you, goodbye.' },
    ],
    status: 'completed',
    disconnectionReason: 'agent_hangup',
    durationSeconds: 40,
  };
}

/** A fixed-offset zone where it is now between `hour`:00 and `hour + 2`:00 (whole-hour offsets). */
function zoneAtHour(nowMs: number, hour: number): string {
  const offset = hour + 1 - new Date(nowMs).getUTCHours();
  const wrapped = offset > 12 ? offset - 24 : offset < -11 ? offset + 24 : offset;
  return wrapped === 0 ? 'Etc/GMT' : `Etc/GMT${wrapped > 0 ? '-' : '+'}${Math.abs(wrapped)}`;
}

async function allRows(rows: AsyncIterable<CampaignResultRow>): Promise<CampaignResultRow[]> {
  const all: CampaignResultRow[] = [];
  for await (const row of rows) all.push(row);
  return all;
}

function tallyOf<T>(items: readonly T[], key: (item: T) => string | number | null): Record<string, number> {
  const tally: Record<string, number> = {};
  for (const item of items) {
    const k = key(item);
    if (k !== null && k !== '') tally[k] = (tally[k] ?? 0) + 1;
  }
  return tally;
}

test('a 200-contact campaign with mixed callees ends with exact counts and one result per contact; suppressed and emergency contacts are never called; watch, the results CSV and the HTML report in Chromium agree with the simulator ledger', async () => {
  const stack = await startTestStack();
  // Where the time goes, printed for whoever tunes this test.
  const began = Date.now();
  const phase = (name: string) => console.log(`${name}: ${((Date.now() - began) / 1000).toFixed(1)} s`);
  stacks.push(stack);
  const client = stack.temporal.client;
  const campaignId = `it-${Math.random().toString(36).slice(2)}`;
  const now = Date.now();
  // Four zones, in each of which the 08:00–21:00 window is open now: the hours chart has several bars.
  const zones = [9, 11, 13, 15].map((h) => zoneAtHour(now, h));
  const phones = Array.from({ length: CONTACTS }, (_, i) => `+1415555${String(i + 1).padStart(4, '0')}`);
  const zoneOf = (i: number) => zones[i % zones.length]!;
  await Promise.all(
    phones.map((phone, i) =>
      stack.control('/_sim/callees', { phoneNumber: phone, ...PERSONAS[i % 8]!.callee }),
    ),
  );
  const expected = phones.map((phone, i) =>
    LISTED_LATE(i)
      ? { phone, state: 'suppressed', answer: '', calls: 0 }
      : {
          phone,
          state: PERSONAS[i % 8]!.state,
          answer: PERSONAS[i % 8]!.answer,
          calls: PERSONAS[i % 8]!.calls,
        },
  );

  const dir = await mkdtemp(join(tmpdir(), 'campaign-it-'));
  const file = join(dir, 'contacts.csv');
  const rows = ['phone,name,timezone', ...EMERGENCY.map((p) => `${p},Emergency,${zones[0]}`)];
  for (const [i, phone] of phones.entries()) rows.push(`${phone},"Person ${i + 1}, Jr.",${zoneOf(i)}`);
  await writeFile(file, rows.join('\r\n'));

  const deadlineMs = now + 86_400_000;
  const writer = new ContactPageWriter(client, stack.taskQueue, campaignId, deadlineMs + 3_600_000, 50);
  const report = await checkContacts(readContactFile(file), {
    requiredVariables: ['name'],
    onContact: (c) => writer.add(c),
  });
  assert.equal(report.callable, CONTACTS);
  assert.deepEqual(report.problemCounts, { not_dialable: 3 });
  const contacts = await writer.finish();
  assert.deepEqual(contacts, { contactCount: CONTACTS, pageSize: 50, pageCount: 4 });
  // Listed after the check: only the dial-time check in placeCall can stop these calls.
  const late = phones.filter((_, i) => LISTED_LATE(i));
  await addOptOuts(
    { temporal: client, taskQueue: stack.taskQueue, numberKey: developmentNumberKeyer },
    late.map((number) => ({ number, channel: 'cli', reason: 'asked by email', source: 'test' })),
  );

  const handle = await client.workflow.start(campaignWorkflow, {
    taskQueue: stack.taskQueue,
    workflowId: workflowIds.campaign(campaignId),
    args: [
      {
        // One retry for busy, a second apart (real time here; spacing is tested on skipped time).
        definition: realTimeCampaignDefinition(campaignId, deadlineMs, {
          concurrency: 25,
          retry: { ...ONE_ATTEMPT_EACH, busy: { maxAttempts: 2, spacingMs: 1_000 } },
        }),
        contacts,
        // Webhooks carry every result; a check only if one is lost.
        checks: { firstCheckMs: 60_000 },
      },
    ],
  });
  // Watched as a pipe would see it, from now until it ends (in-process: the CLI's own watch is
  // checked on a small campaign in campaign.test.ts; this saves a process on a busy machine).
  const watchOutput = new PassThrough();
  let watchText = '';
  watchOutput.on('data', (d: Buffer) => (watchText += d.toString()));
  const watching = watchCampaign({
    readStatus: () => handle.query(getCampaignStatusQuery),
    out: watchOutput,
    err: watchOutput,
  });
  phase('stored and started');

  // During the run: every stored contact has a row, in file order, whatever state each is in by then
  // (how far the run has got is a matter of timing, so no state is asserted for any one row).
  const during = await allRows(readCampaignResults(client, campaignId));
  assert.deepEqual(
    during.map((r) => r.row),
    phones.map((_, i) => EMERGENCY.length + i + 1),
  );
  assert.ok(
    during.every(
      (r) =>
        r.state === 'pending' || r.state === 'in_progress' || r.state === 'suppressed' || r.attempts >= 1,
    ),
    'a final row has its calls',
  );
  const status = await handle.result();
  phase('campaign completed');

  const expectedStates = tallyOf(expected, (e) => e.state);
  const expectedAnswers = tallyOf(expected, (e) => e.answer);
  const expectedCalls = expected.reduce((n, e) => n + e.calls, 0);
  assert.deepEqual(
    [status.state, status.total, status.done, status.active, status.pending],
    ['completed', CONTACTS, CONTACTS, 0, 0],
  );
  assert.deepEqual(status.byState, expectedStates);
  // 25 contacts per callee; the ten listed late were five wrong numbers and five who never answer.
  assert.deepEqual(expectedStates, { answered: 120, no_answer: 20, busy: 25, voicemail: 25, suppressed: 10 });
  assert.deepEqual(status.byAnswer, expectedAnswers);
  assert.equal(status.attempts, expectedCalls);

  assert.equal(await watching, 0, watchText);
  phase('watch ended');
  const watchLines = watchText.trimEnd().split('\n');
  assert.ok(watchLines.length >= 2, `progress lines before the final one:\n${watchText}`);
  assert.match(
    watchLines.at(-1)!,
    new RegExp(
      `^campaign ${campaignId} completed: 200/200 done \\(100%\\), 0 in progress, 0 waiting; results: .*; ${expectedCalls} calls$`,
    ),
  );
  assert.ok(watchLines.at(-1)!.includes(`answered ${expectedStates.answered}, `), watchLines.at(-1));

  const ledger = await stack.list<{
    id: string;
    toNumber: string;
    startedAt: string | null;
    request?: { variables?: Record<string, string> };
  }>('/_sim/calls');
  const ours = ledger.filter((c) => phones.includes(c.toNumber));
  assert.equal(
    ours.length,
    expectedCalls,
    'one call per contact, two for the busy ones, none for the listed',
  );
  assert.equal(ours.filter((c) => late.includes(c.toNumber)).length, 0, 'no listed contact was called');
  assert.equal(
    ledger.filter((c) => EMERGENCY.some((e) => c.toNumber.endsWith(e.replace('+1', '')))).length,
    0,
  );
  assert.equal(ours.find((c) => c.toNumber === phones[0])?.request?.variables?.name, 'Person 1, Jr.');

  // Counters, not lists: the campaign's history grows by a few events per contact.
  const history = await client.workflow.getHandle(workflowIds.campaign(campaignId)).fetchHistory();
  const events = history.events?.length ?? 0;
  console.log(
    `campaign history: ${events} events, ${JSON.stringify(history).length} bytes for ${CONTACTS} contacts`,
  );
  assert.ok(events <= CONTACTS * 12, `${events} events for ${CONTACTS} contacts`);

  // One final result per contact, kept by its child.
  const results = await Promise.all(
    phones.map((_, i) =>
      client.workflow
        .getHandle<typeof campaignContactWorkflow>(
          workflowIds.campaignContact(campaignId, EMERGENCY.length + i + 1),
        )
        .result(),
    ),
  );
  const byRow = new Map<number, ContactResult>(results.map((r) => [r.row, r]));
  assert.equal(byRow.size, CONTACTS);

  // The results CSV, as `campaign results --format csv` writes it (the command itself is run in
  // campaign.test.ts): each row is its child's result and the ledger's calls.
  const csvFile = join(dir, 'results.csv');
  await writeCampaignResults(readCampaignResults(client, campaignId), 'csv', createWriteStream(csvFile));
  phase('results CSV written');
  const csvRows = parseCsv<Record<string, string>>(await readFile(csvFile, 'utf8'), { columns: true });
  assert.equal(csvRows.length, CONTACTS, 'one row per contact');
  for (const [i, r] of csvRows.entries()) {
    const calls = ours.filter((c) => c.toNumber === phones[i]);
    const result = byRow.get(Number(r.row))!;
    assert.deepEqual(
      [r.row, r.phone, r.state, r.answer, Number(r.attempts), r.lastCallId],
      [
        String(EMERGENCY.length + i + 1),
        phones[i],
        expected[i]!.state,
        expected[i]!.answer,
        calls.length,
        calls.at(-1)?.id ?? '',
      ],
      `row ${r.row}`,
    );
    assert.deepEqual([result.state, result.attempts], [r.state, Number(r.attempts)]);
  }
  const csvStates = tallyOf(csvRows, (r) => r.state!);
  assert.deepEqual(csvStates, status.byState);

  // The HTML report, opened in headless Chromium: its charts and tables say what the CSV and ledger say.
  const reportFile = join(dir, 'report.html');
  await writeCampaignReport(client, campaignId, reportFile, { includeNumbers: false });
  phase('report written');
  const page = await readReportPage(reportFile);
  phase('report read in Chromium');
  assert.deepEqual(page.consoleErrors, []);
  assert.deepEqual(page.requests, []);
  for (const chart of Object.values(page.charts))
    assert.ok(chart.hasChart && chart.paintedPixels > 1000, `${chart.id} rendered`);
  assert.deepEqual(page.tables['by-state'], csvStates);
  assert.deepEqual(
    page.tables['by-answer'],
    tallyOf(csvRows, (r) => r.answer!),
  );
  assert.deepEqual(page.tables.totals, { contacts: CONTACTS, done: CONTACTS, calls: ours.length });
  const states = page.charts['chart-states']!;
  assert.deepEqual(
    Object.fromEntries(states.labels.map((l, i) => [l.replaceAll(' ', '_'), states.values[i]])),
    csvStates,
  );
  const ledgerHours = Array.from({ length: 24 }, () => 0);
  for (const call of ours)
    ledgerHours[localHour(call.startedAt!, zoneOf(phones.indexOf(call.toNumber)))]! += 1;
  assert.deepEqual(Object.values(page.tables['by-hour']!), ledgerHours);
  assert.deepEqual(page.charts['chart-hours']!.values, ledgerHours);
  assert.ok(ledgerHours.filter((n) => n > 0).length >= 3, `calls in several local hours: ${ledgerHours}`);
  const callsPerContact = phones.map((p) => ours.filter((c) => c.toNumber === p).length);
  const attemptsHistogram = Array.from(
    { length: Math.max(...callsPerContact) + 1 },
    (_, n) => callsPerContact.filter((k) => k === n).length,
  );
  assert.deepEqual(page.charts['chart-attempts']!.values, attemptsHistogram);
  assert.deepEqual(Object.values(page.tables['by-attempts']!), attemptsHistogram);
  const html = await readFile(reportFile, 'utf8');
  assert.ok(!phones.some((p) => html.includes(p.slice(2))), 'no phone number in the page');
});
