import { ApplicationFailure } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import type { Logger } from '../common/process/logger';
import { readCampaignAnswer, type CampaignCallReading } from '../outcome/campaign-answer';
import { workflowIds } from '../workflows/messages';
import type { ContactPageInput } from '../workflows/campaign/contact-page';
import type { CampaignSettingsInput } from '../workflows/campaign/settings-store';
import { readStoredInput } from './stored-input';
import type { CampaignCallSettings, CampaignContact } from '../workflows/campaign/types';
import type { CallRecord } from '../workflows/types';

export interface CampaignActivityDeps {
  logger: Logger;
  temporal: Client;
}

/** How many campaigns' call settings a worker keeps (each a prompt and a few texts). */
const SETTINGS_CACHED_CAMPAIGNS = 64;

/** The campaign's activities that touch Temporal or read words (the window maths is in ./campaign-window). */
export function createCampaignActivities(deps: CampaignActivityDeps) {
  // A campaign's call settings never change once stored (what `update` changes reaches children by
  // signal), so each worker asks for them once per campaign, not once per contact.
  const settingsByCampaign = new Map<string, CampaignCallSettings>();
  return {
    /**
     * One stored page of a campaign's contacts (`campaign-contacts:<id>:<page>`, written by the CLI),
     * read from the page workflow's start event (./stored-input: no workflow worker needed).
     * A missing page fails for good: the campaign was started without its contacts.
     */
    async readContactPage({
      campaignId,
      page,
    }: {
      campaignId: string;
      page: number;
    }): Promise<CampaignContact[]> {
      const workflowId = workflowIds.campaignContactPage(campaignId, page);
      try {
        return (await readStoredInput<ContactPageInput>(deps.temporal, workflowId)).contacts;
      } catch (err) {
        if ((err as Error).name === 'WorkflowNotFoundError')
          throw ApplicationFailure.create({
            type: 'ContactPageMissingError',
            message: `${workflowId} does not exist: store the contacts before starting the campaign`,
            nonRetryable: true,
          });
        throw err;
      }
    },

    /**
     * A campaign's shared call settings (`campaign-settings:<id>`, stored by the campaign at its start),
     * from that workflow's start event (./stored-input: a query from this local activity could hold a
     * stopping worker for ever), read once by each contact's child (a local activity: the answer is
     * recorded in the child's history) and kept in this worker for the campaign's later contacts. Missing settings fail for good: the
     * campaign never stored them.
     */
    async readCampaignSettings({ campaignId }: { campaignId: string }): Promise<CampaignCallSettings> {
      const known = settingsByCampaign.get(campaignId);
      if (known) return known;
      const workflowId = workflowIds.campaignSettings(campaignId);
      try {
        const { settings } = await readStoredInput<CampaignSettingsInput>(deps.temporal, workflowId);
        // A few campaigns' settings at most: the oldest one read goes first.
        if (settingsByCampaign.size >= SETTINGS_CACHED_CAMPAIGNS)
          settingsByCampaign.delete(settingsByCampaign.keys().next().value!);
        settingsByCampaign.set(campaignId, settings);
        return settings;
      } catch (err) {
        if ((err as Error).name === 'WorkflowNotFoundError')
          throw ApplicationFailure.create({
            type: 'CampaignSettingsMissingError',
            message: `${workflowId} does not exist: the campaign stores it when it starts`,
            nonRetryable: true,
          });
        throw err;
      }
    },

    /** What a campaign call came to (dial result, or the answer mapped onto `answers`, with evidence). */
    async readCampaignCall({
      call,
      answers,
    }: {
      call: CallRecord;
      answers: string[];
    }): Promise<CampaignCallReading> {
      const reading = readCampaignAnswer(call, answers);
      deps.logger.info(
        {
          callId: call.callId,
          kind: reading.kind,
          answer: reading.kind === 'answered' ? reading.answer : undefined,
        },
        'campaign call read',
      );
      return reading;
    },
  };
}
