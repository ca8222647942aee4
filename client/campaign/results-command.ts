/** `ringflow campaign results <id> [--format csv|json] [--json] [--out file]`: the command around the rows. */
import { createWriteStream } from 'node:fs';
import { CommandOutput } from '../output';
import { commandClient, UsageError } from '../commands/shared';
import { readCampaignResults } from './result-reader';
import { writeCampaignResults } from './result-rows';

/** The flags of `campaign results`; `--json` is `--format json` (the rows are the result). */
export interface CampaignResultsFlags {
  format?: string | undefined;
  out?: string | undefined;
  json?: boolean | undefined;
}

/** One row per stored contact, streamed to stdout or `--out` (the phone included: the list is the operator's). */
export async function resultsCommand(id: string, flags: CampaignResultsFlags): Promise<void> {
  const asked = flags.format ?? 'csv';
  if (asked !== 'csv' && asked !== 'json')
    throw new UsageError(`--format: "${asked}" is not a results format; use csv or json.`);
  if (flags.json && flags.format === 'csv')
    throw new UsageError('--json is --format json: give one of --json or --format csv.');
  const format = flags.json ? 'json' : asked;
  const output = new CommandOutput({ json: format === 'json' });
  const { client, close } = await commandClient();
  try {
    const rows = readCampaignResults(client, id);
    // The first row is read before the file is created, so an unknown id leaves no empty file behind.
    const first = await rows.next();
    const out = flags.out ? createWriteStream(flags.out) : process.stdout;
    const all = (async function* () {
      if (!first.done) yield first.value;
      yield* rows;
    })();
    const count = await writeCampaignResults(all, format, out);
    if (flags.out) output.note(`${count} rows written to ${flags.out}.`);
  } finally {
    await close();
  }
}
