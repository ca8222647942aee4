/**
 * `ringflow suppress add|remove|list|import|export`: the operator's view of the opt-out list that every
 * dial and SMS checks first. Numbers are normalised to E.164; bad input is refused before anything is
 * written.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { basename } from 'node:path';
import { assertDialable, toE164 } from '../../agentphone';
import { OPT_OUT_CHANNELS, OPT_OUT_REASON_MAX_CHARS, type OptOutEntry } from '../../common/opt-out';
import { readOptOutCsv, writeOptOutCsv } from '../opt-out-csv';
import { addOptOuts, allOptOuts, liftOptOut, lookUpOptOut } from '../opt-out-list';
import { EXIT } from '../exit-codes';
import { commandClient, parseFlags, printJson, UsageError } from './shared';

const USAGE = `Usage:
  ringflow suppress add <+1…> [--reason <text>] [--operator <name>]  put a number on the list (channel cli)
  ringflow suppress remove <+1…>                     lift every opt-out of a number
  ringflow suppress check <+1…> [--json]             is this number on the list, and why
  ringflow suppress list [--json]                    every entry
  ringflow suppress import <file.csv> [--skip-invalid]  add a DNC file (columns: number, reason, channel, source, at)
  ringflow suppress export [<file.csv>]              every entry as CSV (to stdout without a file)`;

/** Exit 3 from `check` when the number is listed; 1 for an import refused for bad rows. */
export async function main(argv: string[]): Promise<number | void> {
  const { values, positionals } = parseFlags(
    argv,
    {
      reason: { type: 'string' },
      json: { type: 'boolean', default: false },
      'skip-invalid': { type: 'boolean', default: false },
      operator: { type: 'string' },
    },
    USAGE,
  );
  const [action, arg, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`Unexpected argument "${extra[0]}".\n\n${USAGE}`);
  switch (action) {
    case 'add':
    case 'remove':
    case 'check': {
      const number = numberArg(arg);
      const reason = values.reason ?? 'added by an operator';
      if (reason.length > OPT_OUT_REASON_MAX_CHARS)
        throw new UsageError(
          `--reason: at most ${OPT_OUT_REASON_MAX_CHARS} characters (nothing was changed).`,
        );
      return withList(async (command) => {
        if (action === 'add') {
          const source = values.operator ?? process.env.USER ?? 'operator';
          const { added } = await addOptOuts(command.optOuts, [{ number, channel: 'cli', reason, source }]);
          console.log(
            added ? `Added ${number} to the opt-out list.` : `${number} was already on the opt-out list.`,
          );
          return;
        }
        if (action === 'remove') {
          const { lifted } = await liftOptOut(command.optOuts, number, 'all');
          console.log(
            lifted.length
              ? `Removed ${number} from the opt-out list (${lifted.join(', ')}).`
              : `${number} was not on the opt-out list.`,
          );
          return;
        }
        const entry = await lookUpOptOut(command.optOuts, number);
        if (values.json) printJson(entry);
        else if (!entry) console.log(`${number} is not on the opt-out list.`);
        else for (const line of describeEntry(entry)) console.log(line);
        return entry ? 3 : undefined;
      });
    }
    case 'list':
      if (arg) throw new UsageError(`list takes no argument.\n\n${USAGE}`);
      return withList(async (command) => {
        const all = [];
        for await (const { entry } of allOptOuts(command.optOuts)) {
          if (values.json) all.push(entry);
          else for (const line of describeEntry(entry)) console.log(line);
        }
        if (values.json) printJson(all);
      });
    case 'import': {
      if (!arg) throw new UsageError(`import needs a CSV file.\n\n${USAGE}`);
      const read = await readCsvFile(arg);
      for (const p of read.problems.slice(0, 50)) process.stderr.write(`${arg}:${p.line}: ${p.reason}\n`);
      if (read.problems.length > 50)
        process.stderr.write(`… and ${read.problems.length - 50} more bad rows\n`);
      if (read.problems.length > 0 && !values['skip-invalid']) {
        process.stderr.write(
          `ringflow suppress: ${read.problems.length} bad row(s); nothing was imported. Fix them, or pass ` +
            `--skip-invalid to import the ${read.requests.length} good row(s).\n`,
        );
        return EXIT.badInput;
      }
      return withList(async (command) => {
        const { added, alreadyListed } = await addOptOuts(command.optOuts, read.requests);
        console.log(
          `Imported ${read.requests.length} row(s): ${added} added, ${alreadyListed} already listed` +
            (read.problems.length ? `, ${read.problems.length} bad row(s) skipped.` : '.'),
        );
      });
    }
    case 'export':
      return withList(async (command) => {
        const output = arg ? createWriteStream(arg) : process.stdout;
        const rows = await writeOptOutCsv(allOptOuts(command.optOuts), output);
        if (arg) console.log(`Exported ${rows} row(s) to ${arg}.`);
      });
    default:
      throw new UsageError(`${action ? `Unknown action "${action}".` : 'Missing action.'}\n\n${USAGE}`);
  }
}

/** The number argument in E.164, or a UsageError naming it. */
function numberArg(arg: string | undefined): string {
  if (!arg) throw new UsageError(`Missing the number (E.164, e.g. +14155550123).\n\n${USAGE}`);
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
