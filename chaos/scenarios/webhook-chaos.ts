/**
 * Scenario 5: every webhook is delivered twice, 20% are never sent at all (the safety net's checks
 * must find those calls' ends), some are held back until a later event overtakes them, some come late.
 * Missed-call callbacks are left out here: their calls use the default 3-minute first check.
 */
import type { FaultSpec } from '../../simulator/faults';
import { checkLedger } from '../ledger';
import { FINISH_TIMEOUT_MS, withStack, WORKLOAD_SIZES, type Scenario } from '../scenario';
import { launchWorkload } from '../workload';

export const WEBHOOK_FAULTS: FaultSpec[] = [
  { webhook: { duplicate: true } },
  { webhook: { drop: true, probability: 0.2 } },
  { webhook: { reorder: true, probability: 0.2 } },
  // "Hours late" on AgentPhone's clock is seconds here; the call's safety net may get there first.
  { webhook: { delayMs: 4_000, probability: 0.15 } },
];

interface Delivery {
  status: string;
  errorMessage?: string | null;
}

export const webhookChaos: Scenario = {
  name: 'webhook-chaos',
  async run(context) {
    const { random, size } = context;
    return withStack(context, { label: 'webhook-chaos', speed: 'instant' }, async (stack) => {
      await stack.control('/_sim/faults', WEBHOOK_FAULTS);
      const workload = await launchWorkload(stack, WORKLOAD_SIZES[size], random, {
        firstCheckMs: 5_000,
        withoutMissedCalls: true,
      });
      const problems = await workload.finish(FINISH_TIMEOUT_MS[size]);
      const ledger = await checkLedger(stack, workload.intended);
      const deliveries = await stack.list<Delivery>('/_sim/deliveries');
      const dropped = deliveries.filter((d) => d.errorMessage === 'dropped by a simulator fault').length;
      if (dropped === 0) problems.push('no webhook was dropped: the safety net was not tested');
      return {
        figures: `${deliveries.length} webhooks, each sent twice, ${dropped} dropped (found by the safety net); ${workload.flows} flows, ${ledger.calls} calls + ${ledger.sms} SMS checked`,
        problems: [...problems, ...ledger.problems],
      };
    });
  },
};
