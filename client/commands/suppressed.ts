/** How `ringflow call` and `ringflow sms` report a number on the opt-out list. */
import { describeSuppression, suppressionOf, type ContactKind, type Suppression } from '../../common/opt-out';
import { lookUpOptOut } from '../opt-out-list';
import type { CommandClient } from './shared';

/** The exit code of a command that did nothing because the number is on the opt-out list. */
export const SUPPRESSED_EXIT_CODE = 3;

/** Prints why nothing happened (to stderr, or as JSON) and returns the exit code. */
export function reportSuppressed(suppression: Suppression, contact: ContactKind, json: boolean): number {
  const nothing = contact === 'call' ? 'nothing was called' : 'nothing was texted';
  if (json) process.stdout.write(`${JSON.stringify({ suppressed: true, suppression }, null, 2)}\n`);
  else process.stderr.write(`suppressed: ${describeSuppression(suppression)}; ${nothing}.\n`);
  return SUPPRESSED_EXIT_CODE;
}

/**
 * The opt-out that stops this contact, asked before anything starts so the operator hears it at once.
 * The activity checks again right before the dial or the SMS: that check is the guarantee.
 */
export async function listedBeforeStart(
  command: CommandClient,
  e164: string,
  contact: ContactKind,
): Promise<Suppression | undefined> {
  return suppressionOf(await lookUpOptOut(command.optOuts, e164), contact, command.optOutScope);
}
