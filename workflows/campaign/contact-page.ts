import { condition, setHandler } from '@temporalio/workflow';
import { getContactPageQuery, keepContactPageUntilSignal } from '../messages';
import type { CampaignContact } from './types';

/** The input of one stored page: the page is this workflow's input, and only its. */
export interface ContactPageInput {
  campaignId: string;
  page: number;
  contacts: CampaignContact[];
  /** Held until then (the campaign's deadline plus the time its results are looked at). */
  keepUntilMs: number;
}

/**
 * One page of a campaign's contacts (`campaign-contacts:<id>:<page>`), stored in Temporal so every
 * worker can read it and nothing lives outside the cluster (design decision 9): the page is the
 * workflow's input (encrypted at rest with the payload codec), answered by the `get-contact-page`
 * query. It keeps running — a running workflow is never removed by the namespace's retention — until
 * `keepUntilMs`, which the `keep-contact-page-until` signal moves (a deleted schedule's pages). The
 * campaign's own history never holds the list, only the pages it is working on.
 */
export async function campaignContactPageWorkflow(input: ContactPageInput): Promise<void> {
  setHandler(getContactPageQuery, () => input.contacts);
  let keepUntilMs = input.keepUntilMs;
  // A schedule's pages are kept for as long as it may fire; deleting it moves the end (signal).
  setHandler(keepContactPageUntilSignal, (untilMs) => void (keepUntilMs = untilMs));
  // The first wait is the one timer every page always started, so older histories replay unchanged.
  do {
    const waitingFor = keepUntilMs;
    await condition(() => keepUntilMs !== waitingFor, Math.max(1, keepUntilMs - Date.now()));
  } while (Date.now() < keepUntilMs);
}
