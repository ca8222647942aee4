import { proxyActivities, sleep, log } from '@temporalio/workflow';
import type { createActivities } from '../activities';

const { ping } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 3 },
});

export interface SelfCheckInput {
  /** How long to wait on a durable timer before the activity round trip. */
  delayMs: number;
  note: string;
}

export interface SelfCheckResult {
  note: string;
  /** Workflow time when the timer started and when the activity answered. */
  startedAt: string;
  finishedAt: string;
  /** Which worker answered the activity (identity), proving a full round trip. */
  answeredBy: string;
}

/**
 * Proves the stack works end to end: a durable timer, then an activity round trip through a worker.
 * `npm start` runs one at boot so the Web UI has a workflow to show and a restart can find its history.
 *
 * @example
 * await client.workflow.execute(selfCheckWorkflow, {
 *   taskQueue: TASK_QUEUE, workflowId: 'self-check:boot', args: [{ delayMs: 1000, note: 'boot' }],
 * });
 */
export async function selfCheckWorkflow(input: SelfCheckInput): Promise<SelfCheckResult> {
  const startedAt = new Date().toISOString();
  if (input.delayMs > 0) await sleep(input.delayMs);
  const pong = await ping(input.note);
  log.info('self-check finished', { note: input.note });
  return { note: pong.note, startedAt, finishedAt: new Date().toISOString(), answeredBy: pong.answeredBy };
}
