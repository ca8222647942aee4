import { envInt } from './parse-env';

/**
 * Caps on outbound calls across every flow (reservations, callbacks, campaigns, `ringflow call`), read
 * by the worker and handed to the limiter workflows by its activities (never read in workflow code).
 *
 * - Live calls per account default to 5: AgentPhone's documented plan limit (`concurrentCalls: 5`,
 *   the simulator's too), above which it answers 409.
 * - Live calls per number default to 1: the API sets no per-number limit, but one number placing calls
 *   side by side looks like an autodialer to the carriers' analytics (the number that people call back
 *   then shows as "spam likely"), and a number on one call at a time is what a person expects of it.
 *   Raise it for campaigns from a number that is only used for them.
 * - Attempts per recipient per day default to 3, across all flows: a reservation's own retries
 *   (3 per restaurant) fit, and nobody is called a fourth time on one day because two flows wanted them.
 */
export const callLimitsEnv = {
  RINGFLOW_MAX_LIVE_CALLS_PER_ACCOUNT: envInt(1).default(5),
  RINGFLOW_MAX_LIVE_CALLS_PER_NUMBER: envInt(1).default(1),
  RINGFLOW_MAX_ATTEMPTS_PER_RECIPIENT_PER_DAY: envInt(1).default(3),
};

/** The caps as activities use them. */
export interface CallLimits {
  liveCallsPerAccount: number;
  liveCallsPerNumber: number;
  attemptsPerRecipientPerDay: number;
}

export const DEFAULT_CALL_LIMITS: CallLimits = {
  liveCallsPerAccount: 5,
  liveCallsPerNumber: 1,
  attemptsPerRecipientPerDay: 3,
};

export function callLimitsFromEnv(env: {
  RINGFLOW_MAX_LIVE_CALLS_PER_ACCOUNT: number;
  RINGFLOW_MAX_LIVE_CALLS_PER_NUMBER: number;
  RINGFLOW_MAX_ATTEMPTS_PER_RECIPIENT_PER_DAY: number;
}): CallLimits {
  return {
    liveCallsPerAccount: env.RINGFLOW_MAX_LIVE_CALLS_PER_ACCOUNT,
    liveCallsPerNumber: env.RINGFLOW_MAX_LIVE_CALLS_PER_NUMBER,
    attemptsPerRecipientPerDay: env.RINGFLOW_MAX_ATTEMPTS_PER_RECIPIENT_PER_DAY,
  };
}
