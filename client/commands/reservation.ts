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
import { commandClient, parseFlags, printJson, UsageError } from './shared';

const USAGE = `Usage: ringflow reservation status <requestId> [--json]
       ringflow reservation reply <requestId> <YES|NO|time, e.g. 8:30pm> [--json]
       ringflow reservation cancel <requestId> [--json]`;

/** A few human lines about a reservation's state. */
export function describeReservation(status: ReservationStatus): string {
  const lines = [`Reservation ${status.requestId}: ${status.state}`, `  ${status.message}`];
  for (const call of status.calls)
    lines.push(`  call ${call.callId ?? '?'} to ${call.restaurant}: ${call.outcome} (${call.reason})`);
  for (const sms of status.smsSent) lines.push(`  SMS to ${sms.to}: "${sms.body}"`);
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseFlags(argv, { json: { type: 'boolean', default: false } }, USAGE);
  const [action, requestId, ...rest] = positionals;
  if (!action || !requestId || !['status', 'reply', 'cancel'].includes(action)) throw new UsageError(USAGE);
  if (action === 'reply' && rest.length === 0)
    throw new UsageError(`reply needs an answer: YES, NO or a time.\n\n${USAGE}`);
  const { client, close } = await commandClient();
  try {
    const handle = client.workflow.getHandle(workflowIds.reservation(requestId));
    let result: unknown;
    if (action === 'status') result = await handle.query(getReservationStatusQuery);
    else if (action === 'reply') {
      const text = rest.join(' ');
      result = await handle.executeUpdate(replyUpdate, { args: [{ text, reading: readReply(text) }] });
    } else result = await handle.executeUpdate(cancelReservationUpdate, { args: ['cancelled from the CLI'] });
    if (values.json) printJson(result);
    else if (action === 'reply')
      console.log(`Reply accepted: ${JSON.stringify((result as { understood: unknown }).understood)}`);
    else console.log(describeReservation(result as ReservationStatus));
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new UsageError(`No reservation with id ${requestId}.`);
    throw new UsageError(`${action} failed: ${(err as Error).message}`);
  } finally {
    await close();
  }
}
