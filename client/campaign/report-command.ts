/** `ringflow campaign report <id> --out report.html [--include-numbers] [--json]`: the command around the page. */
import { CommandOutput } from '../output';
import { commandClient, UsageError } from '../commands/shared';
import { writeCampaignReport } from './report-file';

/** The flags of `campaign report`. */
export interface CampaignReportFlags {
  out?: string | undefined;
  includeNumbers?: boolean | undefined;
  json?: boolean | undefined;
}

export async function reportCommand(id: string, flags: CampaignReportFlags): Promise<void> {
  const out = flags.out;
  if (!out)
    throw new UsageError(
      'Missing --out (the HTML file to write, e.g. --out report.html; see `ringflow campaign report --help`).',
    );
  const output = new CommandOutput({ json: flags.json });
  const { client, close } = await commandClient();
  try {
    const data = await output.waitFor(
      'Reading the campaign…',
      writeCampaignReport(client, id, out, { includeNumbers: flags.includeNumbers === true }),
    );
    const written = `Report of ${data.contacts} contacts (${data.done} with a final result, ${data.calls} calls) written to ${out}.`;
    // The human line goes to stderr as before (stdout stays free); --json puts the facts on stdout.
    if (output.json)
      output.result({ campaignId: id, out, contacts: data.contacts, done: data.done, calls: data.calls }, '');
    else output.note(written);
  } finally {
    await close();
  }
}
