/**
 * `ringflow reservation status|reply|cancel <requestId>`: look at and steer a running reservation.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import {
  cancelReservationUpdate,
  getReservationStatusQuery,
  replyUpdate,
  workflowIds,
} from '../../workflows/messages';
import type { ReservationStatus } from '../../workflows/reservation/types';
import { readReply } from '../../outcome/human-reply';
import { CommandOutput } from '../output';
import { commandClient, UsageError, type CommandClient } from './shared';
import { jsonOption, ringflowCommand, runCommand, withExamples, type ExitCodeSink } from './command-kit';
import { refuseControlCharacters } from './text-flags';

/** A few human lines about a reservation's state. */
export function describeReservation(status: ReservationStatus): string {
  const lines = [`Reservation ${status.requestId}: ${status.state}`, `  ${status.message}`];
  for (const call of status.calls)
    lines.push(`  call ${call.callId ?? '?'} to ${call.restaurant}: ${call.outcome} (${call.reason})`);
  for (const sms of status.smsSent) lines.push(`  SMS to ${sms.to}: "${sms.body}"`);
  return lines.join('\n');
}

const REQUEST_ID = 'the --request-id the booking was made with (or the id `ringflow book` printed)';

/** The declaration of `ringflow reservation` and its subcommands (no side effects). */
export function command(exitWith: ExitCodeSink) {
  const reservation = withExamples(
    ringflowCommand('reservation', 'look at and steer a running reservation: status, reply, cancel'),
    [
      'ringflow reservation status ana-friday',
      'ringflow reservation reply ana-friday "8:30pm works"',
      'ringflow reservation cancel ana-friday --json',
    ],
  );
  reservation.addCommand(
    withExamples(
      ringflowCommand('status', 'where the reservation stands: its state, calls made and texts sent')
        .argument('<requestId>', REQUEST_ID)
        .addOption(jsonOption())
        .action(
          exitWith((requestId: string, flags: { json?: boolean }) =>
            steer(requestId, flags, async (handle) => handle.query(getReservationStatusQuery)),
          ),
        ),
      [
        'ringflow reservation status ana-friday',
        ['ringflow reservation status ana-friday --json | jq .state', 'the state alone, for a script'],
      ],
    ),
  );
  reservation.addCommand(
    withExamples(
      ringflowCommand(
        'reply',
        'answer the question the reservation texted you, as if by SMS: YES, NO, or another time',
      )
        .argument('<requestId>', REQUEST_ID)
        .argument(
          '<YES|NO|time...>',
          'your answer: YES, NO, or a time like 8:30pm (several words are joined)',
        )
        .addOption(jsonOption())
        .action(
          exitWith((requestId: string, words: string[], flags: { json?: boolean }) => {
            const text = words.join(' ');
            refuseControlCharacters('<answer>', text, `reservation ${requestId}: nothing was answered`);
            if (text.trim() === '')
              throw new UsageError(
                `<answer>: empty; answer YES, NO or a time (reservation ${requestId}: nothing was answered).`,
              );
            return steer(requestId, flags, (handle) =>
              handle.executeUpdate(replyUpdate, { args: [{ text, reading: readReply(text) }] }),
            );
          }),
        ),
      [
        ['ringflow reservation reply ana-friday YES', 'take the alternative the restaurant offered'],
        ['ringflow reservation reply ana-friday 8:30pm', 'ask for another time instead'],
      ],
    ),
  );
  reservation.addCommand(
    withExamples(
      ringflowCommand(
        'cancel',
        'stop the reservation: no more calls; a table already booked is not cancelled by phone',
      )
        .argument('<requestId>', REQUEST_ID)
        .addOption(jsonOption())
        .action(
          exitWith((requestId: string, flags: { json?: boolean }) =>
            steer(requestId, flags, (handle) =>
              handle.executeUpdate(cancelReservationUpdate, { args: ['cancelled from the CLI'] }),
            ),
          ),
        ),
      ['ringflow reservation cancel ana-friday', 'ringflow reservation cancel ana-friday --json'],
    ),
  );
  return reservation;
}

export const main = (argv: string[]): Promise<number> => runCommand(argv, command);

type ReservationHandle = ReturnType<CommandClient['client']['workflow']['getHandle']>;

/** Runs one query or update on the reservation and prints what came back. */
async function steer(
  requestId: string,
  flags: { json?: boolean },
  act: (handle: ReservationHandle) => Promise<unknown>,
): Promise<void> {
  const output = new CommandOutput({ json: flags.json });
  const { client, close } = await commandClient();
  try {
    const result = await act(client.workflow.getHandle(workflowIds.reservation(requestId)));
    output.result(result, () =>
      isReplyAnswer(result)
        ? `${output.ok('Reply accepted')}: ${JSON.stringify(result.understood)}`
        : describeReservation(result as ReservationStatus),
    );
  } catch (err) {
    if (err instanceof WorkflowNotFoundError)
      throw new UsageError(
        `<requestId>: no reservation with id ${requestId} (see \`ringflow status\` for running ones).`,
      );
    throw new UsageError(`reservation ${requestId}: ${(err as Error).message}`);
  } finally {
    await close();
  }
}

/** The reply update's answer (what the reservation understood), told apart from a status. */
function isReplyAnswer(result: unknown): result is { understood: unknown } {
  return typeof result === 'object' && result !== null && 'understood' in result;
}
