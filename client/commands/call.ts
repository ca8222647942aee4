/**
 * `ringflow call --to <E.164> --prompt <text> [--greeting <text>] [--agent-id <id>] [--wait] [--json]`:
 * one autonomous AI call as a durable workflow (placed exactly once, result from the webhook).
 */
import { randomUUID } from 'node:crypto';
import { DialablePhoneSchema } from '../../workflows/reservation/input';
import { callWorkflow } from '../../workflows';
import { workflowIds } from '../../workflows/messages';
import { workflowUiLink } from '../ui-link';
import { CommandOutput } from '../output';
import { commandClient, UsageError } from './shared';
import { jsonOption, ringflowCommand, runCommand, withExamples, type ExitCodeSink } from './command-kit';
import { MAX_PROMPT_CHARS, refuseBadAgentId, refuseControlCharacters, refuseTooLong } from './text-flags';
import { listedBeforeStart, reportSuppressed } from './suppressed';
import { startOnce } from '../operations/start-once';

/** What `call` was asked, after commander parsed it (before our own checks). */
interface CallFlags {
  to?: string;
  prompt?: string;
  greeting?: string;
  agentId?: string;
  requestId?: string;
  wait?: boolean;
  json?: boolean;
}

/** The declaration of `ringflow call` (no side effects; `ringflow completion` reads it too). */
export function command(exitWith: ExitCodeSink) {
  return withExamples(
    ringflowCommand('call', 'place one autonomous AI call and (with --wait) print its transcript')
      .option('--to <number>', 'the number to call, E.164 (+14155550123) or national; never 911/N11')
      .option(
        '--prompt <text>',
        `the agent's instructions for this call (up to ${MAX_PROMPT_CHARS.toLocaleString('en-US')} characters)`,
      )
      .option('--greeting <text>', 'what the agent says first (up to 1,000 characters)')
      .option('--agent-id <id>', "the AgentPhone agent that calls (agt_…); default: the worker's agent")
      .option(
        '--request-id <id>',
        'the intent: the same id again returns the first call, never a second dial',
      )
      .option('--wait', 'wait for the call to end and print its transcript')
      .addOption(jsonOption())
      .action(exitWith((flags: CallFlags) => call(flags))),
    [
      `ringflow call --to +14155550123 --prompt "Ask whether the shop is open on Sunday." --wait`,
      [
        `ringflow call --to +14155550123 --prompt "…" --request-id order-1234 --json`,
        'run it again with the same --request-id: the first call comes back, nobody is dialled twice',
      ],
    ],
  );
}

export const main = (argv: string[]): Promise<number> => runCommand(argv, command);

/** Exit 3 (and nothing called) when the number is on the opt-out list. */
async function call(flags: CallFlags): Promise<number | void> {
  if (!flags.to || !flags.prompt)
    throw new UsageError(
      `Missing ${!flags.to ? '--to <number>' : '--prompt <text>'} (nothing was called; see \`ringflow call --help\`).`,
    );
  refuseControlCharacters('--prompt', flags.prompt, 'nothing was called');
  refuseControlCharacters('--greeting', flags.greeting, 'nothing was called');
  refuseTooLong('--prompt', flags.prompt, MAX_PROMPT_CHARS, 'nothing was called');
  refuseTooLong('--greeting', flags.greeting, 1_000, 'nothing was called');
  refuseBadAgentId(flags.agentId, 'nothing was called');
  const to = DialablePhoneSchema.safeParse(flags.to);
  if (!to.success)
    throw new UsageError(
      `--to: ${to.error.issues[0]?.message ?? 'not a dialable number'} (nothing was called).`,
    );
  const output = new CommandOutput({ json: flags.json });
  const command = await commandClient();
  const { client, taskQueue, close } = command;
  try {
    const listed = await listedBeforeStart(command, to.data, 'call');
    if (listed) return reportSuppressed(listed, 'call', output.json);
    const workflowId = workflowIds.call(flags.requestId ?? randomUUID());
    // The request id is the intent: run again with it, the first call's result comes back (no new dial).
    const { handle } = await startOnce(client, callWorkflow, {
      taskQueue,
      workflowId,
      args: [
        {
          toNumber: to.data,
          systemPrompt: flags.prompt,
          ...(flags.greeting !== undefined ? { initialGreeting: flags.greeting } : {}),
          ...(flags.agentId ? { agentId: flags.agentId } : {}),
        },
      ],
    });
    const link = workflowUiLink(workflowId);
    const started = `Started ${workflowId}.${link ? ` Web UI: ${link}` : ''}`;
    if (!flags.wait) return output.result({ workflowId }, started);
    if (!output.json) output.note(started);
    const result = await output.waitFor('Waiting for the call to end…', handle.result());
    if (result.suppressed) return reportSuppressed(result.suppression, 'call', output.json);
    output.result(result, () => [
      `Call ${result.callId}: ${result.status} (${result.disconnectionReason ?? 'no reason'}), ${result.durationSeconds ?? 0}s`,
      ...result.transcript.map((turn) => `  ${turn.role}: ${turn.content}`),
    ]);
  } finally {
    await close();
  }
}
