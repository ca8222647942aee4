/**
 * The opt-out list as CSV (`ringflow suppress import|export`): columns number, reason, channel,
 * source, at. Reading is streamed and checks every row before anything is written, so a bad file is
 * reported row by row and nothing of it is half-imported silently; writing is streamed too.
 */
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';
import { assertDialable, toE164 } from '../agentphone';
import {
  OPT_OUT_CHANNELS,
  OPT_OUT_REASON_MAX_CHARS,
  OPT_OUT_SOURCE_MAX_CHARS,
  type OptOutChannel,
} from '../common/opt-out';
import type { ListedOptOut, OptOutRequest } from './opt-out-list';

export const OPT_OUT_CSV_COLUMNS = ['number', 'reason', 'channel', 'source', 'at'] as const;

/** A row that cannot be imported: its line in the file (the header is line 1) and why. */
export interface OptOutCsvProblem {
  line: number;
  reason: string;
}

export interface OptOutCsvRead {
  requests: OptOutRequest[];
  problems: OptOutCsvProblem[];
}

/** What a row may leave out: an imported DNC list usually has numbers only. */
export interface OptOutCsvDefaults {
  /** Source of rows without one (the file name). */
  source: string;
  /** Time of rows without one (ISO 8601). */
  at: string;
}

/**
 * Reads an opt-out CSV. Each row's number is normalised to E.164 (`toE164`), and an undialable one
 * (invalid, emergency, N11) is refused with its line; so is an unknown channel, a bad time or an
 * over-long reason. A header without a `number` column, or with unknown columns, fails the whole file.
 *
 * @example
 * const { requests, problems } = await readOptOutCsv(createReadStream('dnc.csv'), { source: 'dnc.csv', at });
 */
export async function readOptOutCsv(input: Readable, defaults: OptOutCsvDefaults): Promise<OptOutCsvRead> {
  const requests: OptOutRequest[] = [];
  const problems: OptOutCsvProblem[] = [];
  const parser = parse({
    columns: (header: string[]) => {
      const names = header.map((h) => h.trim().toLowerCase());
      if (!names.includes('number'))
        throw new Error(`the header has no "number" column (columns: ${OPT_OUT_CSV_COLUMNS.join(', ')})`);
      const unknown = names.filter((n) => !(OPT_OUT_CSV_COLUMNS as readonly string[]).includes(n));
      if (unknown.length > 0)
        throw new Error(
          `unknown column(s) ${unknown.join(', ')} (columns: ${OPT_OUT_CSV_COLUMNS.join(', ')})`,
        );
      return names;
    },
    bom: true,
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true,
    info: true,
  });
  const rows = input.pipe(parser);
  input.on('error', (err) => parser.destroy(err));
  for await (const { record, info } of rows as AsyncIterable<{
    record: Record<string, string | undefined>;
    info: { lines: number };
  }>) {
    const read = readRow(record, defaults);
    if (typeof read === 'string') problems.push({ line: info.lines, reason: read });
    else requests.push(read);
  }
  return { requests, problems };
}

/** One row as a request, or why it cannot be one. */
function readRow(
  record: Record<string, string | undefined>,
  defaults: OptOutCsvDefaults,
): OptOutRequest | string {
  const raw = record.number ?? '';
  if (raw === '') return 'number: empty';
  let number: string;
  try {
    number = assertDialable(toE164(raw));
  } catch (err) {
    return `number "${raw}": ${(err as Error).message}`;
  }
  const channel = record.channel || 'import';
  if (!(OPT_OUT_CHANNELS as readonly string[]).includes(channel))
    return `channel "${channel}": use one of ${OPT_OUT_CHANNELS.join(', ')}`;
  const reason = record.reason || 'imported';
  if (reason.length > OPT_OUT_REASON_MAX_CHARS)
    return `reason: longer than ${OPT_OUT_REASON_MAX_CHARS} characters`;
  const source = record.source || defaults.source.slice(0, OPT_OUT_SOURCE_MAX_CHARS);
  if (source.length > OPT_OUT_SOURCE_MAX_CHARS)
    return `source: longer than ${OPT_OUT_SOURCE_MAX_CHARS} characters`;
  const at = record.at || defaults.at;
  if (Number.isNaN(Date.parse(at))) return `at "${at}": not a time (use ISO 8601, e.g. 2026-12-01T09:00:00Z)`;
  return { number, channel: channel as OptOutChannel, reason, source, at: new Date(at).toISOString() };
}

/** Writes entries as CSV (with the header), one row per number and channel. */
export async function writeOptOutCsv(
  entries: AsyncIterable<ListedOptOut>,
  output: Writable,
): Promise<number> {
  let rows = 0;
  async function* records() {
    for await (const { entry } of entries) {
      for (const channel of OPT_OUT_CHANNELS) {
        const mark = entry.marks[channel];
        if (!mark) continue;
        rows += 1;
        yield { number: entry.number, reason: mark.reason, channel, source: mark.source, at: mark.at };
      }
    }
  }
  await pipeline(records(), stringify({ header: true, columns: [...OPT_OUT_CSV_COLUMNS] }), output, {
    end: output !== process.stdout,
  });
  return rows;
}
