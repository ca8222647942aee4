/**
 * Scenario 1: SIGKILL the only worker at seeded random moments while a campaign, a batch of
 * reservations and a burst of missed calls run, restarting it each time. Activities cut off mid-POST
 * are retried by Temporal on the new worker; the intent keys must make each retry find the call or
 * SMS the dead worker already made instead of making a second one.
 */
import { checkLedger } from '../ledger';
import { FINISH_TIMEOUT_MS, sleep, withStack, WORKLOAD_SIZES, type Scenario } from '../scenario';
import { launchWorkload } from '../workload';

export const workerKills: Scenario = {
  name: 'worker-kills',
  async run(context) {
    const { random, size } = context;
    const kills = size === 'full' ? 10 : 3;
    return withStack(context, { label: 'worker-kills', speed: 'instant' }, async (stack) => {
      const workload = await launchWorkload(stack, WORKLOAD_SIZES[size], random);
      let settled = false;
      const finished = workload.finish(FINISH_TIMEOUT_MS[size]).finally(() => (settled = true));
      const worker = stack.workers[0]!;
      let killsDuringRun = 0;
      for (let k = 0; k < kills; k++) {
        await sleep(random.int(500, 4_000));
        if (!settled) killsDuringRun += 1;
        await worker.kill('SIGKILL');
        await sleep(random.int(0, 1_500));
        await stack.restart(worker);
      }
      const problems = await finished;
      const ledger = await checkLedger(stack, workload.intended);
      return {
        figures: `${kills} SIGKILLs (${killsDuringRun} mid-run), ${workload.flows} flows, ${ledger.calls} calls + ${ledger.sms} SMS checked`,
        problems: [...problems, ...ledger.problems],
      };
    });
  },
};
