import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { Suppression } from '../common/opt-out';
import { apiActivityOptions } from './activity-options';

const { sendSms } = proxyActivities<Activities>(apiActivityOptions());

export interface SmsInput {
  toNumber: string;
  body: string;
  agentId?: string;
}

/** What `sms:<requestId>` came to: sent, or not sent because the number is on the opt-out list. */
export type SmsResult =
  | { suppressed: false; messageId: string; toNumber: string; reconciled: boolean }
  | { suppressed: true; toNumber: string; suppression: Suppression };

/**
 * Sends one SMS exactly once (`sms:<requestId>`): the workflow id is the intent key, so starting it twice
 * or retrying after a lost response never texts twice. A number on the opt-out list is not texted.
 */
export async function smsWorkflow(input: SmsInput): Promise<SmsResult> {
  const sent = await sendSms({ intentKey: workflowInfo().workflowId, ...input });
  if (sent.suppressed) return sent;
  const { messageId, toNumber, reconciled } = sent;
  return { suppressed: false, messageId, toNumber, reconciled };
}
