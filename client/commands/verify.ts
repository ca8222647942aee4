/**
 * `ringflow verify --code 123456 [--email …] [--json]`: hands the emailed code to the waiting
 * onboarding (sealed: the code never sits in history in clear). On success the worker has written the
 * new API key to the credentials file; this command reads it from there and shows it once.
 * Exits 2 for a wrong code (bad input: try again), 3 when the sign-up ended without an account.
 */
import { existsSync } from 'node:fs';
import { readCredentials } from '../../common/process/credentials-file';
import { sealSecretFromEnv } from '../../common/process/one-time-code-seal';
import { workflowIds } from '../../workflows/messages';
import { START_AGAIN } from '../../workflows/onboarding/text';
import type { VerifiedAccount } from '../../workflows/onboarding/types';
import { codeProblem, emailKey, emailProblem, pendingOnboardings, submitCode } from '../onboarding';
import { commandClient, loadCommandConfig, UsageError } from './shared';
import { CommandOutput } from '../output';
import { jsonOption, ringflowCommand, runCommand, withExamples, type ExitCodeSink } from './command-kit';
import { EXIT } from '../exit-codes';

interface VerifyFlags {
  code?: string;
  email?: string;
  json?: boolean;
}

/** The declaration of `ringflow verify` (no side effects; `ringflow completion` reads it too). */
export function command(exitWith: ExitCodeSink) {
  return withExamples(
    ringflowCommand(
      'verify',
      'finish sign-up with the emailed code; the new API key is stored (mode 0600) and shown once. ' +
        'Exit 2 for a wrong code (try again), 3 when the sign-up ended without an account',
    )
      .option('--code <6 digits>', 'the code from the email (sealed before it reaches Temporal)')
      .option('--email <address>', 'which sign-up, when more than one waits for a code')
      .addOption(jsonOption())
      .action(exitWith((flags: VerifyFlags) => verify(flags))),
    [
      'ringflow verify --code 123456',
      [
        'ringflow verify --code 123456 --email owner@example.com --json',
        'the account, agent and key fingerprint as JSON',
      ],
    ],
  );
}

export const main = (argv: string[]): Promise<number> => runCommand(argv, command);

async function verify(flags: VerifyFlags): Promise<number> {
  if (flags.code === undefined)
    throw new UsageError('--code is required: the 6 digits from the email (see `ringflow verify --help`).');
  const problem = codeProblem(flags.code);
  if (problem) throw new UsageError(`--code ${problem} (nothing was sent).`);
  if (flags.email !== undefined && emailProblem(flags.email))
    throw new UsageError(`--email ${emailProblem(flags.email)} (nothing was sent).`);

  const output = new CommandOutput({ json: flags.json });
  const config = loadCommandConfig();
  const access = await commandClient();
  try {
    let workflowId: string;
    if (flags.email !== undefined)
      workflowId = workflowIds.onboarding(emailKey(access.numberKey, flags.email));
    else {
      const pending = await pendingOnboardings(access.client, access.taskQueue);
      if (pending.length === 0)
        throw new UsageError(
          'No sign-up is waiting for a code. Start one with `ringflow signup --email <you>`.',
        );
      if (pending.length > 1)
        throw new UsageError(`${pending.length} sign-ups are waiting for a code; name yours with --email.`);
      workflowId = pending[0]!;
    }
    const answer = await output.waitFor(
      'Checking the code…',
      submitCode(access.client, workflowId, flags.code, sealSecretFromEnv(config)),
    );
    if (answer.outcome === 'verified') return reportVerified(answer.account, output);
    output.result(answer, () =>
      answer.outcome === 'ended'
        ? answer.result
          ? `This sign-up has ended (${answer.result.state}): ${answer.result.message}`
          : `No sign-up for this email. ${START_AGAIN}`
        : output.bad(answer.message),
    );
    // A wrong code is bad input: the human may type it again (within the API's limit).
    if (answer.outcome === 'wrong-code') return EXIT.badInput;
    return EXIT.unsuccessful;
  } finally {
    await access.close();
  }
}

/** Shows the key once, read from the credentials file the worker just wrote. */
function reportVerified(account: VerifiedAccount, output: CommandOutput): number {
  const stored = existsSync(account.credentialsFile) ? readCredentials(account.credentialsFile) : undefined;
  const key = stored && stored.fingerprint === account.keyFingerprint ? stored.apiKey : undefined;
  output.result(
    { outcome: 'verified', ...account, apiKey: key ?? null, phoneNumber: stored?.phoneNumber ?? null },
    () => [
      `${output.ok('Verified')}: account ${account.accountId}, agent ${account.agentId}` +
        (stored?.phoneNumber ? `, number ${stored.phoneNumber}` : '') +
        '.',
      ...(key
        ? [
            `Your API key (shown once; kept in ${account.credentialsFile}, mode 0600):`,
            `  ${key}`,
            'Every ringflow process reads it from there while AGENTPHONE_API_KEY is not set.',
          ]
        : [
            `The API key (${account.keyFingerprint}) is in ${account.credentialsFile} on the worker's machine; ` +
              'copy that file (mode 0600) to where your ringflow processes run.',
          ]),
    ],
  );
  return 0;
}
