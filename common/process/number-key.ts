/**
 * Pseudonymous ids for phone numbers (design decision 13): a workflow id is a dedupe key, so it must be
 * the same for the same number everywhere, but it must not be the number, which would then sit in
 * clear in every list, log and URL of the Temporal Web UI. A keyed hash (HMAC-SHA256) keeps both: the
 * same number gives the same key in every process that has RINGFLOW_NUMBER_KEY, and the key cannot be
 * turned back into the number without it.
 */
import { createHmac } from 'node:crypto';
import { z } from 'zod';

/** The key local development and the simulator use when RINGFLOW_NUMBER_KEY is not set. */
export const DEVELOPMENT_NUMBER_KEY = 'ringflow-development-number-key';

export const numberKeyEnv = {
  RINGFLOW_NUMBER_KEY: z
    .string()
    .min(32, 'use at least 32 random characters, e.g. the output of `openssl rand -hex 32`')
    .optional(),
};

/**
 * With a real AgentPhone account (AGENTPHONE_API_KEY set) RINGFLOW_NUMBER_KEY must be configured: a
 * known default key would let anyone test which numbers a history holds. Without one (the simulator),
 * the fixed development key serves. A cross-field rule for each process's schema.
 */
export function checkNumberKeyEnv(
  env: { RINGFLOW_NUMBER_KEY?: string | undefined; AGENTPHONE_API_KEY?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (env.AGENTPHONE_API_KEY && !env.RINGFLOW_NUMBER_KEY) {
    ctx.addIssue({
      code: 'custom',
      path: ['RINGFLOW_NUMBER_KEY'],
      message:
        'set it with a real AgentPhone account: at least 32 random characters (`openssl rand -hex 32`), ' +
        'the same in every worker, ingress and CLI',
    });
  }
}

/** The keyer of a process whose configuration passed {@link checkNumberKeyEnv}. */
export function numberKeyerFromEnv(env: { RINGFLOW_NUMBER_KEY?: string | undefined }): NumberKeyer {
  return numberKeyer(env.RINGFLOW_NUMBER_KEY ?? DEVELOPMENT_NUMBER_KEY);
}

/** Turns an E.164 number into its pseudonymous id part: `n` and 26 base32 characters (130 bits). */
export type NumberKeyer = (e164: string) => string;

/**
 * @example
 * const keyOf = numberKeyerFromEnv(config);
 * workflowIds.smsInbox(agentId, keyOf('+14155550199')); // 'sms-inbox:agt_1:n4f…'
 */
export function numberKeyer(secret: string): NumberKeyer {
  return (e164) => `n${base32(createHmac('sha256', secret).update(e164).digest()).slice(0, 26)}`;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

function base32(bytes: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/** The keyer of local development, tests and the simulator (RINGFLOW_NUMBER_KEY unset). */
export const developmentNumberKeyer: NumberKeyer = numberKeyer(DEVELOPMENT_NUMBER_KEY);
