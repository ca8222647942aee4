/**
 * Campaign schedules on the real dev server (the time-skipping test server does not run schedules):
 * `campaign start --every|--at` through the CLI's own code, then `campaign schedules …`. Every wait is
 * on the schedule's own record (recent actions, next fire times) or the fired workflows, never a sleep.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScheduleNotFoundError, type ScheduleDescription } from '@temporalio/client';
import { main } from '../../../client/commands/campaign';
import { readCampaignResults } from '../../../client/campaign/result-reader';
import type { CampaignScheduleView } from '../../../client/campaign/schedule';
import type { scheduledCampaignWorkflow, campaignContactWorkflow } from '../../../workflows';
import { getContactPageQuery, workflowIds } from '../../../workflows/messages';
import { checkContacts } from '../../../client/campaign/contact-check';
import { readContactFile } from '../../../client/campaign/contacts';
import { createCampaignSchedule } from '../../../client/campaign/schedule';
import { schedulePlanFromFlags } from '../../../client/campaign/schedule-flags';
import { ContactPageWriter } from '../../../client/campaign/store';
import { DEFAULT_OUTCOMES, DEFAULT_RETRY } from '../../../workflows/campaign/input';
import { EVERY_DAY, middayZone } from '../../helpers/campaign';
import { eventually, startTestStack, type TestStack } from '../../helpers/stack';

let stack: TestStack;
before(async () => {
  stack = await startTestStack();
  // The command's own client reads these, as it does in an operator's shell.
  process.env.TEMPORAL_ADDRESS = stack.temporal.address;
  process.env.RINGFLOW_TASK_QUEUE = stack.taskQueue;
});
after(async () => {
  await stack?.stop();
});

/** Runs `ringflow campaign …` in this process; what it printed, parsed when it is JSON. */
async function campaign<T = unknown>(argv: string[], options: Parameters<typeof main>[1] = {}): Promise<T> {
  const lines: string[] = [];
  const log = console.log;
  const write = process.stdout.write.bind(process.stdout);
  console.log = (...args: unknown[]) => void lines.push(args.join(' '));
  process.stdout.write = (chunk: string) => (lines.push(String(chunk)), true);
  try {
    const code = await main(argv, options);
    assert.ok(code === undefined || code === 0, `exit ${code}: ${lines.join('\n')}`);
  } finally {
    console.log = log;
    process.stdout.write = write;
  }
  const out = lines.join('\n');
  return (argv.includes('--json') ? JSON.parse(out) : out) as T;
}

/** A contact file of `phones` who all say yes, in a zone where the window is open now. */
async function contactFiles(phones: string[]): Promise<string[]> {
  const zone = middayZone(Date.now());
  for (const phone of phones)
    await stack.control('/_sim/callees', {
      phoneNumber: phone,
      persona: 'person',
      options: { answer: 'yes' },
    });
  const dir = await mkdtemp(join(tmpdir(), 'campaign-schedule-it-'));
  const file = join(dir, 'contacts.csv');
  await writeFile(file, ['phone,name,timezone', ...phones.map((p, i) => `${p},P${i},${zone}`)].join('\n'));
  const prompt = join(dir, 'p.txt');
  await writeFile(prompt, 'Remind {{name}} of the appointment.');
  return ['start', '--file', file, '--prompt-file', prompt, '--window', '08:00-21:00', '--days', 'sun-sat'];
}

const describeSchedule = (name: string) =>
  stack.temporal.client.schedule.getHandle(workflowIds.campaignSchedule(name)).describe();

async function callsTo(phones: string[]): Promise<Map<string, number>> {
  const calls = await stack.list<{ toNumber: string }>('/_sim/calls');
  const counts = new Map(phones.map((p) => [p, 0]));
  for (const c of calls) if (counts.has(c.toNumber)) counts.set(c.toNumber, counts.get(c.toNumber)! + 1);
  return counts;
}

/** The fired runs' results, once every run the schedule has taken has ended. */
async function firedRuns(description: ScheduleDescription) {
  return Promise.all(
    description.info.recentActions.map(async (a) => {
      const handle = stack.temporal.client.workflow.getHandle<typeof scheduledCampaignWorkflow>(
        a.action.workflow.workflowId,
      );
      return { ...(await handle.result()), startedAt: (await handle.describe()).startTime.getTime() };
    }),
  );
}

const runOptions = { minEveryMs: 1_000, scheduledRunExtras: { checks: { firstCheckMs: 60_000 } } };

test('a recurring schedule fires twice: two campaigns with their own ids, each calling every contact once; pause stops it, delete removes it', async () => {
  const phones = ['+14155570001', '+14155570002', '+14155570003'];
  const name = `every-${Math.random().toString(36).slice(2, 8)}`;
  const start = await contactFiles(phones);
  const started = await campaign<{ scheduleId: string; callable: number; schedule: { kind: string } }>(
    [...start, '--id', name, '--every', '4s', '--deadline', '10m', '--concurrency', '3', '--json'],
    runOptions,
  );
  assert.deepEqual(
    [started.scheduleId, started.callable, started.schedule.kind],
    [`campaign-schedule:${name}`, 3, 'every'],
  );

  // The first run starts at once, the next one interval later (the schedule's record says when).
  const fired = await eventually(
    async () => {
      const d = await describeSchedule(name);
      return d.info.recentActions.length >= 2 ? d : undefined;
    },
    60_000,
    'two runs fired',
  );
  await campaign(['schedules', 'pause', name, '--note', 'enough for the test']);
  const paused = await describeSchedule(name);
  assert.equal(paused.state.paused, true);
  assert.equal(paused.state.note, 'enough for the test');

  const runs = await firedRuns(paused);
  assert.ok(runs.length >= 2, `${runs.length} runs`);
  assert.equal(new Set(runs.map((r) => r.campaignId)).size, runs.length, 'each run its own campaign id');
  for (const run of runs) {
    assert.match(run.campaignId, new RegExp(`^${name}-\\d{8}T\\d{6}Z$`));
    assert.deepEqual(
      [run.status.state, run.status.done, run.status.byAnswer],
      ['completed', 3, { confirmed: 3 }],
    );
    // `--deadline 10m`: ten minutes after this run started, not after the schedule was made.
    const afterStart = run.status.deadlineMs - run.startedAt;
    assert.ok(
      afterStart >= 600_000 && afterStart < 605_000,
      `deadline ${afterStart} ms after the run started`,
    );
    for (const row of [1, 2, 3]) {
      const child = await stack.temporal.client.workflow
        .getHandle<typeof campaignContactWorkflow>(workflowIds.campaignContact(run.campaignId, row))
        .result();
      assert.deepEqual([child.state, child.attempts], ['answered', 1]);
    }
  }
  // Each run called every contact exactly once: the ledger has each number once per run.
  assert.deepEqual(
    [...(await callsTo(phones)).values()],
    phones.map(() => runs.length),
  );
  assert.ok(fired.info.recentActions.length <= runs.length);

  // A fired run is a campaign like any other: status and results by its id.
  const first = runs[0]!.campaignId;
  const status = await campaign<{ state: string; done: number }>(['status', first, '--json']);
  assert.deepEqual([status.state, status.done], ['completed', 3]);
  const rows = [];
  for await (const row of readCampaignResults(stack.temporal.client, first)) rows.push(row);
  assert.deepEqual(
    rows.map((r) => [r.phone, r.state, r.answer]),
    phones.map((p) => [p, 'answered', 'confirmed']),
  );

  // Paused: no firing at the times it would have fired (two intervals past the last one).
  const lastTaken = Math.max(...paused.info.recentActions.map((a) => a.takenAt.getTime()));
  await eventually(
    async () => {
      const d = await describeSchedule(name);
      assert.equal(d.info.numActionsTaken, paused.info.numActionsTaken, 'a paused schedule fired');
      return Date.now() > lastTaken + 2 * 4_000 + 1_000 ? true : undefined;
    },
    30_000,
    'two intervals to pass while paused',
  );

  // The list shows it, paused, with its runs' campaign ids (listing is eventually consistent).
  const listed = await eventually(
    async () => {
      const all = await campaign<CampaignScheduleView[]>(['schedules', 'list', '--json']);
      return all.find((s) => s.name === name && s.paused);
    },
    30_000,
    'the schedule listed',
  );
  assert.deepEqual(
    listed.recentRuns.map((r) => r.campaignId),
    runs.map((r) => r.campaignId),
  );

  // Trigger: one run now, even while paused, over the same pages.
  const triggered = await campaign<CampaignScheduleView>(['schedules', 'trigger', name, '--json']);
  assert.equal(triggered.paused, true);
  const withTriggered = await eventually(
    async () => {
      const d = await describeSchedule(name);
      return d.info.recentActions.length > runs.length ? d : undefined;
    },
    30_000,
    'the triggered run',
  );
  const all = await firedRuns(withTriggered);
  assert.equal(all.length, runs.length + 1);
  assert.deepEqual([all.at(-1)!.status.done, all.at(-1)!.status.byAnswer], [3, { confirmed: 3 }]);
  runs.push(all.at(-1)!);

  // Delete: the schedule is gone, the contacts stay readable for the runs' results.
  await campaign(['schedules', 'delete', name]);
  await assert.rejects(describeSchedule(name), ScheduleNotFoundError);
  const page = await stack.temporal.client.workflow
    .getHandle(workflowIds.campaignContactPage(workflowIds.campaignScheduleStore(name), 0))
    .query(getContactPageQuery);
  assert.equal(page.length, 3);
  assert.deepEqual(
    [...(await callsTo(phones)).values()],
    phones.map(() => runs.length),
  );
});

test('--at fires once, at that time, and a number put on the opt-out list after scheduling is not called', async () => {
  const phones = ['+14155570011', '+14155570012', '+14155570013'];
  const name = `at-${Math.random().toString(36).slice(2, 8)}`;
  const start = await contactFiles(phones);
  const at = new Date(Math.ceil((Date.now() + 4_000) / 1000) * 1000);
  const started = await campaign<{ schedule: { nextFireTimes: string[]; deadline: unknown } }>(
    [...start, '--id', name, '--at', at.toISOString(), '--deadline', '1h', '--json'],
    runOptions,
  );
  assert.deepEqual(started.schedule.nextFireTimes, [at.toISOString()]);
  // The pages were stored with every number; the dial-time check still stops this one.
  const { main: suppress } = await import('../../../client/commands/suppress');
  const listed = await suppress(['add', phones[2]!, '--reason', 'asked after the schedule was made']);
  assert.ok(listed === undefined || listed === 0);

  const done = await eventually(
    async () => {
      const d = await describeSchedule(name);
      return d.info.recentActions.length >= 1 ? d : undefined;
    },
    60_000,
    'the one run fired',
  );
  const [run, ...more] = await firedRuns(done);
  assert.equal(more.length, 0);
  assert.ok(run!.startedAt >= at.getTime() - 1_000, 'not before --at');
  assert.deepEqual(
    [run!.status.done, run!.status.byAnswer, run!.status.byState],
    [3, { confirmed: 2 }, { answered: 2, suppressed: 1 }],
  );
  const after = await describeSchedule(name);
  assert.deepEqual([after.info.nextActionTimes, after.state.remainingActions], [[], 0]);
  assert.deepEqual([...(await callsTo(phones)).values()], [1, 1, 0]);
  await campaign(['schedules', 'delete', name]);
});

test('a cron schedule fires when the dry run said: the server’s next fire times are the CLI’s', async () => {
  const start = await contactFiles(['+14155570021']);
  const name = `cron-${Math.random().toString(36).slice(2, 8)}`;
  const cron = ['--cron', '30 9,15 * * mon-fri', '--cron-timezone', 'America/New_York'];
  const planned = await campaign<{ schedule: { nextFireTimes: string[] } }>([
    ...start,
    '--id',
    name,
    ...cron,
    '--dry-run',
    '--json',
  ]);
  await campaign([...start, '--id', name, ...cron, '--json']);
  const shown = await campaign<CampaignScheduleView>(['schedules', 'show', name, '--json']);
  assert.deepEqual(shown.nextFireTimes.slice(0, 3), planned.schedule.nextFireTimes);
  assert.deepEqual([shown.paused, shown.overlap, shown.recentRuns], [false, 'skip', []]);
  // A second schedule of that name is refused by its flag before anything is stored.
  await assert.rejects(campaign([...start, '--id', name, ...cron]), /--id: a schedule .* exists already/);
  await campaign(['schedules', 'delete', name]);
});

test('an --at that passed while the contacts were being stored runs at once, and only once', async () => {
  const phone = '+14155570031';
  const [, , file] = await contactFiles([phone]);
  const name = `late-${Math.random().toString(36).slice(2, 8)}`;
  // Planned for a second ago, as if storing a large list had taken longer than the lead time.
  const at = Math.floor(Date.now() / 1000) * 1000 - 1_000;
  const plan = schedulePlanFromFlags({ at: new Date(at).toISOString(), id: name }, at - 60_000);
  const definition = {
    campaignId: name,
    prompt: 'Remind {{name}} of the appointment.',
    concurrency: 1,
    window: { start: '08:00', end: '21:00', days: EVERY_DAY },
    retry: DEFAULT_RETRY,
    deadlineMs: at + 3_600_000,
    outcomes: DEFAULT_OUTCOMES,
  };
  const storeId = workflowIds.campaignScheduleStore(name);
  const writer = new ContactPageWriter(
    stack.temporal.client,
    stack.taskQueue,
    storeId,
    plan.keepPagesUntilMs,
  );
  await checkContacts(readContactFile(file!), {
    requiredVariables: ['name'],
    onContact: (c) => writer.add(c),
  });
  const contacts = await writer.finish();
  await createCampaignSchedule(stack.temporal.client, stack.taskQueue, plan, definition, {
    ...contacts,
    storeId,
  });

  const fired = await eventually(
    async () => {
      const d = await describeSchedule(name);
      return d.info.recentActions.length >= 1 ? d : undefined;
    },
    30_000,
    'the late run',
  );
  const runs = await firedRuns(fired);
  assert.deepEqual(
    runs.map((r) => r.status.byAnswer),
    [{ confirmed: 1 }],
  );
  const after = await describeSchedule(name);
  assert.deepEqual([after.info.nextActionTimes, after.state.remainingActions], [[], 0]);
  assert.deepEqual([...(await callsTo([phone])).values()], [1]);
  await campaign(['schedules', 'delete', name]);
});
