/**
 * Onboarding against the simulator over HTTP: sign-up emails a code (read from the simulator's
 * outbox), `verify-code` checks it, the worker writes the key to a 0600 credentials file, and neither
 * the key nor the code appears in clear in the workflow's history.
 */
import { after, before, describe, test } from 'node:test';
import { once } from 'node:events';
import assert from 'node:assert/strict';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { developmentNumberKeyer, DEVELOPMENT_NUMBER_KEY } from '../../../common/process/number-key';
import { readCredentials } from '../../../common/process/credentials-file';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { startOnboarding, submitCode } from '../../../client/onboarding';
import { verifyCodeUpdate } from '../../../workflows/messages';
import { historyText } from '../../helpers/history-text';
import { runCli } from '../../helpers/processes';
import { startTestStack, type TestStack } from '../../helpers/stack';

let stack: TestStack;
let credentialsFile: string;
before(async () => {
  credentialsFile = join(mkdtempSync(join(tmpdir(), 'ringflow-onboarding-')), 'config', 'credentials.json');
  stack = await startTestStack({}, {}, { RINGFLOW_CREDENTIALS_FILE: credentialsFile });
});
after(() => stack?.stop());

const access = () => ({
  client: stack.temporal.client,
  taskQueue: stack.taskQueue,
  numberKey: developmentNumberKeyer,
});
const newEmail = () => `owner-${randomUUID().slice(0, 8)}@example.com`;

async function emailedCode(email: string): Promise<string> {
  const outbox = await stack.list<{ to: string; code: string }>('/_sim/outbox');
  const mail = outbox.filter((m) => m.to === email).at(-1);
  assert.ok(mail, `a code was emailed to ${email}`);
  return mail.code;
}

const wrongCodeFor = (code: string) => (code === '000000' ? '111111' : '000000');

describe('ringflow onboarding against the simulator', () => {
  test('sign-up, a wrong code, then the right one: the key lands in a 0600 file, history holds neither key nor code', async () => {
    const email = newEmail();
    const { workflowId, status } = await startOnboarding(access(), { email, agentName: 'Front desk' });
    assert.equal(status.state, 'waiting-for-code');
    assert.ok(!workflowId.includes(email) && !workflowId.includes('example'), 'no email in the workflow id');
    const code = await emailedCode(email);

    // The validator refuses anything but a sealed code, before it reaches history.
    await assert.rejects(
      stack.temporal.client.workflow
        .getHandle(workflowId)
        .executeUpdate(verifyCodeUpdate, { args: [{ sealedCode: code }] }),
      (err: unknown) =>
        err instanceof WorkflowUpdateFailedError &&
        /the 6 digits from the email, sealed/.test(err.cause?.message ?? ''),
    );
    const wrong = await submitCode(
      stack.temporal.client,
      workflowId,
      wrongCodeFor(code),
      DEVELOPMENT_NUMBER_KEY,
    );
    assert.equal(wrong.outcome, 'wrong-code');
    assert.equal(wrong.outcome === 'wrong-code' && wrong.attemptsLeft, 4);

    const right = await submitCode(stack.temporal.client, workflowId, code, DEVELOPMENT_NUMBER_KEY);
    assert.equal(right.outcome, 'verified');
    const result = await stack.temporal.client.workflow.getHandle(workflowId).result();
    assert.equal(result.state, 'verified');

    const stored = readCredentials(credentialsFile);
    assert.ok(stored, 'the credentials file was written');
    assert.match(stored.apiKey, /^sk_/);
    assert.equal(stored.baseUrl, stack.simulatorUrl);
    assert.equal(result.account?.keyFingerprint, stored.fingerprint);
    assert.equal(result.account?.accountId, stored.accountId);
    assert.equal(statSync(credentialsFile).mode & 0o777, 0o600);
    assert.equal(statSync(dirname(credentialsFile)).mode & 0o777, 0o700);
    // The simulator's account works with the stored key.
    const usage = await fetch(`${stack.simulatorUrl}/v1/usage`, {
      headers: { authorization: `Bearer ${stored.apiKey}` },
    });
    assert.equal(usage.status, 200);

    const history = await historyText(stack.temporal.client, workflowId);
    // The search reads decoded payloads: sign-up's input (the email) is there in clear, so it can fail.
    assert.ok(history.includes(email), 'the history text holds decoded payloads');
    assert.ok(!history.includes(stored.apiKey), 'no API key in history');
    assert.ok(!history.includes(code), 'no code in history');
    assert.ok(history.includes(stored.fingerprint), 'the fingerprint is recorded');
  });

  test('an expired code ends the flow with how to start again, and a new sign-up works', async () => {
    const email = newEmail();
    const { workflowId } = await startOnboarding(access(), { email });
    const code = await emailedCode(email);
    await stack.control('/_sim/clock/advance', { ms: 11 * 60_000 });

    const late = await submitCode(stack.temporal.client, workflowId, code, DEVELOPMENT_NUMBER_KEY);
    assert.equal(late.outcome, 'expired');
    assert.match(late.outcome === 'expired' ? late.message : '', /expired.*ringflow signup --email/);
    const result = await stack.temporal.client.workflow.getHandle(workflowId).result();
    assert.equal(result.state, 'expired');

    const again = await submitCode(stack.temporal.client, workflowId, code, DEVELOPMENT_NUMBER_KEY);
    assert.equal(again.outcome, 'ended');

    // The same email can sign up again: a new run of the same workflow id, and a new code.
    const restarted = await startOnboarding(access(), { email });
    assert.equal(restarted.workflowId, workflowId);
    assert.equal(restarted.status.state, 'waiting-for-code');
  });

  test('an email that already has an account gets the dashboard hint and no code', async () => {
    const email = newEmail();
    const first = await startOnboarding(access(), { email });
    const ok = await submitCode(
      stack.temporal.client,
      first.workflowId,
      await emailedCode(email),
      DEVELOPMENT_NUMBER_KEY,
    );
    assert.equal(ok.outcome, 'verified');

    const outboxBefore = (await stack.list('/_sim/outbox')).length;
    const second = await startOnboarding(access(), { email });
    assert.equal(second.status.state, 'account-exists');
    assert.match(second.status.message, /dashboard.*ringflow login --api-key-stdin/);
    assert.equal((await stack.list('/_sim/outbox')).length, outboxBefore, 'no second email');
  });

  test('the CLI: signup, a wrong code (exit 1, tries left), the right code shows the key once', async () => {
    const email = newEmail();
    const env = {
      PATH: process.env.PATH,
      TEMPORAL_ADDRESS: stack.temporal.address,
      RINGFLOW_TASK_QUEUE: stack.taskQueue,
      RINGFLOW_CREDENTIALS_FILE: join(dirname(credentialsFile), 'cli-unused.json'),
      TEMPORAL_UI_URL: 'http://ui.example',
    };
    const cli = async (...args: string[]) => {
      const run = runCli(args, env);
      const code = run.child.exitCode ?? (await once(run.child, 'exit'))[0];
      return { code, output: run.output() };
    };
    const bad = await cli('signup', '--email', 'not-an-email');
    assert.equal(bad.code, 2, 'bad input');
    assert.match(bad.output, /--email must be an email address/);

    const signup = await cli('signup', '--email', email);
    assert.equal(signup.code, 0, signup.output);
    assert.match(signup.output, /ringflow verify --code <6 digits>/);
    assert.match(signup.output, /http:\/\/ui\.example\/namespaces\/default\/workflows\/onboarding%3A/);
    const code = await emailedCode(email);

    const wrong = await cli('verify', '--code', wrongCodeFor(code), '--email', email);
    assert.equal(wrong.code, 2, 'a wrong code is bad input');
    assert.match(wrong.output, /not the one we emailed\. 4 tries left/);
    const malformed = await cli('verify', '--code', '12345');
    assert.equal(malformed.code, 2, 'bad input');
    assert.match(malformed.output, /--code must be the 6 digits/);

    const right = await cli('verify', '--code', code, '--email', email);
    assert.equal(right.code, 0, right.output);
    const stored = readCredentials(credentialsFile);
    assert.ok(stored);
    assert.ok(right.output.includes(stored.apiKey), 'the key is shown once');
    assert.match(right.output, /shown once; kept in .*credentials\.json, mode 0600/);
  });

  test('a verify whose answer was lost says, on its retry, that the account may exist, and writes no key', async () => {
    const email = newEmail();
    const { workflowId } = await startOnboarding(access(), { email });
    const code = await emailedCode(email);
    await stack.control('/_sim/faults', { on: 'POST /v0/agent/verify', commitThenDrop: true, times: 1 });
    const before = readCredentials(credentialsFile)?.savedAt;
    const answer = await submitCode(stack.temporal.client, workflowId, code, DEVELOPMENT_NUMBER_KEY);
    assert.equal(answer.outcome, 'wrong-code');
    assert.match(
      answer.outcome === 'wrong-code' ? answer.message : '',
      /retry after an unclear failure.*ringflow login --api-key-stdin/,
    );
    assert.equal(readCredentials(credentialsFile)?.savedAt, before, 'no key was written');
    // The flow still waits (another try is allowed); the API keeps refusing the used verification.
    const again = await submitCode(stack.temporal.client, workflowId, code, DEVELOPMENT_NUMBER_KEY);
    assert.equal(again.outcome, 'wrong-code');
  });

  test('too many wrong codes end the flow (the API limit)', async () => {
    const email = newEmail();
    const { workflowId } = await startOnboarding(access(), { email });
    const code = await emailedCode(email);
    const outcomes: string[] = [];
    for (let i = 0; i < 5; i += 1)
      outcomes.push(
        (await submitCode(stack.temporal.client, workflowId, wrongCodeFor(code), DEVELOPMENT_NUMBER_KEY))
          .outcome,
      );
    assert.deepEqual(outcomes, ['wrong-code', 'wrong-code', 'wrong-code', 'wrong-code', 'exhausted']);
    assert.equal((await stack.temporal.client.workflow.getHandle(workflowId).result()).state, 'exhausted');
  });
});
