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
import { CommandOutput } from '../output';
import { commandClient, UsageError } from './shared';
import { jsonOption, ringflowCommand, runCommand, withExamples, type ExitCodeSink } from './command-kit';
import { declaredActionArgs } from './declared-flags';
import { refuseBadAgentId, refuseControlCharacters } from './text-flags';
import { describeReservation } from './reservation';
import { startOnce } from '../operations/start-once';

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

/** What `book` was asked, after commander parsed it (before our own checks). */
interface BookFlags {
  restaurantPhone: string[];
  restaurantName: string[];
  party?: string;
  date?: string;
  time?: string;
  flexMinutes: string;
  name?: string;
  notify?: string;
  requestId?: string;
  agentId?: string;
  replyTimeoutMinutes?: string;
  callingHours?: string;
  wait?: boolean;
  json?: boolean;
}

/** Collects a repeated flag's values in order (fallback restaurants). */
const repeated = (value: string, previous: string[]): string[] => [...previous, value];

/** The declaration of `ringflow book` (no side effects; `ringflow completion` reads it too). */
export function command(exitWith: ExitCodeSink) {
  return withExamples(
    ringflowCommand(
      'book',
      'book a restaurant table by phone: starts a reservation workflow that calls, reads the answer, ' +
        'texts you when an alternative needs your yes, and tries fallbacks in order',
    )
      .option(
        '--restaurant-phone <number>',
        "the restaurant's number, E.164 or national; repeat it (each with its --restaurant-name) for fallbacks, tried in order, up to 10",
        repeated,
        [] as string[],
      )
      .option(
        '--restaurant-name <name>',
        'the restaurant the number before it belongs to',
        repeated,
        [] as string[],
      )
      .option('--party <n>', 'how many people (1 to 30)')
      .option('--date <YYYY-MM-DD>', "the day, in the restaurant's calendar (today or later)")
      .option('--time <HH:MM>', 'the time wanted, 24-hour (19:00)')
      .option(
        '--flex-minutes <minutes>',
        'how far from --time a table may be and still count as booked',
        '60',
      )
      .option('--name <booking name>', 'the name the table is booked under')
      .option('--notify <number>', 'your mobile: the result, and any question, arrive there by SMS')
      .option(
        '--request-id <id>',
        'the intent: book again with the same id and the first reservation is followed (no new call)',
      )
      .option('--agent-id <id>', "the AgentPhone agent that calls (agt_…); default: the worker's agent")
      .option(
        '--reply-timeout-minutes <minutes>',
        'how long an offered alternative waits for your SMS answer (default 120)',
      )
      .option(
        '--calling-hours <HH:MM-HH:MM|any>',
        'when the restaurant may be called, its local time (default 10:00-21:00)',
      )
      .option('--wait', 'follow the reservation until it ends; exit 3 if no table was booked')
      .addOption(jsonOption())
      .action(exitWith((flags: BookFlags) => book(flags))),
    [
      [
        'ringflow book --restaurant-phone +14155550123 --restaurant-name "Lovely Thai" --party 2 --date 2026-12-05 --time 19:00 --name Manav --notify +14155550199 --wait',
        'call, and follow each step until the table is booked (or not: exit 3)',
      ],
      [
        'ringflow book --restaurant-phone +14155550123 --restaurant-name "Lovely Thai" --restaurant-phone +14155550124 --restaurant-name "Basil House" --party 4 --date 2026-12-05 --time 20:00 --name Ana --notify +14155550199 --request-id ana-friday --json',
        'a fallback restaurant; prints {workflowId, runId}; the same --request-id again never calls twice',
      ],
    ],
  );
}

export const main = (argv: string[]): Promise<number> => runCommand(argv, command);

/**
 * Builds and validates the request from the command line (through `book`'s own declaration); throws a
 * UsageError naming each bad flag. Tests and the chaos corpus call it without a server.
 */
export function reservationFromFlags(argv: string[]): {
  request: ReservationRequest;
  wait: boolean;
  json: boolean;
} {
  const [flags] = declaredActionArgs(argv, command) as [BookFlags];
  return checkedRequest(flags);
}

/** The request the flags describe, or a UsageError naming every bad flag at once. */
function checkedRequest(values: BookFlags): { request: ReservationRequest; wait: boolean; json: boolean } {
  const phones = values.restaurantPhone;
  const names = values.restaurantName;
  const missing = [
    ['--restaurant-phone', phones.length > 0],
    ['--party', values.party],
    ['--date', values.date],
    ['--time', values.time],
    ['--name', values.name],
    ['--notify', values.notify],
  ].filter(([, v]) => !v);
  if (missing.length > 0)
    throw new UsageError(
      `Missing ${missing.map(([f]) => f).join(', ')} (nothing was called or texted; see \`ringflow book --help\`).`,
    );
  if (names.length !== phones.length) {
    throw new UsageError(
      `Give one --restaurant-name for each --restaurant-phone (got ${names.length} names, ${phones.length} phones).`,
    );
  }
  refuseControlCharacters('--name', values.name, 'nothing was called or texted');
  for (const name of names)
    refuseControlCharacters('--restaurant-name', name, 'nothing was called or texted');
  refuseBadAgentId(values.agentId, 'nothing was called or texted');
  const number = (flag: string, text: string | undefined) => {
    const n = Number(text);
    if (!Number.isInteger(n)) throw new UsageError(`${flag}: "${text}" is not a whole number.`);
    return n;
  };
  const candidate = {
    requestId: values.requestId ?? randomUUID(),
    restaurants: phones.map((phone, i) => ({ phone, name: names[i]! })),
    partySize: number('--party', values.party),
    date: values.date,
    time: values.time,
    flexMinutes: number('--flex-minutes', values.flexMinutes),
    name: values.name,
    notifyNumber: values.notify,
    ...(values.agentId ? { agentId: values.agentId } : {}),
    policy: {
      ...(values.replyTimeoutMinutes
        ? { replyTimeoutMs: number('--reply-timeout-minutes', values.replyTimeoutMinutes) * 60_000 }
        : {}),
      ...(values.callingHours ? { callingHours: callingHours(values.callingHours) } : {}),
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
  return { request: checked.plan.request, wait: values.wait === true, json: values.json === true };
}

/** Prints each change of state while waiting, with what the human can do next. */
async function followUntilDone(
  handle: WorkflowHandle<typeof reservationWorkflow>,
  requestId: string,
  output: CommandOutput,
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
        output.note(`… ${status.message}${hint}`);
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

/** Exit 3 with --wait when the reservation ended without a table. */
async function book(flags: BookFlags): Promise<number | void> {
  const { request, wait, json } = checkedRequest(flags);
  const output = new CommandOutput({ json });
  const { client, taskQueue, close } = await commandClient();
  try {
    const workflowId = workflowIds.reservation(request.requestId);
    // The request id is the intent: book again with it, and the first reservation is followed (no new call).
    const { handle, runId } = await startOnce(client, reservationWorkflow, {
      taskQueue,
      workflowId,
      args: [request],
    });
    const link = workflowUiLink(workflowId);
    const webUi = link ? [`Web UI: ${link}`] : [];
    if (!wait) {
      output.result({ workflowId, runId, webUi: link ?? null }, [
        `Started ${workflowId}. Follow it with: ringflow reservation status ${request.requestId}`,
        ...webUi,
      ]);
      return;
    }
    for (const line of webUi) output.note(line);
    const result: ReservationResult = json
      ? await handle.result()
      : await followUntilDone(handle, request.requestId, output);
    output.result(result, () =>
      result.state === 'booked' ? output.ok(describeReservation(result)) : describeReservation(result),
    );
    return result.state === 'booked' ? 0 : NOT_BOOKED_EXIT_CODE;
  } finally {
    await close();
  }
}
