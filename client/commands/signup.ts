/**
 * `ringflow signup --email <human> [--agent-name …] [--json]`: starts the onboarding flow of that email
 * (AgentPhone emails the human a 6-digit code) and says what to do next. Exits 3 when the email already
 * has an account (with how to get a key from the dashboard instead).
 */
import { emailProblem, startOnboarding } from '../onboarding';
import { workflowUiLink } from '../ui-link';
import { commandClient, parseFlags, printJson, UsageError } from './shared';

const USAGE = `Usage: ringflow signup --email <you@example.com> [--agent-name <name>] [--json]
Example: ringflow signup --email owner@example.com --agent-name "Front desk"
Then:    ringflow verify --code <the 6 digits from the email>`;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    {
      email: { type: 'string' },
      'agent-name': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    USAGE,
  );
  if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}".\n\n${USAGE}`);
  if (values.email === undefined) throw new UsageError(`--email is required.\n\n${USAGE}`);
  const problem = emailProblem(values.email);
  if (problem) throw new UsageError(`--email ${problem}.\n\n${USAGE}`);
  const agentName = values['agent-name']?.trim();
  if (agentName !== undefined && (agentName.length === 0 || agentName.length > 100))
    throw new UsageError(`--agent-name must be 1 to 100 characters.\n\n${USAGE}`);

  const access = await commandClient();
  try {
    const { workflowId, status, alreadyWaiting } = await startOnboarding(access, {
      email: values.email,
      agentName,
    });
    const link = workflowUiLink(workflowId);
    if (values.json) printJson({ workflowId, alreadyWaiting, ...status, webUi: link ?? null });
    else {
      if (alreadyWaiting) console.log('A sign-up for this email was already waiting for its code.');
      console.log(status.message);
      if (status.state === 'waiting-for-code')
        console.log(
          `The code is valid until ${status.codeExpiresAt}; ${status.attemptsLeft} tries. ` +
            `Run: ringflow verify --code <6 digits> --email ${values.email.trim()}`,
        );
      console.log(`Workflow: ${workflowId}${link ? ` (${link})` : ''}`);
    }
    return status.state === 'waiting-for-code' ? 0 : 3;
  } finally {
    await access.close();
  }
}
