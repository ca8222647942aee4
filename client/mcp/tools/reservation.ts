/**
 * The reservation tools: book_table, get_reservation, answer_offer, cancel_reservation. The same
 * workflow and validation as `ringflow book` / `ringflow reservation` (planReservation), with the
 * request_id as the reservation's id: a retried book_table finds the first reservation.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { z } from 'zod';
import { reservationWorkflow } from '../../../workflows';
import {
  cancelReservationUpdate,
  getReservationStatusQuery,
  replyUpdate,
  workflowIds,
} from '../../../workflows/messages';
import { planReservation } from '../../../workflows/reservation/input';
import { ANY_HOUR, type CallingHours, type ReservationStatus } from '../../../workflows/reservation/types';
import { readReply } from '../../../outcome/human-reply';
import { startOnce } from '../../operations/start-once';
import { RequestFieldError, type FieldProblem } from '../../operations/field-problem';
import { defineTool } from '../tool';
import { waitUpTo } from '../wait';
import { RequestIdSchema, WaitSecondsSchema } from './common';

/** States after which nothing more happens. */
const FINAL_STATES = new Set(['booked', 'not_booked', 'lapsed', 'declined', 'opted_out', 'cancelled']);

const ReservationStatusSchema = z.object({
  requestId: z.string(),
  state: z.enum([
    'calling',
    'waiting_to_retry',
    'waiting_for_hours',
    'awaiting_reply',
    'booked',
    'not_booked',
    'lapsed',
    'declined',
    'opted_out',
    'cancelled',
  ]),
  message: z.string(),
  restaurant: z.object({ name: z.string(), phone: z.string() }).nullable(),
  calls: z.array(
    z.object({
      workflowId: z.string(),
      callId: z.string().nullable(),
      restaurant: z.string(),
      outcome: z.string(),
      reason: z.string(),
    }),
  ),
  offer: z.object({ date: z.string(), time: z.string() }).nullable(),
  booking: z
    .object({
      restaurant: z.object({ name: z.string(), phone: z.string() }),
      date: z.string(),
      time: z.string(),
      partySize: z.number(),
      name: z.string(),
    })
    .nullable(),
  smsSent: z.array(z.object({ to: z.string(), body: z.string(), messageId: z.string() })),
});

/** What every reservation tool returns: the reservation's status and what the agent can do next. */
const ReservationOutputSchema = z.object({
  request_id: z.string(),
  workflow_id: z.string(),
  /** book_table only: true when this request_id had already started a reservation (nothing new began). */
  already_started: z.boolean().optional(),
  finished: z.boolean(),
  next_step: z.string(),
  status: ReservationStatusSchema,
});
type ReservationOutput = z.input<typeof ReservationOutputSchema>;

function nextStep(status: ReservationStatus): string {
  if (status.state === 'awaiting_reply')
    return `The restaurant offered ${status.offer?.date ?? ''} ${status.offer?.time ?? ''}: the human may answer by SMS, or call answer_offer with YES, NO or another time.`;
  if (FINAL_STATES.has(status.state)) return 'Nothing more will happen: this reservation has ended.';
  return 'Still working: call get_reservation (wait_seconds up to 600) to follow it, or cancel_reservation to stop it.';
}

function outputOf(status: ReservationStatus, extra: { already_started?: boolean } = {}): ReservationOutput {
  return {
    request_id: status.requestId,
    workflow_id: workflowIds.reservation(status.requestId),
    ...extra,
    finished: FINAL_STATES.has(status.state),
    next_step: nextStep(status),
    status,
  };
}

/** The request's fields as the tool names them, for problems planReservation reports by its own names. */
const FIELD_OF: Record<string, string> = {
  requestId: 'request_id',
  partySize: 'party_size',
  flexMinutes: 'flex_minutes',
  notifyNumber: 'notify_number',
  agentId: 'agent_id',
  'policy.replyTimeoutMs': 'reply_timeout_minutes',
  'policy.callingHours': 'calling_hours',
};

/** "restaurants.0.phone: not dialable" → { field: 'restaurants[0].phone', … }. */
export function reservationProblem(problem: string): FieldProblem {
  const [path = '', ...rest] = problem.split(': ');
  const parts = path.split('.');
  const field =
    parts[0] === 'restaurants'
      ? parts.map((p, i) => (i > 0 && /^\d+$/.test(p) ? `[${p}]` : i > 0 ? `.${p}` : p)).join('')
      : (FIELD_OF[parts.slice(0, 2).join('.')] ?? FIELD_OF[parts[0] ?? ''] ?? path);
  return { field, message: rest.join(': ') };
}

function callingHours(text: string): CallingHours {
  if (text.trim().toLowerCase() === 'any') return ANY_HOUR;
  const [start, end, ...rest] = text.split('-').map((t) => t.trim());
  if (!start || !end || rest.length > 0)
    throw new RequestFieldError([
      { field: 'calling_hours', message: `"${text}" is not HH:MM-HH:MM (e.g. 10:00-21:00) or "any"` },
    ]);
  return { start, end };
}

async function reservationStatus(client: Client, requestId: string): Promise<ReservationStatus> {
  try {
    return await client.workflow
      .getHandle(workflowIds.reservation(requestId))
      .query(getReservationStatusQuery);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError)
      throw new RequestFieldError([
        { field: 'request_id', message: `no reservation has the id "${requestId}"` },
      ]);
    throw err;
  }
}

/** How long answer_offer waits for the reservation to take an accepted answer up. */
const ANSWER_TAKEN_SECONDS = 10;

/** Follows a reservation until it ends, needs an answer, or `seconds` pass. */
async function follow(
  client: Client,
  requestId: string,
  seconds: number,
  context: Parameters<typeof waitUpTo>[1],
): Promise<ReservationStatus> {
  const step = await waitUpTo(seconds, context, async () => {
    const status = await reservationStatus(client, requestId);
    return {
      value: status,
      settled: FINAL_STATES.has(status.state) || status.state === 'awaiting_reply',
      message: `${status.state}: ${status.message}`,
    };
  });
  return step.value;
}

const RequestIdOfReservation = z.string().min(1).describe('The request_id book_table returned.');

export const bookTableTool = defineTool({
  name: 'book_table',
  title: 'Book a restaurant table by phone',
  description:
    'Books a table by phoning the restaurant with an AI voice agent, then texts the result to the human at ' +
    'notify_number. Give one or more restaurants (tried in order when one is full or does not answer), the ' +
    "party size, date (YYYY-MM-DD, the restaurant's local date), time (HH:MM, 24-hour) and the name to book " +
    'under. When the restaurant offers another time, the reservation waits for the human to answer by SMS ' +
    "(or for you to call answer_offer). Returns at once with the reservation's request_id unless you pass " +
    'wait_seconds, in which case it waits up to that long for the booking, an offer to answer, or the end. ' +
    'Pass the same request_id when retrying: the restaurant is never called twice for one request.',
  input: z.strictObject({
    restaurants: z
      .array(
        z.strictObject({
          name: z.string().min(1).describe("The restaurant's name, as the agent will say it"),
          phone: z.string().describe("The restaurant's phone number, E.164 (e.g. +14155550123)"),
        }),
      )
      .min(1)
      .describe('Restaurants to try, in order'),
    party_size: z.number().int('a whole number').describe('How many people'),
    date: z.string().describe("YYYY-MM-DD, on the restaurant's clock"),
    time: z.string().describe("HH:MM, 24-hour, on the restaurant's clock"),
    flex_minutes: z
      .number()
      .int('a whole number of minutes')
      .default(60)
      .describe('How far from time the human would still go'),
    name: z.string().describe('The name the table is booked under'),
    notify_number: z.string().describe("The human's mobile, E.164: offers and the result are texted here"),
    agent_id: z
      .string()
      .optional()
      .describe('The AgentPhone agent that calls and texts (default: the configured one)'),
    reply_timeout_minutes: z
      .number()
      .int('a whole number of minutes')
      .optional()
      .describe('How long the human has to answer an offer (default 120)'),
    calling_hours: z
      .string()
      .optional()
      .describe('When the restaurant may be called: HH:MM-HH:MM or "any" (default 10:00-21:00)'),
    request_id: RequestIdSchema,
    wait_seconds: WaitSecondsSchema,
  }),
  output: ReservationOutputSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  nothingDone: 'nothing was called or texted',
  async run(args, context) {
    const requestId = args.request_id ?? randomUUID();
    const policy = {
      ...(args.reply_timeout_minutes !== undefined
        ? { replyTimeoutMs: args.reply_timeout_minutes * 60_000 }
        : {}),
      ...(args.calling_hours !== undefined ? { callingHours: callingHours(args.calling_hours) } : {}),
    };
    const checked = planReservation(
      {
        requestId,
        restaurants: args.restaurants,
        partySize: args.party_size,
        date: args.date,
        time: args.time,
        flexMinutes: args.flex_minutes,
        name: args.name,
        notifyNumber: args.notify_number,
        ...(args.agent_id ? { agentId: args.agent_id } : {}),
        policy,
      },
      Date.now(),
    );
    if (!checked.ok) throw new RequestFieldError(checked.problems.map(reservationProblem));
    const { client, taskQueue } = await context.ringflow();
    const { alreadyStarted } = await startOnce(client, reservationWorkflow, {
      taskQueue,
      workflowId: workflowIds.reservation(requestId),
      args: [checked.plan.request],
    });
    if (!alreadyStarted) context.resourcesChanged();
    const status = await follow(client, requestId, args.wait_seconds, context);
    return outputOf(status, { already_started: alreadyStarted });
  },
});

export const getReservationTool = defineTool({
  name: 'get_reservation',
  title: 'Follow a reservation',
  description:
    'Returns where a reservation started by book_table stands: calling, waiting to retry, waiting for the ' +
    "restaurant's hours, awaiting the human's answer to an offer, or ended (booked, not_booked, lapsed, " +
    'declined, opted_out, cancelled), with its calls and texts. With wait_seconds it waits up to that long ' +
    'for the reservation to end or to need an answer, sending progress notifications as it moves.',
  input: z.strictObject({ request_id: RequestIdOfReservation, wait_seconds: WaitSecondsSchema }),
  output: ReservationOutputSchema,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  nothingDone: 'nothing was changed',
  async run(args, context) {
    const { client } = await context.ringflow();
    return outputOf(await follow(client, args.request_id, args.wait_seconds, context));
  },
});

export const answerOfferTool = defineTool({
  name: 'answer_offer',
  title: "Answer a restaurant's offer",
  description:
    'Answers the offer of a reservation in state awaiting_reply on the human\'s behalf: "YES" takes the ' +
    'offered time (the restaurant is called back to book it), "NO" declines, or give another time (e.g. ' +
    '"8:30pm"). Only do this when the human told you their answer. Returns how the answer was understood ' +
    "and the reservation's status; follow it with get_reservation.",
  input: z.strictObject({
    request_id: RequestIdOfReservation,
    answer: z.string().min(1).describe('YES, NO, or a time such as 20:30 or 8:30pm'),
  }),
  output: ReservationOutputSchema.extend({
    accepted: z.boolean(),
    understood: z.object({ kind: z.string() }).loose(),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  nothingDone: 'nothing was called or texted',
  async run(args, context) {
    const { client } = await context.ringflow();
    await reservationStatus(client, args.request_id); // an unknown id is named as such
    const handle = client.workflow.getHandle(workflowIds.reservation(args.request_id));
    const answer = await handle.executeUpdate(replyUpdate, {
      args: [{ text: args.answer, reading: readReply(args.answer) }],
    });
    // The update records the answer; the reservation leaves awaiting_reply on its next step. Wait for
    // that (briefly), so neither this result nor a get_reservation right after still asks for an answer.
    const { value: status } = await waitUpTo(ANSWER_TAKEN_SECONDS, context, async () => {
      const now = await reservationStatus(client, args.request_id);
      return { value: now, settled: !answer.accepted || now.state !== 'awaiting_reply', message: now.state };
    });
    return {
      ...outputOf(status),
      accepted: answer.accepted,
      understood: answer.understood,
    };
  },
});

export const cancelReservationTool = defineTool({
  name: 'cancel_reservation',
  title: 'Cancel a reservation',
  description:
    'Cancels a reservation that is still running: no further call is made, and a call in progress is ' +
    'ended. A reservation that has already ended is left as it is (its status is returned). Cancelling ' +
    'twice is harmless.',
  input: z.strictObject({ request_id: RequestIdOfReservation }),
  output: ReservationOutputSchema,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  nothingDone: 'nothing was changed',
  async run(args, context) {
    const { client } = await context.ringflow();
    const status = await reservationStatus(client, args.request_id);
    if (FINAL_STATES.has(status.state)) return outputOf(status);
    const handle = client.workflow.getHandle(workflowIds.reservation(args.request_id));
    return outputOf(
      await handle.executeUpdate(cancelReservationUpdate, { args: ['cancelled by an MCP client'] }),
    );
  },
});
