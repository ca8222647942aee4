import { after, test } from 'node:test';
import { once } from 'node:events';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { parse as parseCsv } from 'csv-parse/sync';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkContacts } from '../../../client/campaign/contact-check';
import { readContactFile } from '../../../client/campaign/contacts';
import { ContactPageWriter } from '../../../client/campaign/store';
import { type campaignContactWorkflow, campaignWorkflow } from '../../../workflows';
import { DEFAULT_OUTCOMES } from '../../../workflows/campaign/input';
import { workflowIds } from '../../../workflows/messages';
import type { ContactResult } from '../../../workflows/campaign/types';
import type { CampaignResultRow } from '../../../client/campaign/result-rows';
import { readCampaignResults } from '../../../client/campaign/result-reader';
import { EVERY_DAY, middayZone } from '../../helpers/campaign';
import { runCli } from '../../helpers/processes';
import { startTestStack, type TestStack } from '../../helpers/stack';

const stacks: TestStack[] = [];
after(async () => {
  await Promise.all(stacks.map((s) => s.stop()));
});

/** Row r's callee by r % 5: yes, no, maybe, never answers, busy. */
const PERSONAS = [
  { persona: 'person', options: { answer: 'yes' } },
  { persona: 'person', options: { answer: 'no' } },
  { persona: 'person', options: { answer: 'maybe' } },
  { persona: 'no-answer' },
  { persona: 'busy' },
] as const;
const EMERGENCY = ['911', '988', '+12115550100'];

async function allRows(rows: AsyncIterable<CampaignResultRow>): Promise<CampaignResultRow[]> {
  const all: CampaignResultRow[] = [];
  for await (const row of rows) all.push(row);
  return all;
}

test('a 50-contact campaign ends with exact counts, one result per contact, and no emergency number dialled', async () => {
  const stack = await startTestStack();
  stacks.push(stack);
  const client = stack.temporal.client;
  const campaignId = `it-${Math.random().toString(36).slice(2)}`;
  // A zone where it is midday now, so the window is open whenever the test runs.
  const zone = middayZone(Date.now());
  const phones = Array.from({ length: 50 }, (_, i) => `+1415555${String(i + 1).padStart(4, '0')}`);
  for (const [i, phone] of phones.entries())
    await stack.control('/_sim/callees', { phoneNumber: phone, ...PERSONAS[(i + 1) % 5] });

  const dir = await mkdtemp(join(tmpdir(), 'campaign-it-'));
  const file = join(dir, 'contacts.csv');
  const rows = ['phone,name,timezone', ...EMERGENCY.map((p) => `${p},Emergency,${zone}`)];
  for (const [i, phone] of phones.entries()) rows.push(`${phone},"Person ${i + 1}, Jr.",${zone}`);
  await writeFile(file, rows.join('\r\n'));

  const deadlineMs = Date.now() + 86_400_000;
  const writer = new ContactPageWriter(client, stack.taskQueue, campaignId, deadlineMs + 3_600_000, 20);
  const report = await checkContacts(readContactFile(file), {
    requiredVariables: ['name'],
    onContact: (c) => writer.add(c),
  });
  assert.equal(report.callable, 50);
  assert.deepEqual(report.problemCounts, { not_dialable: 3 });
  const contacts = await writer.finish();
  assert.deepEqual(contacts, { contactCount: 50, pageSize: 20, pageCount: 3 });

  const handle = await client.workflow.start(campaignWorkflow, {
    taskQueue: stack.taskQueue,
    workflowId: workflowIds.campaign(campaignId),
    args: [
      {
        definition: {
          campaignId,
          prompt: 'Remind {{name}} of the appointment tomorrow at 10.',
          concurrency: 5,
          window: { start: '08:00', end: '21:00', days: EVERY_DAY },
          // One retry for busy, a second apart (real time here; spacing is tested on skipped time).
          retry: {
            no_answer: { maxAttempts: 1, spacingMs: 1_000 },
            busy: { maxAttempts: 2, spacingMs: 1_000 },
            voicemail: { maxAttempts: 1, spacingMs: 1_000 },
            failed: { maxAttempts: 1, spacingMs: 1_000 },
          },
          deadlineMs,
          outcomes: DEFAULT_OUTCOMES,
        },
        contacts,
        // Webhooks carry every result; a check only if one is lost.
        checks: { firstCheckMs: 60_000 },
      },
    ],
  });

  // During the run: every stored contact has a row, in file order, whatever state each is in by then
  // (how far the run has got is a matter of timing, so no state is asserted for any one row).
  const during = await allRows(readCampaignResults(client, campaignId));
  assert.deepEqual(
    during.map((r) => r.row),
    phones.map((_, i) => EMERGENCY.length + i + 1),
  );
  assert.ok(
    during.every((r) => r.state === 'pending' || r.state === 'in_progress' || r.attempts >= 1),
    'a final row has its calls',
  );
  const status = await handle.result();

  assert.deepEqual(
    [status.state, status.total, status.done, status.active, status.pending],
    ['completed', 50, 50, 0, 0],
  );
  assert.deepEqual(status.byState, { answered: 30, no_answer: 10, busy: 10 });
  assert.deepEqual(status.byAnswer, { confirmed: 10, declined: 10, unclear: 10 });
  assert.equal(status.attempts, 60);

  const calls = await stack.list<{ toNumber: string; request?: { variables?: Record<string, string> } }>(
    '/_sim/calls',
  );
  const ours = calls.filter((c) => phones.includes(c.toNumber));
  assert.equal(ours.length, 60, 'one call per contact, two for the busy ones');
  assert.equal(
    calls.filter((c) => EMERGENCY.some((e) => c.toNumber.endsWith(e.replace('+1', '')))).length,
    0,
  );
  assert.equal(ours.find((c) => c.toNumber === phones[0])?.request?.variables?.name, 'Person 1, Jr.');

  // Counters, not lists: the campaign's history grows by a bounded number of events per contact. The
  // bound is structural, not a typical count: a child's start (initiated, started), its result signal
  // and its completion, and under load each of those in a workflow task of its own (3 events each).
  const history = await client.workflow.getHandle(workflowIds.campaign(campaignId)).fetchHistory();
  const events = history.events?.length ?? 0;
  console.log(`campaign history: ${events} events, ${JSON.stringify(history).length} bytes for 50 contacts`);
  assert.ok(events <= 50 * 16, `${events} events for 50 contacts`);

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
  assert.equal(byRow.size, 50);
  assert.deepEqual(byRow.get(4 + 3)?.state, 'busy'); // row 7 is contact 4: busy
  assert.equal(byRow.get(4 + 3)?.attempts, 2);

  // After it: each row is its child's result, and the rows add up to the campaign's counts.
  const after = await allRows(readCampaignResults(client, campaignId));
  const tally: Record<string, number> = {};
  for (const r of after) {
    tally[r.state] = (tally[r.state] ?? 0) + 1;
    const result = byRow.get(r.row)!;
    assert.deepEqual(
      [r.state, r.answer, r.attempts, r.lastCallId],
      [result.state, result.answer ?? '', result.attempts, result.callIds.at(-1) ?? ''],
    );
  }
  assert.deepEqual(tally, status.byState);
});

test('ringflow campaign start stores the checked contacts, starts the campaign, and status reports it', async () => {
  const stack = await startTestStack();
  stacks.push(stack);
  const env = {
    ...process.env,
    TEMPORAL_ADDRESS: stack.temporal.address,
    RINGFLOW_TASK_QUEUE: stack.taskQueue,
  };
  const cli = async (...args: string[]) => {
    const run = runCli(args[0] === 'suppress' ? args : ['campaign', ...args], env);
    const code = run.child.exitCode ?? (await once(run.child, 'exit'))[0];
    return { code, output: run.output() };
  };
  const zone = middayZone(Date.now());
  const dir = await mkdtemp(join(tmpdir(), 'campaign-cli-it-'));
  const file = join(dir, 'contacts.csv');
  const phones = Array.from({ length: 5 }, (_, i) => `+1415556${String(i + 1).padStart(4, '0')}`);
  await writeFile(
    file,
    ['phone,name,timezone', '911,Nobody,', ...phones.map((p, i) => `${p},P${i},${zone}`)].join('\n'),
  );
  const prompt = join(dir, 'p.txt');
  await writeFile(prompt, 'Remind {{name}} of the appointment.');
  const id = `cli-${Math.random().toString(36).slice(2)}`;
  const start = ['start', '--file', file, '--prompt-file', prompt, '--id', id];
  const flags = ['--concurrency', '2', '--window', '08:00-21:00', '--days', 'sun-sat'];

  // The first contact is on the opt-out list: the report says so, and nobody calls them.
  const listed = await cli('suppress', 'add', phones[0]!, '--reason', 'asked on a previous campaign');
  assert.equal(listed.code, 0, listed.output);
  const dry = await cli(...start, ...flags, '--dry-run', '--json');
  assert.equal(dry.code, 0, dry.output);
  const dryReport = JSON.parse(dry.output) as { callable: number; problems: { reason: string }[] };
  assert.deepEqual(
    [dryReport.callable, dryReport.problems.map((p) => p.reason).sort()],
    [4, ['not_dialable', 'suppressed'].sort()],
  );

  const started = await cli(...start, ...flags, '--json');
  assert.equal(started.code, 0, started.output);
  const report = JSON.parse(started.output) as { workflowId: string; callable: number; problems: unknown[] };
  assert.deepEqual([report.workflowId, report.callable, report.problems.length], [`campaign:${id}`, 4, 2]);

  const status = await stack.temporal.client.workflow
    .getHandle<typeof campaignWorkflow>(report.workflowId)
    .result();
  assert.deepEqual([status.done, status.byAnswer], [4, { confirmed: 4 }]);
  const shown = await cli('status', id, '--json');
  assert.equal(shown.code, 0, shown.output);
  assert.equal((JSON.parse(shown.output) as { state: string }).state, 'completed');

  // Results: one row per stored contact (911 and the listed one were never stored), as the ledger says.
  const ledger = await stack.list<{ id: string; toNumber: string }>('/_sim/calls');
  const csv = await cli('results', id, '--format', 'csv');
  assert.equal(csv.code, 0, csv.output);
  const csvRows = parseCsv<Record<string, string>>(csv.output, { columns: true }).map(
    (r) => ({ ...r, row: Number(r.row), attempts: Number(r.attempts) }) as CampaignResultRow,
  );
  assert.deepEqual(
    csvRows.map(({ row, phone, state, answer, attempts, lastCallId }) => ({
      row,
      phone,
      state,
      answer,
      attempts,
      lastCallId,
    })),
    phones.slice(1).map((phone, i) => {
      const placed = ledger.filter((c) => c.toNumber === phone);
      assert.equal(placed.length, 1, `one call to contact ${i + 2}`);
      return {
        row: i + 3,
        phone,
        state: 'answered',
        answer: 'confirmed',
        attempts: 1,
        lastCallId: placed[0]!.id,
      };
    }),
  );
  assert.ok(
    csvRows.every((r) => r.evidence !== ''),
    'each answer carries its evidence',
  );
  const outFile = join(dir, 'results.json');
  const json = await cli('results', id, '--format', 'json', '--out', outFile);
  assert.equal(json.code, 0, json.output);
  assert.match(json.output, /4 rows written to /);
  assert.deepEqual(JSON.parse(await readFile(outFile, 'utf8')), csvRows);
  const unknown = await cli('results', `${id}-nope`);
  assert.equal(unknown.code, 2, 'an unknown id is bad input');
  assert.match(unknown.output, /No campaign ".*-nope"/);

  const again = await cli(...start, ...flags);
  assert.equal(again.code, 2, 'a used id is bad input');
  assert.match(again.output, /^ringflow campaign: --id: campaign ".*" already has stored contacts/m);
  assert.doesNotMatch(again.output, /\n\s+at /, 'a user error, not a stack trace');
  const calls = await stack.list<{ toNumber: string }>('/_sim/calls');
  assert.equal(calls.filter((c) => phones.includes(c.toNumber)).length, 4, 'the refused start called nobody');
  assert.equal(
    calls.filter((c) => c.toNumber === phones[0]).length,
    0,
    'the listed contact was never called',
  );
});
