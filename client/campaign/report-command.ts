/** `ringflow campaign report <id> --out report.html [--include-numbers]`: the command around the page. */
import { rename, writeFile } from 'node:fs/promises';
import { commandClient, UsageError } from '../commands/shared';
import { readChartJsBundle, renderCampaignReportHtml } from './html-report';
import { CampaignReportTally } from './report-data';
import { readCampaignReport } from './report-reader';

export async function reportCommand(
  id: string | undefined,
  values: { out?: string | undefined; 'include-numbers'?: boolean | undefined },
  usage: string,
): Promise<void> {
  if (!id) throw new UsageError(`Missing the campaign id.\n\n${usage}`);
  const out = values.out;
  if (!out)
    throw new UsageError(`Missing --out (the HTML file to write, e.g. --out report.html).\n\n${usage}`);
  const chartJs = await readChartJsBundle();
  const { client, close } = await commandClient();
  try {
    // An unknown id fails here, before any file is written.
    const { state, contacts } = await readCampaignReport(client, id);
    const tally = new CampaignReportTally({ includeNumbers: values['include-numbers'] === true });
    for await (const contact of contacts) tally.add(contact);
    const data = tally.data(id, state, new Date());
    // Written whole, then renamed: a reader never opens half a page.
    const partial = `${out}.partial`;
    await writeFile(partial, renderCampaignReportHtml(data, chartJs));
    await rename(partial, out);
    console.error(
      `Report of ${data.contacts} contacts (${data.done} with a final result, ${data.calls} calls) written to ${out}.`,
    );
  } finally {
    await close();
  }
}
