/**
 * `ringflow book`: starts a reservation workflow (and with --wait, waits for its result).
 *
 *   ringflow book --restaurant-phone +14155550123 --restaurant-name "Lovely Thai" --party 2 \
 *     --date 2026-12-05 --time 19:00 --flex-minutes 60 --name Manav --notify +14155550199 [--wait] [--json]
 *
 * Repeat --restaurant-phone/--restaurant-name to give fallbacks, tried in order.
 */
import { randomUUID } from 'node:crypto';
import { reservationWorkflow } from '../../workflows';
import type { WorkflowHandle } from '@temporalio/client';
import { getReservationStatusQuery, workflowIds } from '../../workflows/messages';
import { workflowUiLink } from '../ui-link';
import { planReservation } from '../../workflows/reservation/input';
import {
  ANY_HOUR,
  type CallingHours,
  type ReservationRequest,
  type ReservationResult,
} from '../../workflows/reservation/types';
import { commandClient, parseFlags, printJson, UsageError } from './shared';
import { refuseBadAgentId, refuseControlCharacters } from './text-flags';
import { describeReservation } from './reservation';
import { startOnce } from '../operations/start-once';

const USAGE = `Usage: ringflow book --restaurant-phone <E.164> --restaurant-name <name> --party <n> --date <YYYY-MM-DD>
         --time <HH:MM> --name <booking name> --notify <E.164> [--flex-minutes 60] [--request-id <id>]
         [--agent-id <agt_…>] [--reply-timeout-minutes 120] [--calling-hours 10:00-21:00|any]
         [--wait] [--json]`;

/** Which flag a field of the request came from, so errors name what the user typed. */
function flagOf(field: string): string {
  const [head, index, sub] = field.split('.');
  const byField: Record<string, string> = {
    requestId: '--request-id',
    'date/time': '--date/--time',
    partySize: '--party',
    date: '--date',
    time: '--time',
    flexMinutes: '--flex-minutes',
    name: '--name',
    notifyNumber: '--notify',
    agentId: '--agent-id',
    policy: '--reply-timeout-minutes',
    'policy.callingHours': '--calling-hours',
  };
  if (head === 'restaurants') {
    if (index === undefined || sub === undefined) return '--restaurant-phone';
    return `${sub === 'phone' ? '--restaurant-phone' : '--restaurant-name'} #${Number(index) + 1}`;
  }
  return byField[field.split('.').slice(0, 2).join('.')] ?? byField[head ?? ''] ?? field;
}

/** "10:00-21:00" → those hours; "any" → every hour. The hours themselves are validated with the request. */
function callingHours(text: string): CallingHours {
  if (text.trim().toLowerCase() === 'any') return ANY_HOUR;
  const [start, end, ...rest] = text.split('-').map((t) => t.trim());
  if (!start || !end || rest.length > 0)
    throw new UsageError(`--calling-hours: "${text}" is not HH:MM-HH:MM (e.g. 10:00-21:00) or "any".`);
  return { start, end };
}

/** Builds and validates the request from flags; throws a UsageError naming each bad flag. */
export function reservationFromFlags(argv: string[]): {
  request: ReservationRequest;
  wait: boolean;
  json: boolean;
} {
  const { values } = parseFlags(
    argv,
    {
      'restaurant-phone': { type: 'string', multiple: true },
      'restaurant-name': { type: 'string', multiple: true },
      party: { type: 'string' },
      date: { type: 'string' },
      time: { type: 'string' },
      'flex-minutes': { type: 'string', default: '60' },
      name: { type: 'string' },
      notify: { type: 'string' },
      'request-id': { type: 'string' },
      'agent-id': { type: 'string' },
      'reply-timeout-minutes': { type: 'string' },
      'calling-hours': { type: 'string' },
      wait: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
    USAGE,
  );
  const phones = values['restaurant-phone'] ?? [];
  const names = values['restaurant-name'] ?? [];
  const missing = [
    ['--restaurant-phone', phones.length > 0],
    ['--party', values.party],
    ['--date', values.date],
    ['--time', values.time],
    ['--name', values.name],
    ['--notify', values.notify],
  ].filter(([, v]) => !v);
  if (missing.length > 0) throw new UsageError(`Missing ${missing.map(([f]) => f).join(', ')}.\n\n${USAGE}`);
  if (names.length !== phones.length) {
    throw new UsageError(
      `Give one --restaurant-name for each --restaurant-phone (got ${names.length} names, ${phones.length} phones).`,
    );
  }
  refuseControlCharacters('--name', values.name, 'nothing was called or texted');
  for (const name of names)
    refuseControlCharacters('--restaurant-name', name, 'nothing was called or texted');
  refuseBadAgentId(values['agent-id'], 'nothing was called or texted');
  const number = (flag: string, text: string | undefined) => {
    const n = Number(text);
    if (!Number.isInteger(n)) throw new UsageError(`${flag}: "${text}" is not a whole number.`);
    return n;
  };
  const candidate = {
    requestId: values['request-id'] ?? randomUUID(),
    restaurants: phones.map((phone, i) => ({ phone, name: names[i]! })),
    partySize: number('--party', values.party),
    date: values.date,
    time: values.time,
    flexMinutes: number('--flex-minutes', values['flex-minutes']),
    name: values.name,
    notifyNumber: values.notify,
    ...(values['agent-id'] ? { agentId: values['agent-id'] } : {}),
    policy: {
      ...(values['reply-timeout-minutes']
        ? { replyTimeoutMs: number('--reply-timeout-minutes', values['reply-timeout-minutes']) * 60_000 }
        : {}),
      ...(values['calling-hours'] ? { callingHours: callingHours(values['calling-hours']) } : {}),
    },
  };
  const checked = planReservation(candidate, Date.now());
  if (!checked.ok) {
    const lines = checked.problems.map((p) => {
      const [field, ...rest] = p.split(': ');
      return `  ${flagOf(field ?? '')}: ${rest.join(': ')}`;
    });
    throw new UsageError(`Invalid booking request (nothing was called or texted):\n${lines.join('\n')}`);
  }
  return { request: checked.plan.request, wait: values.wait, json: values.json };
}

/** Prints each change of state while waiting, with what the human can do next. */
async function followUntilDone(
  handle: WorkflowHandle<typeof reservationWorkflow>,
  requestId: string,
): Promise<ReservationResult> {
  let lastMessage = '';
  const timer = setInterval(() => {
    handle
      .query(getReservationStatusQuery)
      .then((status) => {
        if (status.message === lastMessage) return;
        lastMessage = status.message;
        const hint =
          status.state === 'awaiting_reply'
            ? ` (answer by SMS, or: ringflow reservation reply ${requestId} YES|NO|<time>)`
            : '';
        console.log(`… ${status.message}${hint}`);
      })
      .catch(() => {});
  }, 1_000);
  try {
    return await handle.result();
  } finally {
    clearInterval(timer);
  }
}

/** `book --wait` exits with this when the reservation ended without a table (declined, full, lapsed…). */
export const NOT_BOOKED_EXIT_CODE = 3;

/** The Web UI link of a started workflow, on its own line (text output only). */
function printUiLink(workflowId: string, json: boolean): void {
  const link = workflowUiLink(workflowId);
  if (link && !json) console.log(`Web UI: ${link}`);
}

export async function main(argv: string[]): Promise<number | void> {
  const { request, wait, json } = reservationFromFlags(argv);
  const { client, taskQueue, close } = await commandClient();
  try {
    const workflowId = workflowIds.reservation(request.requestId);
    // The request id is the intent: book again with it, and the first reservation is followed (no new call).
    const { handle, runId } = await startOnce(client, reservationWorkflow, {
      taskQueue,
      workflowId,
      args: [request],
    });
    if (!wait) {
      if (json) printJson({ workflowId, runId });
      else
        console.log(
          `Started ${workflowId}. Follow it with: ringflow reservation status ${request.requestId}`,
        );
      printUiLink(workflowId, json);
      return;
    }
    printUiLink(workflowId, json);
    const result: ReservationResult = json
      ? await handle.result()
      : await followUntilDone(handle, request.requestId);
    if (json) printJson(result);
    else console.log(describeReservation(result));
    return result.state === 'booked' ? 0 : NOT_BOOKED_EXIT_CODE;
  } finally {
    await close();
  }
}
