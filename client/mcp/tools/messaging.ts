/**
 * place_call and send_sms: one AI call or one SMS, each exactly once per request_id (the call:<id> /
 * sms:<id> workflow id), checked like `ringflow call` / `ringflow sms` before anything starts.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowFailedError } from '@temporalio/client';
import { z } from 'zod';
import { SMS_BODY_MAX_CHARS } from '../../../common/sms-consent';
import { describeSuppression } from '../../../common/opt-out';
import { DialablePhoneSchema } from '../../../workflows/reservation/input';
import { callWorkflow, smsWorkflow } from '../../../workflows';
import { getCallSlotPhaseQuery, workflowIds } from '../../../workflows/messages';
import type { CallResult } from '../../../workflows/call';
import { listedBeforeStart } from '../../commands/suppressed';
import { startOnce } from '../../operations/start-once';
import { RequestFieldError } from '../../operations/field-problem';
import { defineTool } from '../tool';
import { waitUpTo } from '../wait';
import { PhoneArgSchema, RequestIdSchema, WaitSecondsSchema } from './common';

/** A number the tool may contact, or a RequestFieldError naming `field` (emergency and N11 refused). */
function dialable(field: string, text: string): string {
  const parsed = DialablePhoneSchema.safeParse(text);
  if (!parsed.success)
    throw new RequestFieldError([
      { field, message: parsed.error.issues[0]?.message ?? 'not a dialable number' },
    ]);
  return parsed.data;
}

const SuppressionSchema = z.object({
  number: z.string(),
  channel: z.string(),
  reason: z.string(),
  source: z.string(),
  at: z.string(),
});

const CallOutputSchema = z.object({
  request_id: z.string(),
  workflow_id: z.string(),
  already_started: z.boolean(),
  /** running: not ended yet (follow it by calling place_call again with the same request_id). */
  state: z.enum(['running', 'ended', 'suppressed', 'capped', 'failed']),
  message: z.string(),
  call: z
    .object({
      call_id: z.string(),
      status: z.string(),
      disconnection_reason: z.string().nullable(),
      duration_seconds: z.number().nullable(),
      summary: z.string().nullable(),
      transcript: z.array(z.object({ role: z.string(), content: z.string() })),
    })
    .nullable(),
  suppression: SuppressionSchema.nullable(),
});
type CallOutput = z.input<typeof CallOutputSchema>;

function callOutput(
  base: Pick<CallOutput, 'request_id' | 'workflow_id' | 'already_started'>,
  result: CallResult,
): CallOutput {
  if (result.suppressed)
    return {
      ...base,
      state: 'suppressed' as const,
      message: `Not called: ${describeSuppression(result.suppression)}.`,
      call: null,
      suppression: result.suppression,
    };
  const capped = result.source === 'capped';
  return {
    ...base,
    state: capped ? 'capped' : 'ended',
    message: capped
      ? 'Not called: this person has had the most calls allowed today (RINGFLOW_MAX_ATTEMPTS_PER_RECIPIENT_PER_DAY).'
      : `Call ${result.callId} ended: ${result.status} (${result.disconnectionReason ?? 'no reason given'}).`,
    call: capped
      ? null
      : {
          call_id: result.callId,
          status: result.status,
          disconnection_reason: result.disconnectionReason,
          duration_seconds: result.durationSeconds,
          summary: result.summary,
          transcript: result.transcript.map((t) => ({ role: t.role, content: t.content })),
        },
    suppression: null,
  };
}

export const placeCallTool = defineTool({
  name: 'place_call',
  title: 'Place one AI phone call',
  description:
    'Places one outbound call in which an AI voice agent follows your prompt (what to say, what to find ' +
    "out), and returns the call's outcome and transcript. Emergency and N11 numbers are refused, numbers on " +
    "the opt-out list are not called, and calls wait their turn under the account's live-call limit. " +
    'Pass wait_seconds to wait for the call to end (progress is reported); otherwise, or when the call ' +
    'outlasts the wait, state is "running": call place_call again with the same request_id to get the ' +
    'result (it never dials twice).',
  input: z.strictObject({
    to: PhoneArgSchema,
    prompt: z
      .string()
      .trim()
      .min(1, 'the prompt is empty')
      .describe("The voice agent's instructions for this call"),
    greeting: z.string().optional().describe('The first sentence the agent says'),
    agent_id: z.string().optional().describe('The AgentPhone agent that calls (default: the configured one)'),
    request_id: RequestIdSchema,
    wait_seconds: WaitSecondsSchema,
  }),
  output: CallOutputSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  nothingDone: 'nothing was called',
  async run(args, context) {
    const to = dialable('to', args.to);
    const requestId = args.request_id ?? randomUUID();
    const workflowId = workflowIds.call(requestId);
    const command = await context.ringflow();
    const listed = await listedBeforeStart(command, to, 'call');
    if (listed)
      return {
        request_id: requestId,
        workflow_id: workflowId,
        already_started: false,
        state: 'suppressed' as const,
        message: `Not called: ${describeSuppression(listed)}.`,
        call: null,
        suppression: listed,
      };
    const { handle, alreadyStarted } = await startOnce(command.client, callWorkflow, {
      taskQueue: command.taskQueue,
      workflowId,
      args: [
        {
          toNumber: to,
          systemPrompt: args.prompt,
          ...(args.greeting !== undefined ? { initialGreeting: args.greeting } : {}),
          ...(args.agent_id ? { agentId: args.agent_id } : {}),
        },
      ],
    });
    const base = { request_id: requestId, workflow_id: workflowId, already_started: alreadyStarted };
    let result: CallResult | undefined;
    let failure: string | undefined;
    // Settles in the background; the wait below looks at what it found.
    void handle.result().then(
      (r) => (result = r),
      (err: unknown) => {
        failure =
          err instanceof WorkflowFailedError ? String(err.cause?.message ?? err.message) : String(err);
      },
    );
    await waitUpTo(args.wait_seconds, context, async () => {
      const phase =
        result || failure ? 'ended' : await handle.query(getCallSlotPhaseQuery).catch(() => 'placing');
      return {
        value: null,
        settled: result !== undefined || failure !== undefined,
        message: `call ${phase}`,
      };
    });
    if (result) return callOutput(base, result);
    if (failure)
      return {
        ...base,
        state: 'failed' as const,
        message: `The call failed: ${failure}`,
        call: null,
        suppression: null,
      };
    return {
      ...base,
      state: 'running' as const,
      message:
        'The call is under way. Call place_call again with the same request_id (and wait_seconds) for its result.',
      call: null,
      suppression: null,
    };
  },
});

const SmsOutputSchema = z.object({
  request_id: z.string(),
  workflow_id: z.string(),
  already_started: z.boolean(),
  state: z.enum(['sent', 'suppressed']),
  message: z.string(),
  message_id: z.string().nullable(),
  suppression: SuppressionSchema.nullable(),
});

export const sendSmsTool = defineTool({
  name: 'send_sms',
  title: 'Send one SMS',
  description:
    `Sends one text message and returns its message id once AgentPhone accepted it. The body is at most ` +
    `${SMS_BODY_MAX_CHARS} characters (a first text to a person also carries the sender's name and how to ` +
    'opt out). Numbers on the opt-out list are not texted (state "suppressed"). Pass the same request_id ' +
    'when retrying: the text is never sent twice.',
  input: z.strictObject({
    to: PhoneArgSchema,
    body: z
      .string()
      .refine((b) => b.trim() !== '', 'the message is empty')
      .refine((b) => b.length <= SMS_BODY_MAX_CHARS, `at most ${SMS_BODY_MAX_CHARS} characters`)
      .describe('The text to send'),
    agent_id: z.string().optional().describe('The AgentPhone agent that texts (default: the configured one)'),
    request_id: RequestIdSchema,
  }),
  output: SmsOutputSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  nothingDone: 'nothing was texted',
  async run(args, context) {
    const to = dialable('to', args.to);
    const requestId = args.request_id ?? randomUUID();
    const workflowId = workflowIds.sms(requestId);
    const command = await context.ringflow();
    const base = { request_id: requestId, workflow_id: workflowId };
    const listed = await listedBeforeStart(command, to, 'sms');
    if (listed)
      return {
        ...base,
        already_started: false,
        state: 'suppressed' as const,
        message: `Not texted: ${describeSuppression(listed)}.`,
        message_id: null,
        suppression: listed,
      };
    const { handle, alreadyStarted } = await startOnce(command.client, smsWorkflow, {
      taskQueue: command.taskQueue,
      workflowId,
      args: [{ toNumber: to, body: args.body, ...(args.agent_id ? { agentId: args.agent_id } : {}) }],
    });
    const result = await handle.result();
    if (result.suppressed)
      return {
        ...base,
        already_started: alreadyStarted,
        state: 'suppressed' as const,
        message: `Not texted: ${describeSuppression(result.suppression)}.`,
        message_id: null,
        suppression: result.suppression,
      };
    return {
      ...base,
      already_started: alreadyStarted,
      state: 'sent' as const,
      message: `Sent ${result.messageId} to ${result.toNumber}.`,
      message_id: result.messageId,
      suppression: null,
    };
  },
});
