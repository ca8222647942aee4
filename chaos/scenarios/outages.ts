/**
 * Scenario 3: the Temporal dev server stops and starts again mid-run (its state in the SQLite file),
 * then the ingress is down for a while. While Temporal is down the ingress cannot signal and answers
 * 5xx; while the ingress is down nothing answers: AgentPhone's webhook retries (the simulator's
 * dispatcher, on its scaled clock) and ringflow's safety-net checks must cover both.
 */
import { checkLedger } from '../ledger';
import { FINISH_TIMEOUT_MS, sleep, withStack, WORKLOAD_SIZES, type Scenario } from '../scenario';
import { launchWorkload } from '../workload';

/** A simulated minute per real second: AgentPhone's 1 min / 5 min / 30 min retries come after 1 s, 6 s, 36 s. */
const SPEED = '60';

export const outages: Scenario = {
  name: 'outages',
  async run(context) {
    const { random, size } = context;
    const temporalDownMs = size === 'full' ? 10_000 : 4_000;
    // "A minute" of real downtime in full; the retries (1, 6, 36 s after the first attempt) still cover it.
    const ingressDownMs = size === 'full' ? 60_000 : 8_000;
    return withStack(context, { label: 'outages', speed: SPEED }, async (stack) => {
      const workload = await launchWorkload(stack, WORKLOAD_SIZES[size], random, { firstCheckMs: 20_000 });
      let settled = false;
      const finished = workload.finish(FINISH_TIMEOUT_MS[size]).finally(() => (settled = true));
      await sleep(random.int(1_000, 4_000));
      const temporalMidRun = !settled;
      await stack.temporal.kill('SIGTERM');
      await sleep(temporalDownMs);
      await stack.restart(stack.temporal);
      await sleep(random.int(1_000, 3_000));
      const ingressMidRun = !settled;
      await stack.ingress.kill('SIGKILL');
      await sleep(ingressDownMs);
      await stack.restart(stack.ingress);
      const problems = await finished;
      if (!temporalMidRun || !ingressMidRun)
        problems.push('the workload finished before the outages: nothing was tested');
      const ledger = await checkLedger(stack, workload.intended);
      const deliveries = await stack.list<{ attemptCount: number }>('/_sim/deliveries');
      const retried = deliveries.filter((d) => d.attemptCount > 1).length;
      return {
        figures: `Temporal down ${temporalDownMs / 1000} s, ingress down ${ingressDownMs / 1000} s, ${retried}/${deliveries.length} webhooks needed AgentPhone's retries, ${workload.flows} flows, ${ledger.calls} calls + ${ledger.sms} SMS checked`,
        problems: [...problems, ...ledger.problems],
      };
    });
  },
};
