import { after, test } from 'node:test';
import { once } from 'node:events';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { parse as parseCsv } from 'csv-parse/sync';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { campaignWorkflow } from '../../../workflows';
import type { CampaignResultRow } from '../../../client/campaign/result-rows';
import { middayZone } from '../../helpers/campaign';
import { runCli } from '../../helpers/processes';
import { startTestStack, type TestStack } from '../../helpers/stack';

const stacks: TestStack[] = [];
after(async () => {
  await Promise.all(stacks.map((s) => s.stop()));
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
  // Watched from the start, as a pipe sees it: it ends by itself when the campaign does.
  const watch = cli('watch', id);

  const status = await stack.temporal.client.workflow
    .getHandle<typeof campaignWorkflow>(report.workflowId)
    .result();
  assert.deepEqual([status.done, status.byAnswer], [4, { confirmed: 4 }]);
  const shown = await cli('status', id, '--json');
  assert.equal(shown.code, 0, shown.output);
  assert.equal((JSON.parse(shown.output) as { state: string }).state, 'completed');
  const watched = await watch;
  assert.equal(watched.code, 0, watched.output);
  assert.match(
    watched.output.trimEnd().split('\n').at(-1)!,
    new RegExp(
      `^campaign ${id} completed: 4/4 done \\(100%\\), 0 in progress, 0 waiting; results: answered 4; answers: confirmed 4; 4 calls$`,
    ),
  );
  const watchUnknown = await cli('watch', `${id}-nope`);
  assert.equal(watchUnknown.code, 2, 'an unknown id is bad input');
  assert.match(watchUnknown.output, /Cannot read the campaign's status: no campaign ".*-nope"/);

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
  // The report page: the numbers it embeds are the rows'; no phone without --include-numbers.
  const page = join(dir, 'report.html');
  const made = await cli('report', id, '--out', page);
  assert.equal(made.code, 0, made.output);
  assert.match(made.output, /Report of 4 contacts \(4 with a final result, 4 calls\) written to /);
  const html = await readFile(page, 'utf8');
  const embedded = JSON.parse(
    html.match(/<script type="application\/json" id="report-data">(.*?)<\/script>/)![1]!,
  ) as { byState: Record<string, number>; byAnswer: Record<string, number>; calls: number };
  assert.deepEqual(
    [embedded.byState, embedded.byAnswer, embedded.calls],
    [{ answered: 4 }, { confirmed: 4 }, ledger.filter((c) => phones.includes(c.toNumber)).length],
  );
  assert.ok(!phones.some((p) => html.includes(p)), 'no phone number in the page');
  const withNumbers = await cli('report', id, '--out', page, '--include-numbers');
  assert.equal(withNumbers.code, 0, withNumbers.output);
  assert.ok((await readFile(page, 'utf8')).includes(phones[1]!), 'the numbers, when asked for');
  const unknown = await cli('results', `${id}-nope`);
  assert.equal(unknown.code, 2, 'an unknown id is bad input');
  assert.match(unknown.output, /No campaign ".*-nope"/);

  // The id is the intent, as a request id is for call and sms: a second start is answered with the
  // first campaign's status, and nothing new is stored or called.
  const again = await cli(...start, ...flags);
  assert.equal(again.code, 0, again.output);
  assert.match(again.output, /^campaign:.* was started before: nothing new was stored or called/m);
  assert.doesNotMatch(again.output, /\n\s+at /, 'no stack trace');
  const calls = await stack.list<{ toNumber: string }>('/_sim/calls');
  assert.equal(
    calls.filter((c) => phones.includes(c.toNumber)).length,
    4,
    'the repeated start called nobody',
  );
  assert.equal(
    calls.filter((c) => c.toNumber === phones[0]).length,
    0,
    'the listed contact was never called',
  );
});
