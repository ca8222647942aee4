/**
 * Stores a campaign's callable contacts in Temporal before the campaign starts: one
 * `campaign-contacts:<id>:<page>` workflow per page of {@link CONTACT_PAGE_SIZE}, the page as its input.
 */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { campaignContactPageWorkflow } from '../../workflows';
import { workflowIds } from '../../workflows/messages';
import type { CampaignContact, CampaignContactsRef } from '../../workflows/campaign/types';
import { UsageError } from '../commands/shared';

/** A few hundred contacts (~200 B each): a page read is one small activity result in history. */
export const CONTACT_PAGE_SIZE = 200;
/** Pages outlive the deadline by this much, so results can still be read against them. */
export const PAGE_KEEP_AFTER_DEADLINE_MS = 30 * 86_400_000;

export class ContactPageWriter {
  private buffer: CampaignContact[] = [];
  private pages = 0;
  private count = 0;

  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
    private readonly campaignId: string,
    private readonly keepUntilMs: number,
    private readonly pageSize = CONTACT_PAGE_SIZE,
  ) {}

  async add(contact: CampaignContact): Promise<void> {
    this.buffer.push(contact);
    this.count += 1;
    if (this.buffer.length >= this.pageSize) await this.flush();
  }

  /** Writes what is buffered; returns where the contacts are, for the campaign's input. */
  async finish(): Promise<CampaignContactsRef> {
    await this.flush();
    return { contactCount: this.count, pageSize: this.pageSize, pageCount: this.pages };
  }

  private async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const page = this.pages;
    const workflowId = workflowIds.campaignContactPage(this.campaignId, page);
    try {
      await this.client.workflow.start(campaignContactPageWorkflow, {
        taskQueue: this.taskQueue,
        workflowId,
        args: [{ campaignId: this.campaignId, page, contacts: this.buffer, keepUntilMs: this.keepUntilMs }],
      });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError)
        throw new UsageError(
          `--id: campaign "${this.campaignId}" already has stored contacts; choose another id (nothing was called)`,
        );
      throw err;
    }
    this.pages += 1;
    this.buffer = [];
  }
}
