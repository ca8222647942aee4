import { ApplicationFailure } from '@temporalio/activity';
import { AgentPhoneError, isRetryable, retryAfterMs } from '../agentphone';

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
