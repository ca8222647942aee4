/**
 * Reads what `ringflow campaign report` tallies, from Temporal, contact by contact in stored order:
 * each stored contact and its progress (as `campaign results` reads them), and for a contact that has
 * a final result, when each of its calls started — from its call workflows
 * (`campaign:<id>:contact:<row>:call:<n>`, whose result is the call record AgentPhone gave), so the
 * results need no extra column and no workflow change. Works during and after the run.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { callWorkflow } from '../../workflows';
import { workflowIds } from '../../workflows/messages';
import type { CampaignRunState } from '../../workflows/campaign/types';
import { readContactBatches, type StoredContactProgress } from './result-reader';
import { campaignResultRow, type ContactProgress } from './result-rows';
import type { ReportContact } from './report-data';

/**
 * Call workflows a contact may have started (`capped` ones included, which reached no one); past
 * this many, the rest of its calls are counted without a time rather than read one by one.
 */
const MAX_CALL_WORKFLOWS_READ = 200;

/** The campaign's state when reading began, and every stored contact as the report sees it. */
export async function readCampaignReport(
  client: Client,
  campaignId: string,
): Promise<{ state: CampaignRunState; contacts: AsyncGenerator<ReportContact> }> {
  const { state, batches } = await readContactBatches(client, campaignId);
  return { state, contacts: reportContacts(client, campaignId, batches) };
}

async function* reportContacts(
  client: Client,
  campaignId: string,
  batches: AsyncGenerator<StoredContactProgress[]>,
): AsyncGenerator<ReportContact> {
  for await (const batch of batches)
    yield* await Promise.all(
      batch.map(async ({ contact, progress }) => ({
        row: campaignResultRow(contact, progress),
        zone: contact.timeZones[0] ?? 'UTC',
        callStarts: await callStarts(client, campaignId, contact.row, progress),
      })),
    );
}

/**
 * When each call of a finished contact started, in order. Only a final contact is read: its call
 * workflows have all closed, so reading them never waits. Capped and suppressed calls reached no
 * one and are skipped, as the contact's `attempts` skips them.
 */
async function callStarts(
  client: Client,
  campaignId: string,
  row: number,
  progress: ContactProgress,
): Promise<(string | null)[]> {
  if (progress.kind !== 'final' || progress.result.attempts === 0) return [];
  const wanted = progress.result.attempts;
  const starts: (string | null)[] = [];
  for (let n = 1; n <= MAX_CALL_WORKFLOWS_READ && starts.length < wanted; n += 1) {
    const handle = client.workflow.getHandle<typeof callWorkflow>(
      workflowIds.campaignContactCall(campaignId, row, n),
    );
    let call: Awaited<ReturnType<typeof callWorkflow>>;
    try {
      call = await handle.result();
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) break;
      // A call workflow that failed or was cancelled returned no call: the contact did not count it.
      continue;
    }
    if (call.suppressed || call.source === 'capped') continue;
    starts.push(call.startedAt);
  }
  // Calls not found (a call workflow removed by retention, say) are counted, without a time.
  while (starts.length < wanted) starts.push(null);
  return starts;
}
