/**
 * `ringflow verify --code 123456 [--email …] [--json]`: hands the emailed code to the waiting
 * onboarding (sealed: the code never sits in history in clear). On success the worker has written the
 * new API key to the credentials file; this command reads it from there and shows it once.
 * Exits 1 for a wrong code (try again), 3 when the sign-up ended without an account.
 */
import { existsSync } from 'node:fs';
import { readCredentials } from '../../common/process/credentials-file';
import { sealSecretFromEnv } from '../../common/process/one-time-code-seal';
import { workflowIds } from '../../workflows/messages';
import { START_AGAIN } from '../../workflows/onboarding/text';
import type { VerifiedAccount } from '../../workflows/onboarding/types';
import { codeProblem, emailKey, emailProblem, pendingOnboardings, submitCode } from '../onboarding';
import { commandClient, loadCommandConfig, parseFlags, printJson, UsageError } from './shared';
import { EXIT } from '../exit-codes';

const USAGE = `Usage: ringflow verify --code <6 digits> [--email <you@example.com>] [--json]
Example: ringflow verify --code 123456 --email owner@example.com`;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    { code: { type: 'string' }, email: { type: 'string' }, json: { type: 'boolean', default: false } },
    USAGE,
  );
  if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}".\n\n${USAGE}`);
  if (values.code === undefined) throw new UsageError(`--code is required.\n\n${USAGE}`);
  const problem = codeProblem(values.code);
  if (problem) throw new UsageError(`--code ${problem}.\n\n${USAGE}`);
  if (values.email !== undefined && emailProblem(values.email))
    throw new UsageError(`--email ${emailProblem(values.email)}.\n\n${USAGE}`);

  const config = loadCommandConfig();
  const access = await commandClient();
  try {
    let workflowId: string;
    if (values.email !== undefined)
      workflowId = workflowIds.onboarding(emailKey(access.numberKey, values.email));
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
    const answer = await submitCode(access.client, workflowId, values.code, sealSecretFromEnv(config));
    if (answer.outcome === 'verified') return reportVerified(answer.account, values.json);
    if (values.json) printJson(answer);
    else if (answer.outcome === 'ended')
      console.log(
        answer.result
          ? `This sign-up has ended (${answer.result.state}): ${answer.result.message}`
          : `No sign-up for this email. ${START_AGAIN}`,
      );
    else console.log(answer.message);
    // A wrong code is bad input: the human may type it again (within the API's limit).
    if (answer.outcome === 'wrong-code') return EXIT.badInput;
    return EXIT.unsuccessful;
  } finally {
    await access.close();
  }
}

/** Shows the key once, read from the credentials file the worker just wrote. */
function reportVerified(account: VerifiedAccount, json: boolean): number {
  const stored = existsSync(account.credentialsFile) ? readCredentials(account.credentialsFile) : undefined;
  const key = stored && stored.fingerprint === account.keyFingerprint ? stored.apiKey : undefined;
  if (json) {
    printJson({
      outcome: 'verified',
      ...account,
      apiKey: key ?? null,
      phoneNumber: stored?.phoneNumber ?? null,
    });
    return 0;
  }
  console.log(
    `Verified: account ${account.accountId}, agent ${account.agentId}` +
      (stored?.phoneNumber ? `, number ${stored.phoneNumber}` : '') +
      '.',
  );
  if (key) {
    console.log(`Your API key (shown once; kept in ${account.credentialsFile}, mode 0600):`);
    console.log(`  ${key}`);
    console.log('Every ringflow process reads it from there while AGENTPHONE_API_KEY is not set.');
  } else
    console.log(
      `The API key (${account.keyFingerprint}) is in ${account.credentialsFile} on the worker's machine; ` +
        'copy that file (mode 0600) to where your ringflow processes run.',
    );
  return 0;
}
