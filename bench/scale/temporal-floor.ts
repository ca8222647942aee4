/**
 * The floor of any one-workflow-per-contact design on this machine: `count` bare workflows (start →
 * one activity → result, the self-check with no timer), `concurrency` at a time, on the same server and
 * worker the campaign just used. A campaign cannot be faster than this while each contact is a
 * workflow of its own, so it says how much of the gap to the bare script is Temporal's own cost.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { selfCheckWorkflow } from '../../workflows/self-check';

export interface TemporalFloorResult {
  workflows: number;
  concurrency: number;
  seconds: number;
  workflowsPerSecond: number;
}

export async function runTemporalFloor(
  client: Client,
  taskQueue: string,
  count: number,
  concurrency: number,
): Promise<TemporalFloorResult> {
  let next = 0;
  const lane = async () => {
    while (next < count) {
      next += 1;
      await client.workflow.execute(selfCheckWorkflow, {
        taskQueue,
        workflowId: `bench-floor-${randomUUID()}`,
        args: [{ delayMs: 0, note: 'floor' }],
      });
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  const seconds = (performance.now() - started) / 1000;
  return { workflows: count, concurrency, seconds, workflowsPerSecond: count / seconds };
}
