/**
 * ringflow_status: an overview for an agent (running flows by kind, opt-out list size). Its own module
 * so that, at merge, it can be pointed at the richer `ringflow status` of the operator issue.
 */
import { z } from 'zod';
import { FLOW_KINDS, optOutListSize, runningFlowCounts, type FlowKind } from '../../operations/running-flows';
import { defineTool } from '../tool';

const kinds = Object.keys(FLOW_KINDS) as [FlowKind, ...FlowKind[]];

export const ringflowStatusTool = defineTool({
  name: 'ringflow_status',
  title: 'ringflow at a glance',
  description:
    'Says whether ringflow is reachable and what it is doing: how many reservations, calls, SMS, campaigns ' +
    '(and their per-contact flows), missed-call callbacks and sign-ups are running, and how many numbers are on the ' +
    "opt-out list. Counts come from Temporal's visibility, which lags starts and ends by about a second.",
  input: z.strictObject({}),
  output: z.object({
    temporal: z.literal('reachable'),
    task_queue: z.string(),
    running: z.object(Object.fromEntries(kinds.map((k) => [k, z.number()])) as Record<FlowKind, z.ZodNumber>),
    opt_out_list: z.object({ count: z.number(), capped: z.boolean() }),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  nothingDone: 'nothing was changed',
  async run(_args, context) {
    const command = await context.ringflow();
    const [running, optOuts] = await Promise.all([
      runningFlowCounts(command.client, command.taskQueue),
      optOutListSize(command.optOuts),
    ]);
    return { temporal: 'reachable' as const, task_queue: command.taskQueue, running, opt_out_list: optOuts };
  },
});
