import { ApplicationFailure } from '@temporalio/activity';
import { AgentPhoneError, assertDialable, isRetryable, retryAfterMs, toE164 } from '../agentphone';

/**
 * Turns an AgentPhone client error into the Temporal failure the workflow sees: the error's stable `name`
 * becomes the failure `type` (workflows branch on it), validation/auth/emergency errors are
 * non-retryable, and a server's Retry-After becomes `nextRetryDelay`. Other errors pass through (Temporal
 * retries them per the activity's policy).
 */
export function toActivityFailure(err: unknown): unknown {
  if (!(err instanceof AgentPhoneError)) return err;
  const delay = retryAfterMs(err);
  const status = 'status' in err ? (err as { status?: number }).status : undefined;
  const requestId = 'requestId' in err ? (err as { requestId?: string | null }).requestId : undefined;
  return ApplicationFailure.create({
    type: err.name,
    message: err.message,
    nonRetryable: !isRetryable(err),
    ...(delay !== undefined ? { nextRetryDelay: delay } : {}),
    details: [{ status: status ?? null, requestId: requestId ?? null }],
    cause: err,
  });
}

/** A failure for bad input that no retry can fix (named by `type`, e.g. "EmergencyNumberError"). */
export function nonRetryable(type: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true });
}

/** Runs `fn`, converting AgentPhone errors as `toActivityFailure` describes. */
export async function translatingErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toActivityFailure(err);
  }
}

/** The agent a side effect acts as: the one the workflow named, else the worker's default. */
export function resolveAgentId(requested: string | undefined, fallback: string | undefined): string {
  const agentId = requested ?? fallback;
  if (!agentId) {
    throw nonRetryable(
      'ConfigError',
      'No agentId given and no default agent configured (AGENTPHONE_AGENT_ID).',
    );
  }
  return agentId;
}

/**
 * The E.164 form of a number AgentPhone may call or text. An invalid, emergency, N11 or crisis number
 * is bad input no retry can fix: the activity fails for good (type InvalidPhoneNumberError or
 * EmergencyNumberError) before any request is made.
 */
export function dialableOrFail(input: string): string {
  try {
    return assertDialable(toE164(input));
  } catch (err) {
    const error = err as Error;
    throw nonRetryable(error.name, error.message);
  }
}
