/** `ringflow sms --to <number> --body <text> [--agent-id <id>] [--json]`: one SMS, sent exactly once. */
import { randomUUID } from 'node:crypto';
import { SMS_BODY_MAX_CHARS } from '../../common/sms-consent';
import { DialablePhoneSchema } from '../../workflows/reservation/input';
import { smsWorkflow } from '../../workflows';
import { workflowIds } from '../../workflows/messages';
import { workflowUiLink } from '../ui-link';
import { CommandOutput } from '../output';
import { commandClient, UsageError } from './shared';
import { jsonOption, ringflowCommand, runCommand, withExamples, type ExitCodeSink } from './command-kit';
import { refuseBadAgentId, refuseControlCharacters } from './text-flags';
import { listedBeforeStart, reportSuppressed } from './suppressed';
import { startOnce } from '../operations/start-once';

/** What `sms` was asked, after commander parsed it (before our own checks). */
interface SmsFlags {
  to?: string;
  body?: string;
  agentId?: string;
  requestId?: string;
  json?: boolean;
}

/** The declaration of `ringflow sms` (no side effects; `ringflow completion` reads it too). */
export function command(exitWith: ExitCodeSink) {
  return withExamples(
    ringflowCommand('sms', 'send one SMS, exactly once (nothing is sent to a number on the opt-out list)')
      .option('--to <number>', 'who gets the text, E.164 (+14155550123) or national; never 911/N11')
      .option('--body <text>', `the message (up to ${SMS_BODY_MAX_CHARS} characters, no control characters)`)
      .option(
        '--agent-id <id>',
        "the AgentPhone agent whose number sends it (agt_…); default: the worker's agent",
      )
      .option('--request-id <id>', 'the intent: the same id again returns the first SMS, never a second text')
      .addOption(jsonOption())
      .action(exitWith((flags: SmsFlags) => sms(flags))),
    [
      `ringflow sms --to +14155550123 --body "Your table for 2 is booked for 19:00."`,
      [
        `ringflow sms --to +14155550123 --body "Running 10 minutes late" --request-id late-1 --json`,
        'run it again with the same --request-id: the first text comes back, nobody is texted twice',
      ],
    ],
  );
}

export const main = (argv: string[]): Promise<number> => runCommand(argv, command);

/** Exit 3 (and nothing texted) when the number is on the opt-out list. */
async function sms(flags: SmsFlags): Promise<number | void> {
  if (!flags.to || flags.body === undefined)
    throw new UsageError(
      `Missing ${!flags.to ? '--to <number>' : '--body <text>'} (nothing was sent; see \`ringflow sms --help\`).`,
    );
  if (flags.body.trim() === '') throw new UsageError('--body: the message is empty (nothing was sent).');
  refuseControlCharacters('--body', flags.body, 'nothing was sent');
  refuseBadAgentId(flags.agentId, 'nothing was sent');
  if (flags.body.length > SMS_BODY_MAX_CHARS)
    throw new UsageError(
      `--body: ${flags.body.length} characters; the limit is ${SMS_BODY_MAX_CHARS}, which leaves room for ` +
        `the sender's name and opt-out wording a first text carries (nothing was sent).`,
    );
  const to = DialablePhoneSchema.safeParse(flags.to);
  if (!to.success)
    throw new UsageError(`--to: ${to.error.issues[0]?.message ?? 'not a valid number'} (nothing was sent).`);
  const output = new CommandOutput({ json: flags.json });
  const command = await commandClient();
  const { client, taskQueue, close } = command;
  try {
    const listed = await listedBeforeStart(command, to.data, 'sms');
    if (listed) return reportSuppressed(listed, 'sms', output.json);
    const workflowId = workflowIds.sms(flags.requestId ?? randomUUID());
    // The request id is the intent: run again with it, the first text's result comes back (no new SMS).
    const { handle } = await startOnce(client, smsWorkflow, {
      taskQueue,
      workflowId,
      args: [
        {
          toNumber: to.data,
          body: flags.body,
          ...(flags.agentId ? { agentId: flags.agentId } : {}),
        },
      ],
    });
    const result = await output.waitFor('Sending…', handle.result());
    if (result.suppressed) return reportSuppressed(result.suppression, 'sms', output.json);
    const link = workflowUiLink(workflowId);
    output.result(
      result,
      `${output.ok('Sent')} ${result.messageId} to ${result.toNumber}.${link ? ` Web UI: ${link}` : ''}`,
    );
  } finally {
    await close();
  }
}
