/**
 * `ringflow signup --email <human> [--agent-name …] [--json]`: starts the onboarding flow of that email
 * (AgentPhone emails the human a 6-digit code) and says what to do next. Exits 3 when the email already
 * has an account (with how to get a key from the dashboard instead).
 */
import { emailProblem, startOnboarding } from '../onboarding';
import { workflowUiLink } from '../ui-link';
import { CommandOutput } from '../output';
import { commandClient, UsageError } from './shared';
import { jsonOption, ringflowCommand, runCommand, withExamples, type ExitCodeSink } from './command-kit';

interface SignupFlags {
  email?: string;
  agentName?: string;
  json?: boolean;
}

/** The declaration of `ringflow signup` (no side effects; `ringflow completion` reads it too). */
export function command(exitWith: ExitCodeSink) {
  return withExamples(
    ringflowCommand(
      'signup',
      'open an AgentPhone account: a durable sign-up flow; AgentPhone emails you a 6-digit code, ' +
        'which `ringflow verify` hands in (exit 3 when the email already has an account)',
    )
      .option('--email <address>', 'your email: the code is sent there')
      .option('--agent-name <name>', 'the name of the first voice agent (1 to 100 characters)')
      .addOption(jsonOption())
      .action(exitWith((flags: SignupFlags) => signup(flags))),
    [
      'ringflow signup --email owner@example.com --agent-name "Front desk"',
      ['ringflow verify --code 123456 --email owner@example.com', 'then: hand in the code from the email'],
    ],
  );
}

export const main = (argv: string[]): Promise<number> => runCommand(argv, command);

async function signup(flags: SignupFlags): Promise<number> {
  if (flags.email === undefined)
    throw new UsageError('--email is required (nothing was sent; see `ringflow signup --help`).');
  const problem = emailProblem(flags.email);
  if (problem) throw new UsageError(`--email ${problem} (nothing was sent).`);
  const agentName = flags.agentName?.trim();
  if (agentName !== undefined && (agentName.length === 0 || agentName.length > 100))
    throw new UsageError('--agent-name must be 1 to 100 characters (nothing was sent).');
  const output = new CommandOutput({ json: flags.json });
  const access = await commandClient();
  try {
    const { workflowId, status, alreadyWaiting } = await startOnboarding(access, {
      email: flags.email,
      agentName,
    });
    const link = workflowUiLink(workflowId);
    output.result({ workflowId, alreadyWaiting, ...status, webUi: link ?? null }, () => [
      ...(alreadyWaiting ? ['A sign-up for this email was already waiting for its code.'] : []),
      status.message,
      ...(status.state === 'waiting-for-code'
        ? [
            `The code is valid until ${status.codeExpiresAt}; ${status.attemptsLeft} tries. ` +
              `Run: ringflow verify --code <6 digits> --email ${flags.email!.trim()}`,
          ]
        : []),
      `Workflow: ${workflowId}${link ? ` (${link})` : ''}`,
    ]);
    return status.state === 'waiting-for-code' ? 0 : 3;
  } finally {
    await access.close();
  }
}
