/**
 * `ringflow suppress add|remove|check|list|import|export`: the operator's view of the opt-out list that
 * every dial and SMS checks first. Numbers are normalised to E.164; bad input is refused before anything
 * is written.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { basename } from 'node:path';
import { assertDialable, toE164 } from '../../agentphone';
import { OPT_OUT_CHANNELS, OPT_OUT_REASON_MAX_CHARS, type OptOutEntry } from '../../common/opt-out';
import { readOptOutCsv, writeOptOutCsv } from '../opt-out-csv';
import { addOptOuts, allOptOuts, liftOptOut, lookUpOptOut } from '../opt-out-list';
import { EXIT } from '../exit-codes';
import { CommandOutput } from '../output';
import { commandClient, UsageError } from './shared';
import { jsonOption, ringflowCommand, runCommand, withExamples, type ExitCodeSink } from './command-kit';

const NUMBER = 'the phone number, E.164 (+14155550123) or national ((415) 555-0123)';

interface JsonFlag {
  json?: boolean;
}

/** The declaration of `ringflow suppress` and its subcommands (no side effects). */
export function command(exitWith: ExitCodeSink) {
  const suppress = withExamples(
    ringflowCommand(
      'suppress',
      'the opt-out list every call and SMS honours: add, remove, check, list, import, export',
    ),
    [
      'ringflow suppress add +14155550123 --reason "asked not to be called"',
      'ringflow suppress check +14155550123',
      'ringflow suppress import dnc.csv --skip-invalid',
    ],
  );
  suppress.addCommand(
    withExamples(
      ringflowCommand('add', 'put a number on the list (channel "cli"): no call or SMS reaches it afterwards')
        .argument('<number>', NUMBER)
        .option('--reason <text>', `why, kept with the entry (up to ${OPT_OUT_REASON_MAX_CHARS} characters)`)
        .option('--operator <name>', 'who added it, kept as the source (default: $USER)')
        .addOption(jsonOption())
        .action(exitWith((number: string, flags: AddFlags) => add(number, flags))),
      [
        'ringflow suppress add +14155550123 --reason "asked not to be called"',
        ['ringflow suppress add "(415) 555-0123" --operator dana --json', 'prints {number, added}'],
      ],
    ),
  );
  suppress.addCommand(
    withExamples(
      ringflowCommand('remove', 'lift every opt-out of a number (every channel: cli, sms, call, import)')
        .argument('<number>', NUMBER)
        .addOption(jsonOption())
        .action(exitWith((number: string, flags: JsonFlag) => remove(number, flags))),
      ['ringflow suppress remove +14155550123', 'ringflow suppress remove +14155550123 --json'],
    ),
  );
  suppress.addCommand(
    withExamples(
      ringflowCommand('check', 'is this number on the list, and why; exit 3 when it is')
        .argument('<number>', NUMBER)
        .addOption(jsonOption())
        .action(exitWith((number: string, flags: JsonFlag) => check(number, flags))),
      [
        'ringflow suppress check +14155550123',
        ['ringflow suppress check +14155550123 --json', 'the entry, or null when the number is not listed'],
      ],
    ),
  );
  suppress.addCommand(
    withExamples(
      ringflowCommand('list', 'every entry: number, channel, since when, why, from where')
        .addOption(jsonOption())
        .action(exitWith((flags: JsonFlag) => list(flags))),
      ['ringflow suppress list', 'ringflow suppress list --json | jq length'],
    ),
  );
  suppress.addCommand(
    withExamples(
      ringflowCommand(
        'import',
        'add a do-not-call file (CSV columns: number, reason, channel, source, at); a bad row refuses the whole file',
      )
        .argument('<file>', 'the CSV file; only the number column is required')
        .option('--skip-invalid', 'import the good rows and report the bad ones instead of refusing the file')
        .addOption(jsonOption())
        .action(exitWith((file: string, flags: ImportFlags) => importFile(file, flags))),
      [
        'ringflow suppress import dnc.csv',
        [
          'ringflow suppress import dnc.csv --skip-invalid --json',
          'prints {rows, added, alreadyListed, skipped}',
        ],
      ],
    ),
  );
  suppress.addCommand(
    withExamples(
      ringflowCommand('export', 'every entry as CSV, in the columns import reads (to stdout without a file)')
        .argument('[file]', 'where to write the CSV (overwritten)')
        .addOption(jsonOption())
        .action(exitWith((file: string | undefined, flags: JsonFlag) => exportTo(file, flags))),
      [
        'ringflow suppress export > opt-outs.csv',
        [
          'ringflow suppress export opt-outs.csv --json',
          'prints {file, rows}; needs a file, stdout carries the JSON',
        ],
      ],
    ),
  );
  return suppress;
}

/** Exit 3 from `check` when the number is listed; 2 for an import refused for bad rows. */
export const main = (argv: string[]): Promise<number> => runCommand(argv, command);

interface AddFlags extends JsonFlag {
  reason?: string;
  operator?: string;
}

interface ImportFlags extends JsonFlag {
  skipInvalid?: boolean;
}

async function add(arg: string, flags: AddFlags): Promise<void> {
  const number = numberArg(arg);
  const reason = flags.reason ?? 'added by an operator';
  if (reason.length > OPT_OUT_REASON_MAX_CHARS)
    throw new UsageError(`--reason: at most ${OPT_OUT_REASON_MAX_CHARS} characters (nothing was changed).`);
  const output = new CommandOutput(flags);
  await withList(async (command) => {
    const source = flags.operator ?? process.env.USER ?? 'operator';
    const { added } = await addOptOuts(command.optOuts, [{ number, channel: 'cli', reason, source }]);
    output.result(
      { number, added: added > 0 },
      added ? `Added ${number} to the opt-out list.` : `${number} was already on the opt-out list.`,
    );
  });
}

async function remove(arg: string, flags: JsonFlag): Promise<void> {
  const number = numberArg(arg);
  const output = new CommandOutput(flags);
  await withList(async (command) => {
    const { lifted } = await liftOptOut(command.optOuts, number, 'all');
    output.result(
      { number, lifted },
      lifted.length
        ? `Removed ${number} from the opt-out list (${lifted.join(', ')}).`
        : `${number} was not on the opt-out list.`,
    );
  });
}

async function check(arg: string, flags: JsonFlag): Promise<number | void> {
  const number = numberArg(arg);
  const output = new CommandOutput(flags);
  return withList(async (command) => {
    const entry = await lookUpOptOut(command.optOuts, number);
    output.result(entry, () =>
      entry ? describeEntry(entry).map((line) => output.warn(line)) : `${number} is not on the opt-out list.`,
    );
    return entry ? EXIT.unsuccessful : undefined;
  });
}

async function list(flags: JsonFlag): Promise<void> {
  const output = new CommandOutput(flags);
  await withList(async (command) => {
    const all: OptOutEntry[] = [];
    for await (const { entry } of allOptOuts(command.optOuts)) all.push(entry);
    output.result(all, () => (all.length ? all.flatMap(describeEntry) : 'The opt-out list is empty.'));
  });
}

async function importFile(file: string, flags: ImportFlags): Promise<number | void> {
  const output = new CommandOutput(flags);
  const read = await readCsvFile(file);
  for (const p of read.problems.slice(0, 50)) output.note(`${file}:${p.line}: ${p.reason}`);
  if (read.problems.length > 50) output.note(`… and ${read.problems.length - 50} more bad rows`);
  if (read.problems.length > 0 && !flags.skipInvalid) {
    output.note(
      `ringflow suppress: ${read.problems.length} bad row(s); nothing was imported. Fix them, or pass ` +
        `--skip-invalid to import the ${read.requests.length} good row(s).`,
    );
    return EXIT.badInput;
  }
  await withList(async (command) => {
    const { added, alreadyListed } = await addOptOuts(command.optOuts, read.requests);
    output.result(
      { file, rows: read.requests.length, added, alreadyListed, skipped: read.problems.length },
      `Imported ${read.requests.length} row(s): ${added} added, ${alreadyListed} already listed` +
        (read.problems.length ? `, ${read.problems.length} bad row(s) skipped.` : '.'),
    );
  });
}

async function exportTo(file: string | undefined, flags: JsonFlag): Promise<void> {
  if (flags.json && !file)
    throw new UsageError(
      'export --json needs a <file> for the CSV (stdout carries the JSON); or drop --json to get the CSV on stdout.',
    );
  const output = new CommandOutput(flags);
  await withList(async (command) => {
    const rows = await writeOptOutCsv(
      allOptOuts(command.optOuts),
      file ? createWriteStream(file) : process.stdout,
    );
    if (file) output.result({ file, rows }, `Exported ${rows} row(s) to ${file}.`);
  });
}

/** The number argument in E.164, or a UsageError naming it. */
function numberArg(arg: string | undefined): string {
  if (!arg)
    throw new UsageError('Missing the number (E.164, e.g. +14155550123; see `ringflow suppress --help`).');
  try {
    return assertDialable(toE164(arg));
  } catch (err) {
    throw new UsageError(`number "${arg}": ${(err as Error).message} (nothing was changed).`);
  }
}

async function readCsvFile(path: string) {
  try {
    return await readOptOutCsv(createReadStream(path), {
      source: basename(path),
      at: new Date().toISOString(),
    });
  } catch (err) {
    throw new UsageError(`${path}: ${(err as Error).message} (nothing was imported).`);
  }
}

async function withList<T>(fn: (command: Awaited<ReturnType<typeof commandClient>>) => Promise<T>) {
  const command = await commandClient();
  try {
    return await fn(command);
  } finally {
    await command.close();
  }
}

function describeEntry(entry: OptOutEntry): string[] {
  return OPT_OUT_CHANNELS.flatMap((channel) => {
    const mark = entry.marks[channel];
    return mark ? [`${entry.number}  ${channel}  since ${mark.at}  ${mark.reason}  (${mark.source})`] : [];
  });
}
