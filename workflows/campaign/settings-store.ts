import { condition, setHandler } from '@temporalio/workflow';
import { getCampaignSettingsQuery } from '../messages';
import type { CampaignCallSettings } from './types';

/** The input of a campaign's stored call settings: the settings are this workflow's input, and only its. */
export interface CampaignSettingsInput {
  campaignId: string;
  settings: CampaignCallSettings;
  /** Held until then (the campaign's deadline plus the time its results are looked at). */
  keepUntilMs: number;
}

/**
 * The call settings every contact of a campaign shares (`campaign-settings:<id>`): prompt, greeting,
 * outcomes, retry rules, voicemail and follow-up texts. Stored once, the way contact pages are, so the
 * campaign hands each child only what is the child's own (its contact) instead of repeating kilobytes
 * of prompt in every child's start event in the campaign's history; each child reads them once, by the
 * `readCampaignSettings` activity (`get-campaign-settings` query). They never change while the
 * campaign runs: what `update` changes (window, deadline, budget) reaches children by signal.
 */
export async function campaignSettingsWorkflow(input: CampaignSettingsInput): Promise<void> {
  setHandler(getCampaignSettingsQuery, () => input.settings);
  await condition(() => false, Math.max(1, input.keepUntilMs - Date.now()));
}
