/**
 * Reads a campaign's results from Temporal, contact by contact, in stored order: the stored pages
 * (`campaign-contacts:<id>:<page>`, page 0 up to the first missing one) give every contact, and each
 * contact's child (`campaign:<id>:contact:<row>`, abandoned on parent close so it outlives the
 * campaign) gives its final result once it has closed. No visibility query: getting each child by its
 * id is exact at once (visibility lags) and works on every server. One page is held at a time.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { campaignContactWorkflow } from '../../workflows';
import { getCampaignStatusQuery, getContactPageQuery, workflowIds } from '../../workflows/messages';
import type { CampaignContact, CampaignRunState, ContactResult } from '../../workflows/campaign/types';
import { scheduleNameOfCampaign } from '../../workflows/campaign/scheduled';
import { UsageError } from '../commands/shared';
import { campaignResultRow, type CampaignResultRow, type ContactProgress } from './result-rows';

/** Children read at once within a page: enough to hide round trips, few enough for a small server. */
const CHILD_READS_AT_ONCE = 16;

/** Every stored contact's row, in stored order. Fails with a UsageError for an unknown campaign. */
export async function* readCampaignResults(
  client: Client,
  campaignId: string,
): AsyncGenerator<CampaignResultRow> {
  const { batches } = await readContactBatches(client, campaignId);
  for await (const batch of batches)
    for (const { contact, progress } of batch) yield campaignResultRow(contact, progress);
}

/** A stored contact and how far it has got. */
export interface StoredContactProgress {
  contact: CampaignContact;
  progress: ContactProgress;
}

/**
 * The campaign's state when reading began, and every stored contact with its progress, in stored
 * order, a batch of children read at once. `campaign results` and `campaign report` both read this way.
 */
export async function readContactBatches(
  client: Client,
  campaignId: string,
): Promise<{ state: CampaignRunState; batches: AsyncGenerator<StoredContactProgress[]> }> {
  const { state, unstartedAs } = await campaignRunState(client, campaignId);
  const storeId = await contactStoreOf(client, campaignId);
  async function* batches(): AsyncGenerator<StoredContactProgress[]> {
    for (let page = 0; ; page += 1) {
      const contacts = await readStoredPage(client, storeId, page);
      if (!contacts) return;
      for (let i = 0; i < contacts.length; i += CHILD_READS_AT_ONCE) {
        const slice = contacts.slice(i, i + CHILD_READS_AT_ONCE);
        yield await Promise.all(
          slice.map(async (contact) => ({
            contact,
            progress: await contactProgress(client, campaignId, contact, state, unstartedAs),
          })),
        );
      }
    }
  }
  return { state, batches: batches() };
}

export async function campaignRunState(
  client: Client,
  campaignId: string,
): Promise<{ state: CampaignRunState; unstartedAs: ContactResult['state'] | undefined }> {
  try {
    const status = await client.workflow
      .getHandle(workflowIds.campaign(campaignId))
      .query(getCampaignStatusQuery);
    return { state: status.state, unstartedAs: status.unstartedAs ?? undefined };
  } catch (err) {
    if (err instanceof WorkflowNotFoundError)
      throw new UsageError(`No campaign "${campaignId}" (check the id \`campaign start\` printed).`);
    throw err;
  }
}

/**
 * Where the campaign's pages are: under its own id, or — for a run a schedule fired
 * (`<name>-<fire time>`) — under the schedule's store, which all its runs share.
 */
export async function contactStoreOf(client: Client, campaignId: string): Promise<string> {
  const scheduleName = scheduleNameOfCampaign(campaignId);
  if (!scheduleName || (await readStoredPage(client, campaignId, 0))) return campaignId;
  const shared = workflowIds.campaignScheduleStore(scheduleName);
  return (await readStoredPage(client, shared, 0)) ? shared : campaignId;
}

export async function readStoredPage(
  client: Client,
  storeId: string,
  page: number,
): Promise<CampaignContact[] | null> {
  try {
    return await client.workflow
      .getHandle(workflowIds.campaignContactPage(storeId, page))
      .query(getContactPageQuery);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return null;
    throw err;
  }
}

/**
 * A contact with no child was never handed out: `pending` while the campaign runs; once it ended, the
 * campaign counted it as `cancelled` (cancel), `budget_reached` (budget) or `expired` (deadline), so
 * the row says the same.
 */
export async function contactProgress(
  client: Client,
  campaignId: string,
  contact: CampaignContact,
  campaignState: CampaignRunState,
  unstartedAs?: ContactResult['state'],
): Promise<ContactProgress> {
  const handle = client.workflow.getHandle<typeof campaignContactWorkflow>(
    workflowIds.campaignContact(campaignId, contact.row),
  );
  let status: string;
  try {
    status = (await handle.describe()).status.name;
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
    if (campaignState === 'completed') return final(contact.row, unstartedAs ?? 'expired');
    if (campaignState === 'cancelled' || campaignState === 'cancelling')
      return final(contact.row, 'cancelled');
    return { kind: 'pending' };
  }
  if (status === 'RUNNING') return { kind: 'in_progress' };
  if (status === 'COMPLETED') return { kind: 'final', result: await handle.result() };
  // Terminated or timed out by an operator: no result was returned, and the campaign counted none.
  return final(contact.row, status === 'CANCELLED' ? 'cancelled' : 'failed');
}

function final(row: number, state: ContactResult['state']): ContactProgress {
  return { kind: 'final', result: { row, state, answer: null, attempts: 0, evidence: [], callIds: [] } };
}
