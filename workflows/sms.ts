import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { apiActivityOptions } from './activity-options';

const { sendSms } = proxyActivities<Activities>(apiActivityOptions());

export interface SmsInput {
  toNumber: string;
  body: string;
  agentId?: string;
}

/**
 * Sends one SMS exactly once (`sms:<requestId>`): the workflow id is the intent key, so starting it twice
 * or retrying after a lost response never texts twice.
 */
export async function smsWorkflow(
  input: SmsInput,
): Promise<{ messageId: string; toNumber: string; reconciled: boolean }> {
  const sent = await sendSms({ intentKey: workflowInfo().workflowId, ...input });
  return { messageId: sent.messageId, toNumber: sent.toNumber, reconciled: sent.reconciled };
}
