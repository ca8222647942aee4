/**
 * Scenario 4: every AgentPhone route misbehaves at once — 10% 5xx, 5% 429 with Retry-After, 2%
 * commit-then-drop (the call or SMS exists, the response is lost), and added latency on every
 * request. Retries must reconcile by intent key before posting again: one call and one SMS per intent.
 */
import type { FaultSpec } from '../../simulator/faults';
import { checkLedger } from '../ledger';
import { FINISH_TIMEOUT_MS, withStack, WORKLOAD_SIZES, type Scenario } from '../scenario';
import { launchWorkload } from '../workload';

export const API_FAULTS: FaultSpec[] = [
  // The hardest case a few times in every run, whatever the draws: the POST took effect, unseen.
  { on: 'POST /v1/calls', commitThenDrop: true, times: 2 },
  { on: 'POST /v1/messages', commitThenDrop: true, times: 1 },
  // The look-ups a dial or SMS reconciles with fail too (the finding: a retry without its baseline
  // once took the contact's previous call for its own); they are read again within the attempt.
  { on: 'GET /v1/calls', status: 503, times: 3 },
  { on: 'GET /v1/numbers/{number_id}/messages', status: 429, retryAfterSec: 1, times: 2 },
  { on: '* *', latencyMs: 40 },
  { on: '* *', latencyMs: 400, probability: 0.1 },
  { on: '* *', status: 503, probability: 0.05 },
  { on: '* *', status: 500, probability: 0.05 },
  { on: '* *', status: 429, retryAfterSec: 1, probability: 0.05 },
  { on: '* *', commitThenDrop: true, probability: 0.02 },
];

interface LoggedRequest {
  method: string;
  path: string;
  status: number;
  dropped: boolean;
}

export const apiFaults: Scenario = {
  name: 'api-faults',
  async run(context) {
    const { random, size } = context;
    return withStack(context, { label: 'api-faults', speed: 'instant' }, async (stack) => {
      await stack.control('/_sim/faults', API_FAULTS);
      const seen: LoggedRequest[] = [];
      // The request log keeps the last 2000: read and clear it as the run goes, to count every fault.
      let collecting = true;
      const collect = async () => {
        const batch = await stack.list<LoggedRequest>('/_sim/requests');
        await fetch(`${stack.account.baseUrl}/_sim/requests`, { method: 'DELETE' });
        seen.push(...batch);
      };
      const collector = (async () => {
        while (collecting) {
          await collect();
          await new Promise((r) => setTimeout(r, 2_000));
        }
      })();
      const workload = await launchWorkload(stack, WORKLOAD_SIZES[size], random);
      const problems = await workload.finish(FINISH_TIMEOUT_MS[size]);
      collecting = false;
      await collector;
      await collect();
      const ledger = await checkLedger(stack, workload.intended);
      const by = (f: (r: LoggedRequest) => boolean) => seen.filter(f).length;
      const dropped = by((r) => r.dropped);
      const droppedPosts = by((r) => r.dropped && r.method === 'POST');
      const failedLookUps = by(
        (r) =>
          r.method === 'GET' &&
          r.status >= 429 &&
          /^\/v1\/(calls|numbers\/[^/]+\/messages)(\?|$)/.test(r.path),
      );
      const figures =
        `${seen.length} API requests: ${by((r) => r.status >= 500)} × 5xx, ${by((r) => r.status === 429)} × 429, ` +
        `${dropped} committed-then-dropped (${droppedPosts} POSTs), ${failedLookUps} failed look-ups; ${workload.flows} flows, ${ledger.calls} calls + ${ledger.sms} SMS checked`;
      if (by((r) => r.status >= 500) === 0 || by((r) => r.status === 429) === 0 || droppedPosts < 3)
        problems.push(
          'a 5xx, a 429 or the three committed-then-dropped POSTs were not injected: not all was tested',
        );
      if (failedLookUps < 5) problems.push(`only ${failedLookUps} failed look-ups of the 5 certain ones`);
      return { figures, problems: [...problems, ...ledger.problems] };
    });
  },
};
