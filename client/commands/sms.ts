/** `ringflow sms --to <number> --body <text> [--agent-id <id>] [--json]`: one SMS, sent exactly once. */
import { randomUUID } from 'node:crypto';
import { SMS_BODY_MAX_CHARS } from '../../common/sms-consent';
import { DialablePhoneSchema } from '../../workflows/reservation/input';
import { smsWorkflow } from '../../workflows';
import { workflowIds } from '../../workflows/messages';
import { workflowUiLink } from '../ui-link';
import { commandClient, parseFlags, printJson, UsageError } from './shared';
import { refuseBadAgentId, refuseControlCharacters } from './text-flags';
import { listedBeforeStart, reportSuppressed } from './suppressed';
import { startOnce } from '../operations/start-once';

const USAGE =
  'Usage: ringflow sms --to <number> --body <text> [--agent-id <agt_…>] [--request-id <id>] [--json]';

/** Exit 3 (and nothing texted) when the number is on the opt-out list. */
export async function main(argv: string[]): Promise<number | void> {
  const { values } = parseFlags(
    argv,
    {
      to: { type: 'string' },
      body: { type: 'string' },
      'agent-id': { type: 'string' },
      'request-id': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    USAGE,
  );
  if (!values.to || values.body === undefined)
    throw new UsageError(`Missing ${!values.to ? '--to' : '--body'}.\n\n${USAGE}`);
  if (values.body.trim() === '') throw new UsageError('--body: the message is empty (nothing was sent).');
  refuseControlCharacters('--body', values.body, 'nothing was sent');
  refuseBadAgentId(values['agent-id'], 'nothing was sent');
  if (values.body.length > SMS_BODY_MAX_CHARS)
    throw new UsageError(
      `--body: ${values.body.length} characters; the limit is ${SMS_BODY_MAX_CHARS}, which leaves room for ` +
        `the sender's name and opt-out wording a first text carries (nothing was sent).`,
    );
  const to = DialablePhoneSchema.safeParse(values.to);
  if (!to.success)
    throw new UsageError(`--to: ${to.error.issues[0]?.message ?? 'not a valid number'} (nothing was sent).`);
  const command = await commandClient();
  const { client, taskQueue, close } = command;
  try {
    const listed = await listedBeforeStart(command, to.data, 'sms');
    if (listed) return reportSuppressed(listed, 'sms', values.json);
    const workflowId = workflowIds.sms(values['request-id'] ?? randomUUID());
    // The request id is the intent: run again with it, the first text's result comes back (no new SMS).
    const { handle } = await startOnce(client, smsWorkflow, {
      taskQueue,
      workflowId,
      args: [
        {
          toNumber: to.data,
          body: values.body,
          ...(values['agent-id'] ? { agentId: values['agent-id'] } : {}),
        },
      ],
    });
    const result = await handle.result();
    if (result.suppressed) return reportSuppressed(result.suppression, 'sms', values.json);
    if (values.json) printJson(result);
    else {
      const link = workflowUiLink(workflowId);
      console.log(`Sent ${result.messageId} to ${result.toNumber}.${link ? ` Web UI: ${link}` : ''}`);
    }
  } finally {
    await close();
  }
}
