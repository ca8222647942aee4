/**
 * `ringflow call --to <E.164> --prompt <text> [--greeting <text>] [--agent-id <id>] [--wait] [--json]`:
 * one autonomous AI call as a durable workflow (placed exactly once, result from the webhook).
 */
import { randomUUID } from 'node:crypto';
import { DialablePhoneSchema } from '../../workflows/reservation/input';
import { callWorkflow } from '../../workflows';
import { workflowIds } from '../../workflows/messages';
import { workflowUiLink } from '../ui-link';
import { commandClient, parseFlags, printJson, UsageError } from './shared';
import { MAX_PROMPT_CHARS, refuseBadAgentId, refuseControlCharacters, refuseTooLong } from './text-flags';
import { listedBeforeStart, reportSuppressed } from './suppressed';
import { startOnce } from '../operations/start-once';

const USAGE =
  'Usage: ringflow call --to <E.164> --prompt <text> [--greeting <text>] [--agent-id <agt_…>] [--request-id <id>] [--wait] [--json]';

/** Exit 3 (and nothing called) when the number is on the opt-out list. */
export async function main(argv: string[]): Promise<number | void> {
  const { values } = parseFlags(
    argv,
    {
      to: { type: 'string' },
      prompt: { type: 'string' },
      greeting: { type: 'string' },
      'agent-id': { type: 'string' },
      'request-id': { type: 'string' },
      wait: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
    USAGE,
  );
  if (!values.to || !values.prompt)
    throw new UsageError(`Missing ${!values.to ? '--to' : '--prompt'}.\n\n${USAGE}`);
  refuseControlCharacters('--prompt', values.prompt, 'nothing was called');
  refuseControlCharacters('--greeting', values.greeting, 'nothing was called');
  refuseTooLong('--prompt', values.prompt, MAX_PROMPT_CHARS, 'nothing was called');
  refuseTooLong('--greeting', values.greeting, 1_000, 'nothing was called');
  refuseBadAgentId(values['agent-id'], 'nothing was called');
  const to = DialablePhoneSchema.safeParse(values.to);
  if (!to.success)
    throw new UsageError(
      `--to: ${to.error.issues[0]?.message ?? 'not a dialable number'} (nothing was called).`,
    );
  const command = await commandClient();
  const { client, taskQueue, close } = command;
  try {
    const listed = await listedBeforeStart(command, to.data, 'call');
    if (listed) return reportSuppressed(listed, 'call', values.json);
    const workflowId = workflowIds.call(values['request-id'] ?? randomUUID());
    // The request id is the intent: run again with it, the first call's result comes back (no new dial).
    const { handle } = await startOnce(client, callWorkflow, {
      taskQueue,
      workflowId,
      args: [
        {
          toNumber: to.data,
          systemPrompt: values.prompt,
          ...(values.greeting !== undefined ? { initialGreeting: values.greeting } : {}),
          ...(values['agent-id'] ? { agentId: values['agent-id'] } : {}),
        },
      ],
    });
    const link = workflowUiLink(workflowId);
    if (!values.wait) {
      if (values.json) printJson({ workflowId });
      else console.log(`Started ${workflowId}.${link ? ` Web UI: ${link}` : ''}`);
      return;
    }
    if (link && !values.json) console.log(`Started ${workflowId}. Web UI: ${link}`);
    const result = await handle.result();
    if (result.suppressed) return reportSuppressed(result.suppression, 'call', values.json);
    if (values.json) return printJson(result);
    console.log(
      `Call ${result.callId}: ${result.status} (${result.disconnectionReason ?? 'no reason'}), ${result.durationSeconds ?? 0}s`,
    );
    for (const turn of result.transcript) console.log(`  ${turn.role}: ${turn.content}`);
  } finally {
    await close();
  }
}
