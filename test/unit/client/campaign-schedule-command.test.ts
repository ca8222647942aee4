import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../client/commands/campaign';
import { usageRefusal } from '../../helpers/usage-refusal';

// Nothing here may reach Temporal: TEMPORAL_ADDRESS points nowhere, so a connection attempt fails loudly.
process.env.TEMPORAL_ADDRESS = '127.0.0.1:1';

async function files() {
  const dir = await mkdtemp(join(tmpdir(), 'campaign-schedule-cli-'));
  const contacts = join(dir, 'contacts.csv');
  await writeFile(contacts, 'phone,name\n+14155550101,Ann\n');
  const prompt = join(dir, 'p.txt');
  await writeFile(prompt, 'Remind {{name}} of the appointment.');
  return ['start', '--file', contacts, '--prompt-file', prompt];
}

async function printed(argv: string[]): Promise<{ out: string; result: unknown }> {
  const lines: string[] = [];
  const log = console.log;
  const error = console.error;
  const write = process.stdout.write.bind(process.stdout);
  console.log = (...args: unknown[]) => void lines.push(args.join(' '));
  console.error = () => {};
  process.stdout.write = (chunk: string) => (lines.push(String(chunk)), true);
  try {
    const result = await main(argv);
    return { out: lines.join('\n'), result };
  } finally {
    console.log = log;
    console.error = error;
    process.stdout.write = write;
  }
}

const refusal = (argv: string[]) => usageRefusal(main, argv);

describe('ringflow campaign start with a schedule', () => {
  test('--dry-run --cron shows the next three fire times, the deadline and the overlap policy', async () => {
    const start = await files();
    const { out, result } = await printed([
      ...start,
      '--cron',
      '0 9 * * mon-fri',
      '--cron-timezone',
      'America/New_York',
      '--deadline',
      '8h',
      '--id',
      'weekday-reminders',
      '--dry-run',
    ]);
    assert.equal(result, 0);
    assert.match(out, /Schedule "weekday-reminders": cron "0 9 \* \* mon-fri" \(America\/New_York\)/);
    const times = /Next fire times: (.*)\./.exec(out)?.[1]?.split(', ') ?? [];
    assert.equal(times.length, 3, out);
    for (const t of times) {
      const at = new Date(t);
      assert.ok(at.getTime() > Date.now());
      assert.ok([13, 14].includes(at.getUTCHours()), `${t} is 09:00 in New York`);
      assert.ok(at.getUTCDay() >= 1 && at.getUTCDay() <= 5, `${t} is a weekday`);
    }
    assert.match(out, /each run stops dialling 8h after it starts/);
    assert.match(out, /a firing while the previous run is still going is skipped/);
  });

  test('--dry-run --json carries the schedule beside the contact report', async () => {
    const start = await files();
    const { out } = await printed([
      ...start,
      '--every',
      '1d',
      '--overlap',
      'allow-all',
      '--dry-run',
      '--json',
    ]);
    const report = JSON.parse(out) as {
      callable: number;
      schedule: { kind: string; overlap: string; nextFireTimes: string[]; deadline: unknown };
    };
    assert.equal(report.callable, 1);
    assert.deepEqual(
      [report.schedule.kind, report.schedule.overlap, report.schedule.nextFireTimes.length],
      ['every', 'allow-all', 3],
    );
    assert.deepEqual(report.schedule.deadline, { afterStart: '1d' });
    assert.equal('campaignId' in report, false, 'each run gets its own campaign id');
  });

  test('bad schedule flags are refused by name before Temporal is reached', async () => {
    const start = await files();
    const future = new Date(Date.now() + 86_400_000).toISOString();
    assert.match(await refusal([...start, '--at', '2020-01-01T09:00:00Z']), /^--at: .*has passed/);
    assert.match(
      await refusal([...start, '--at', future, '--cron', '0 9 * * *']),
      /^--at: give --at or --cron/,
    );
    assert.match(await refusal([...start, '--cron', 'every day']), /^--cron: "every day" has 2 fields/);
    assert.match(await refusal([...start, '--every', '5m']), /^--every: 5m is more often than the minimum/);
    assert.match(
      await refusal([...start, '--every', '1d', '--deadline', future]),
      /^--deadline: .*a recurring schedule takes a span/,
    );
    assert.match(await refusal([...start, '--cron-timezone', 'UTC']), /^--cron-timezone: goes with --cron/);
    assert.match(
      await refusal([...start, '--overlap', 'skip']),
      /^--overlap: goes with --at, --cron or --every/,
    );
  });

  test('good schedule flags get as far as connecting to Temporal', async () => {
    const start = await files();
    await assert.rejects(printed([...start, '--every', '1d']), /Cannot reach Temporal at 127\.0\.0\.1:1/);
  });
});

describe('ringflow campaign schedules', () => {
  test('a missing action or id, or a stray flag, is refused before Temporal is reached', async () => {
    const help = await printed(['schedules']);
    assert.equal(help.result, 2, 'no action: the help goes to stderr, exit 2');
    assert.equal(help.out, '', 'nothing on stdout');
    assert.match(
      await refusal(['schedules', 'explode', 'x']),
      /^unknown command 'explode'\n\(see `ringflow campaign schedules --help`\)/,
    );
    assert.match(await refusal(['schedules', 'paus', 'x']), /Did you mean pause\?/);
    assert.match(await refusal(['schedules', 'pause']), /^missing required argument 'id'/);
    assert.match(await refusal(['schedules', 'list', 'x']), /^too many arguments for 'list'/);
    assert.match(await refusal(['schedules', 'delete', 'x', '--note', 'why']), /^unknown option '--note'/);
  });
});
