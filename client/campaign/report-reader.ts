/**
 * Reads what `ringflow campaign report` tallies, from Temporal, contact by contact in stored order:
 * each stored contact and its progress (as `campaign results` reads them), and for a contact that has
 * a final result, when each of its calls started — from the result itself (`callStartedAt`: the
 * contact makes its calls inline and keeps each call's start as AgentPhone recorded it). Works during
 * and after the run.
 */
import type { Client } from '@temporalio/client';
import type { CampaignRunState } from '../../workflows/campaign/types';
import { readContactBatches, type StoredContactProgress } from './result-reader';
import { campaignResultRow, type ContactProgress } from './result-rows';
import type { ReportContact } from './report-data';

/** The campaign's state when reading began, and every stored contact as the report sees it. */
export async function readCampaignReport(
  client: Client,
  campaignId: string,
): Promise<{ state: CampaignRunState; contacts: AsyncGenerator<ReportContact> }> {
  const { state, batches } = await readContactBatches(client, campaignId);
  return { state, contacts: reportContacts(batches) };
}

async function* reportContacts(
  batches: AsyncGenerator<StoredContactProgress[]>,
): AsyncGenerator<ReportContact> {
  for await (const batch of batches)
    for (const { contact, progress } of batch)
      yield {
        row: campaignResultRow(contact, progress),
        zone: contact.timeZones[0] ?? 'UTC',
        callStarts: callStarts(progress),
      };
}

/**
 * When each call of a finished contact started, in order: one per attempt (capped and suppressed
 * calls reached no one and are not attempts). A call whose start is not known (AgentPhone did not
 * say, or a result from before starts were kept) is counted without a time.
 */
export function callStarts(progress: ContactProgress): (string | null)[] {
  if (progress.kind !== 'final') return [];
  const { attempts, callStartedAt = [] } = progress.result;
  return Array.from({ length: attempts }, (_, i) => callStartedAt[i] ?? null);
}
