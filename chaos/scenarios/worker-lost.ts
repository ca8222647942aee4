/**
 * Scenario 2: three workers share the task queue; one is SIGKILLed for good mid-run. Its workflow
 * tasks time out and go to the others, its running activities are retried there after their
 * heartbeat or start-to-close timeouts: the survivors finish everything, each effect once.
 */
import { checkLedger } from '../ledger';
import { FINISH_TIMEOUT_MS, sleep, withStack, WORKLOAD_SIZES, type Scenario } from '../scenario';
import { launchWorkload } from '../workload';

export const workerLost: Scenario = {
  name: 'worker-lost',
  async run(context) {
    const { random, size } = context;
    return withStack(context, { label: 'worker-lost', speed: 'instant', workers: 3 }, async (stack) => {
      const workload = await launchWorkload(stack, WORKLOAD_SIZES[size], random);
      let settled = false;
      const finished = workload.finish(FINISH_TIMEOUT_MS[size]).finally(() => (settled = true));
      const victim = stack.workers[random.int(0, 2)]!;
      await sleep(random.int(1_000, 5_000));
      const midRun = !settled;
      await victim.kill('SIGKILL');
      const problems = await finished;
      if (!midRun)
        problems.push(`the workload finished before ${victim.spec.name} was killed: nothing was tested`);
      const ledger = await checkLedger(stack, workload.intended);
      return {
        figures: `${victim.spec.name} of 3 SIGKILLed for good mid-run, ${workload.flows} flows finished by the other two, ${ledger.calls} calls + ${ledger.sms} SMS checked`,
        problems: [...problems, ...ledger.problems],
      };
    });
  },
};
