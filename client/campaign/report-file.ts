/** Makes a campaign's report page and writes it to a file: what `campaign report` does, callable in-process. */
import { rename, writeFile } from 'node:fs/promises';
import type { Client } from '@temporalio/client';
import { readChartJsBundle, renderCampaignReportHtml } from './html-report';
import { CampaignReportTally, type CampaignReportData } from './report-data';
import { readCampaignReport } from './report-reader';

/**
 * Reads the campaign (fails with a UsageError for an unknown id, before any file exists), tallies it
 * contact by contact and writes the page to `out`: whole to `<out>.partial`, then renamed, so a reader
 * never opens half a page. Returns the numbers the page embeds.
 */
export async function writeCampaignReport(
  client: Client,
  campaignId: string,
  out: string,
  options: { includeNumbers: boolean },
): Promise<CampaignReportData> {
  const chartJs = await readChartJsBundle();
  const { state, contacts } = await readCampaignReport(client, campaignId);
  const tally = new CampaignReportTally(options);
  for await (const contact of contacts) tally.add(contact);
  const data = tally.data(campaignId, state, new Date());
  const partial = `${out}.partial`;
  await writeFile(partial, renderCampaignReportHtml(data, chartJs));
  await rename(partial, out);
  return data;
}
