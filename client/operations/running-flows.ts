/**
 * What runs in one ringflow deployment (its task queue), by kind, from Temporal's visibility, and the
 * size of its opt-out list. Visibility lags a second or so behind starts and ends; good for an overview.
 */
import type { Client } from '@temporalio/client';
import {
  callWorkflow,
  campaignContactWorkflow,
  campaignWorkflow,
  missedCallWorkflow,
  onboardingWorkflow,
  reservationWorkflow,
  smsWorkflow,
} from '../../workflows';
import { allOptOuts, type OptOutListAccess } from '../opt-out-list';

/**
 * Every flow an operator asks about, by the kind they know it as: the one list `ringflow status`
 * (client/status.ts) and the MCP tool ringflow_status both read, so a new flow is added once.
 */
export const FLOW_KINDS = {
  reservation: reservationWorkflow.name,
  call: callWorkflow.name,
  sms: smsWorkflow.name,
  campaign: campaignWorkflow.name,
  campaign_contact: campaignContactWorkflow.name,
  missed_call: missedCallWorkflow.name,
  onboarding: onboardingWorkflow.name,
} as const;
export type FlowKind = keyof typeof FLOW_KINDS;

/** Running workflows of each kind on `taskQueue`. */
export async function runningFlowCounts(
  client: Client,
  taskQueue: string,
): Promise<Record<FlowKind, number>> {
  const entries = await Promise.all(
    (Object.entries(FLOW_KINDS) as [FlowKind, string][]).map(async ([kind, type]) => {
      const { count } = await client.workflow.count(
        `WorkflowType = '${type}' AND ExecutionStatus = 'Running' AND TaskQueue = '${taskQueue}'`,
      );
      return [kind, count] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<FlowKind, number>;
}

/** Entries on the opt-out list, counted up to `cap` (the list is read page by page). */
export async function optOutListSize(
  access: OptOutListAccess,
  cap = 100_000,
): Promise<{ count: number; capped: boolean }> {
  let count = 0;
  for await (const _ of allOptOuts(access)) {
    count += 1;
    if (count >= cap) return { count, capped: true };
  }
  return { count, capped: false };
}
