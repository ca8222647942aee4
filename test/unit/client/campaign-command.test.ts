import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { usageRefusal } from '../../helpers/usage-refusal';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../client/commands/campaign';

// Nothing here may reach Temporal: TEMPORAL_ADDRESS points nowhere, so a connection attempt fails loudly.
process.env.TEMPORAL_ADDRESS = '127.0.0.1:1';

async function files() {
  const dir = await mkdtemp(join(tmpdir(), 'campaign-cli-'));
  const contacts = join(dir, 'contacts.csv');
  await writeFile(
    contacts,
    '\uFEFFphone,name,appointment\r\n+14155550101,Ann,"Tuesday, 3 PM"\r\n911,Bob,x\r\n+12125550102,,y\r\n',
  );
  const prompt = join(dir, 'p.txt');
  await writeFile(prompt, 'Remind {{name}} of their appointment on {{appointment}}.');
  const none = join(dir, 'none.csv');
  await writeFile(none, 'phone,name\n911,Zed\n');
  return { contacts, prompt, none };
}

async function captured(run: () => Promise<unknown>): Promise<{ out: string; result: unknown }> {
  const lines: string[] = [];
  const log = console.log;
  const write = process.stdout.write.bind(process.stdout);
  console.log = (...args: unknown[]) => void lines.push(args.join(' '));
  process.stdout.write = (chunk: string) => (lines.push(String(chunk)), true);
  try {
    const result = await run();
    return { out: lines.join('\n'), result };
  } finally {
    console.log = log;
    process.stdout.write = write;
  }
}

const refusal = (argv: string[]) => usageRefusal(main, argv);

describe('ringflow campaign start', () => {
  test('--dry-run reports every bad row and what the first call would say, and calls nothing', async () => {
    const f = await files();
    const { out, result } = await captured(() =>
      main([
        'start',
        '--file',
        f.contacts,
        '--prompt-file',
        f.prompt,
        '--greeting',
        'Hi {{name}}!',
        '--dry-run',
      ]),
    );
    assert.equal(result, 0);
    assert.match(out, /3 rows read; 1 will be called\./);
    assert.match(out, /row 2: not dialable/);
    assert.match(out, /row 3: missing variable — no value for \{\{name\}\}/);
    assert.match(out, /greeting: Hi Ann!/);
    assert.match(out, /prompt: +Remind Ann of their appointment on Tuesday, 3 PM\./);
  });

  test('--dry-run --json gives the same report as data', async () => {
    const f = await files();
    const { out } = await captured(() =>
      main(['start', '--file', f.contacts, '--prompt-file', f.prompt, '--dry-run', '--json']),
    );
    const report = JSON.parse(out) as { callable: number; problems: { row: number; reason: string }[] };
    assert.equal(report.callable, 1);
    assert.deepEqual(
      report.problems.map((p) => [p.row, p.reason]),
      [
        [2, 'not_dialable'],
        [3, 'missing_variable'],
      ],
    );
  });

  test('bad flags are refused by name before anything is stored or called', async () => {
    const f = await files();
    const base = ['start', '--file', f.contacts, '--prompt-file', f.prompt];
    assert.match(await refusal(['start', '--prompt-file', f.prompt]), /^Missing --file/);
    assert.match(await refusal([...base, '--window', '07:00-20:00']), /--window: .*08:00 and 21:00/);
    assert.match(await refusal([...base, '--days', 'weekends']), /^--days: "weekends" is not a day/);
    assert.match(await refusal([...base, '--retry', 'busy=two/1h']), /^--retry: /);
    assert.match(await refusal([...base, '--concurrency', '500']), /--concurrency: .*at most 100/);
    assert.match(await refusal([...base, '--deadline', '2020-01-01T00:00:00Z']), /^--deadline: .*has passed/);
    assert.match(await refusal([...base, '--id', 'no spaces please']), /^--id: /);
  });

  test('a contacts or prompt file that cannot be read is refused by its flag, not with a stack trace', async () => {
    const f = await files();
    assert.match(
      await refusal(['start', '--file', join(f.prompt, '..', 'missing.csv'), '--prompt-file', f.prompt]),
      /^--file: ENOENT.*\(nothing was stored or called\)\.$/,
    );
    assert.match(
      await refusal(['start', '--file', f.contacts, '--prompt-file', join(f.prompt, '..', 'missing.txt')]),
      /^--prompt-file: ENOENT.*\(nothing was stored or called\)\.$/,
    );
  });

  test('a file with no callable row is refused, dry run or not', async () => {
    const f = await files();
    assert.match(
      await refusal(['start', '--file', f.none, '--prompt-file', f.prompt]),
      /--file: no row can be called: nothing was stored or called/,
    );
    const { result } = await captured(() =>
      main(['start', '--file', f.none, '--prompt-file', f.prompt, '--dry-run']),
    );
    assert.equal(result, 2, 'a file with nothing to call is bad input, in a dry run too');
  });

  test('a callable file gets as far as connecting to Temporal', async () => {
    const f = await files();
    await assert.rejects(
      captured(() => main(['start', '--file', f.contacts, '--prompt-file', f.prompt])),
      /Cannot reach Temporal at 127\.0\.0\.1:1/,
    );
  });
});

describe('ringflow campaign results', () => {
  test('a bad --format or a missing id is refused before Temporal is reached', async () => {
    assert.match(
      await refusal(['results', 'spring', '--format', 'xlsx']),
      /--format: "xlsx" is not a results format; use csv or json/,
    );
    await assert.rejects(main(['results']), /missing required argument 'id'/);
    assert.match(
      await refusal(['results', 'spring', '--json', '--format', 'xlsx']),
      /--format: "xlsx" is not a results format/,
    );
    assert.match(
      await refusal(['results', 'spring', '--json', '--format', 'csv']),
      /--json is --format json: give one of --json or --format csv/,
    );
  });
});

describe('ringflow campaign subcommands', () => {
  test('a mistyped subcommand is refused with the nearest name, before Temporal is reached', async () => {
    assert.match(await refusal(['strat']), /unknown command 'strat'\n\(Did you mean start\?\)/);
    assert.match(await refusal(['stauts', 'spring']), /Did you mean status\?/);
  });

  test('an option of another subcommand is refused by name', async () => {
    assert.match(
      await refusal(['status', 'spring', '--end-live-calls']),
      /unknown option '--end-live-calls'/,
    );
    assert.match(
      await refusal(['update', 'spring', '--price-per-minute', '0.2']),
      /--price-per-minute and --max-call-minutes are set at start/,
    );
  });
});
