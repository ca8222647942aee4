/**
 * The operator's tools: suppress_number (the opt-out list) and missed_calls_status. ringflow_status
 * lives in its own module (./ringflow-status.ts) so it can be pointed at a richer status later.
 */
import { z } from 'zod';
import { assertDialable, toE164 } from '../../../agentphone';
import { OPT_OUT_REASON_MAX_CHARS } from '../../../common/opt-out';
import { pendingCallbacks } from '../../missed-calls-view';
import { addOptOuts } from '../../opt-out-list';
import { RequestFieldError } from '../../operations/field-problem';
import { defineTool } from '../tool';
import { PhoneArgSchema } from './common';

export const suppressNumberTool = defineTool({
  name: 'suppress_number',
  title: 'Put a number on the opt-out list',
  description:
    'Adds a phone number to the opt-out list that every call and SMS of ringflow checks first: from now on ' +
    'it is never called or texted (campaigns skip it, calls and texts to it return "suppressed"). Use it ' +
    'when a person asks not to be contacted. Adding a listed number again changes nothing. Removing a ' +
    "number is an operator's decision and is not offered here (`ringflow suppress remove`).",
  input: z.strictObject({
    number: PhoneArgSchema,
    reason: z
      .string()
      .max(OPT_OUT_REASON_MAX_CHARS)
      .default('asked not to be contacted (via MCP)')
      .describe('Why, in a few words (kept with the entry)'),
  }),
  output: z.object({ number: z.string(), added: z.boolean(), already_listed: z.boolean() }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  nothingDone: 'nothing was changed',
  async run(args, context) {
    let number: string;
    try {
      number = assertDialable(toE164(args.number));
    } catch (err) {
      throw new RequestFieldError([{ field: 'number', message: (err as Error).message }]);
    }
    const command = await context.ringflow();
    const { added } = await addOptOuts(command.optOuts, [
      { number, channel: 'cli', reason: args.reason, source: 'mcp' },
    ]);
    return { number, added: added > 0, already_listed: added === 0 };
  },
});

export const missedCallsStatusTool = defineTool({
  name: 'missed_calls_status',
  title: 'Pending missed-call callbacks',
  description:
    'Lists the missed inbound calls ringflow is about to call back (when callbacks are enabled with ' +
    '`ringflow missed-calls enable`): the caller, the state, when the next callback is due, how many ' +
    'misses and callbacks so far. Optionally for one agent only.',
  input: z.strictObject({
    agent_id: z.string().min(1).optional().describe("Only this AgentPhone agent's callbacks"),
  }),
  output: z.object({
    pending: z.array(
      z.object({
        agent_id: z.string(),
        caller_number: z.string(),
        state: z.string(),
        message: z.string(),
        next_call_at: z.string().nullable(),
        misses: z.number(),
        callbacks: z.number(),
      }),
    ),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  nothingDone: 'nothing was changed',
  async run(args, context) {
    const { client, taskQueue } = await context.ringflow();
    const pending = await pendingCallbacks(client, taskQueue, args.agent_id);
    return {
      pending: pending.map((p) => ({
        agent_id: p.agentId,
        caller_number: p.callerNumber,
        state: p.state,
        message: p.message,
        next_call_at: p.nextCallAt,
        misses: p.misses.length,
        callbacks: p.attempts.length,
      })),
    };
  },
});
