import {
  allHandlersFinished,
  condition,
  isCancellation,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { apiActivityOptions } from '../activity-options';
import { getOnboardingStatusQuery, onboardingCodeSentUpdate, verifyCodeUpdate } from '../messages';
import { OnboardingRun } from './run';
import type { OnboardingInput, OnboardingResult } from './types';

// Each sign-up attempt emails the human another code: never repeated (an unclear failure ends the flow,
// and `ringflow signup` again asks for a new code).
const { signUp } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 1 },
});
// Verify may be retried with the same code (the API allows it for transient failures).
const { verifySignUp } = proxyActivities<Activities>(apiActivityOptions('2 minutes'));

/**
 * Opens an AgentPhone account (`onboarding:<keyed hash of the email>`): sign-up emails the human a
 * 6-digit code; the `verify-code` update (from `ringflow verify`) checks it, allowing further tries
 * within the API's limit, until the code expires. The API key verify returns is written by the activity
 * to the credentials file and never enters history: the result holds only its fingerprint.
 * Query `get-onboarding-status`; update `code-sent` waits until sign-up has answered.
 *
 * @example
 * await client.workflow.start(onboardingWorkflow, {
 *   taskQueue, workflowId: workflowIds.onboarding(emailKey), args: [{ email: 'owner@example.com' }],
 * });
 */
export async function onboardingWorkflow(input: OnboardingInput): Promise<OnboardingResult> {
  const run = new OnboardingRun(input);
  setHandler(getOnboardingStatusQuery, () => run.status);
  setHandler(onboardingCodeSentUpdate, async () => {
    await condition(() => run.state !== 'signing-up');
    return run.status;
  });
  setHandler(verifyCodeUpdate, (request) => run.verify(request, verifySignUp), {
    validator: (request) => run.checkVerify(request),
  });

  try {
    run.signedUp(await signUp({ email: input.email, agentName: input.agentName }), Date.now());
  } catch (err) {
    if (isCancellation(err)) throw err;
    const cause = (err as Error).cause;
    run.signUpFailed(cause instanceof Error ? cause.message : (err as Error).message);
  }

  while (!run.finished) {
    const remainingMs = run.codeExpiresAtMs - Date.now();
    if (run.state === 'verifying') {
      // A code sent just before expiry is still checked: the API decides whether it was in time.
      await condition(() => run.state !== 'verifying');
    } else if (remainingMs <= 0) {
      run.expire();
    } else {
      await condition(() => run.finished || run.state === 'verifying', remainingMs);
    }
  }
  await condition(allHandlersFinished);
  return run.result;
}
