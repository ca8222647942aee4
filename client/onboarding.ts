/**
 * What `ringflow signup` and `ringflow verify` do with Temporal: start (or find) the onboarding workflow
 * of an email, wait until the code is emailed, and submit a sealed code through the `verify-code` update.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { NumberKeyer } from '../common/process/number-key';
import { sealOneTimeCode } from '../common/process/one-time-code-seal';
import { onboardingWorkflow } from '../workflows';
import {
  getOnboardingStatusQuery,
  onboardingCodeSentUpdate,
  verifyCodeUpdate,
  workflowIds,
} from '../workflows/messages';
import type {
  OnboardingInput,
  OnboardingResult,
  OnboardingStatus,
  VerifyCodeResult,
} from '../workflows/onboarding/types';

/** An email's pseudonymous id part: the number-key HMAC over `email:<normalised address>`. */
export function emailKey(keyer: NumberKeyer, email: string): string {
  return keyer(`email:${email.trim().toLowerCase()}`);
}

/** Why an email cannot be signed up, or undefined (the API's own rule: 6–200 characters with an @). */
export function emailProblem(email: string): string | undefined {
  const trimmed = email.trim();
  if (trimmed.length < 6 || trimmed.length > 200) return 'must be 6 to 200 characters';
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(trimmed)) return 'must be an email address like owner@example.com';
  return undefined;
}

/** Why a code cannot be the emailed one, or undefined. */
export function codeProblem(code: string): string | undefined {
  return /^\d{6}$/.test(code.trim()) ? undefined : 'must be the 6 digits from the email, e.g. --code 123456';
}

export interface OnboardingAccess {
  client: Client;
  taskQueue: string;
  numberKey: NumberKeyer;
}

/**
 * Starts `onboarding:<emailKey>` (or joins the one already waiting) and returns once sign-up answered.
 *
 * @example
 * const { workflowId, status } = await startOnboarding(access, { email: 'owner@example.com' });
 */
export async function startOnboarding(
  access: OnboardingAccess,
  input: OnboardingInput,
): Promise<{ workflowId: string; status: OnboardingStatus; alreadyWaiting: boolean }> {
  const workflowId = workflowIds.onboarding(emailKey(access.numberKey, input.email));
  let alreadyWaiting = false;
  try {
    await access.client.workflow.start(onboardingWorkflow, {
      taskQueue: access.taskQueue,
      workflowId,
      args: [input],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    alreadyWaiting = true;
  }
  const status = await access.client.workflow.getHandle(workflowId).executeUpdate(onboardingCodeSentUpdate);
  return { workflowId, status, alreadyWaiting };
}

/** The running onboardings' workflow ids (for `ringflow verify` without `--email`). */
export async function pendingOnboardings(client: Client, taskQueue: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const execution of client.workflow.list({
    query: `WorkflowType = 'onboardingWorkflow' AND ExecutionStatus = 'Running' AND TaskQueue = '${taskQueue}'`,
  }))
    ids.push(execution.workflowId);
  return ids;
}

/** What a code submission came to: the update's answer, or how the flow had already ended. */
export type CodeSubmission = VerifyCodeResult | { outcome: 'ended'; result: OnboardingResult | undefined };

/**
 * Seals `code` and sends it through `verify-code`. A flow that has ended (expired, say) answers with
 * its result, so the CLI can say what happened and how to start again.
 */
export async function submitCode(
  client: Client,
  workflowId: string,
  code: string,
  sealSecret: string,
): Promise<CodeSubmission> {
  const handle = client.workflow.getHandle<typeof onboardingWorkflow>(workflowId);
  const description = await handle.describe().catch((err: unknown) => {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  });
  if (!description) return { outcome: 'ended', result: undefined };
  if (description.status.name !== 'RUNNING')
    return { outcome: 'ended', result: await handle.result().catch(() => undefined) };
  try {
    return await handle.executeUpdate(verifyCodeUpdate, {
      args: [{ sealedCode: sealOneTimeCode(code.trim(), sealSecret) }],
    });
  } catch (err) {
    // The code may have expired (and the flow ended) between describe() and the update.
    const now = await handle.describe();
    if (now.status.name !== 'RUNNING')
      return { outcome: 'ended', result: await handle.result().catch(() => undefined) };
    throw err;
  }
}

/** The status of an onboarding (for `ringflow status`). */
export function onboardingStatus(client: Client, workflowId: string): Promise<OnboardingStatus> {
  return client.workflow.getHandle(workflowId).query(getOnboardingStatusQuery);
}
