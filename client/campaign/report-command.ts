/** `ringflow campaign report <id> --out report.html [--include-numbers]`: the command around the page. */
import { commandClient, UsageError } from '../commands/shared';
import { writeCampaignReport } from './report-file';

export async function reportCommand(
  id: string | undefined,
  values: { out?: string | undefined; 'include-numbers'?: boolean | undefined },
  usage: string,
): Promise<void> {
  if (!id) throw new UsageError(`Missing the campaign id.\n\n${usage}`);
  const out = values.out;
  if (!out)
    throw new UsageError(`Missing --out (the HTML file to write, e.g. --out report.html).\n\n${usage}`);
  const { client, close } = await commandClient();
  try {
    const data = await writeCampaignReport(client, id, out, {
      includeNumbers: values['include-numbers'] === true,
    });
    console.error(
      `Report of ${data.contacts} contacts (${data.done} with a final result, ${data.calls} calls) written to ${out}.`,
    );
  } finally {
    await close();
  }
}
