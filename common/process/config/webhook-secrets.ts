/**
 * AGENTPHONE_WEBHOOK_SECRETS, read the same way by every process that verifies webhooks (the
 * standalone ingress and the local stack): comma-separated, each secret trimmed, empty entries dropped.
 */
import { z } from 'zod';

/**
 * Splits the variable into secrets: account, per-agent, and the previous one during a rotation.
 *
 * @example parseWebhookSecrets(' whsec_a , whsec_b,, ') // ['whsec_a', 'whsec_b']
 */
export function parseWebhookSecrets(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((secret) => secret.trim())
    .filter((secret) => secret.length > 0);
}

export const webhookSecretsEnv = {
  AGENTPHONE_WEBHOOK_SECRETS: z.string().optional().transform(parseWebhookSecrets),
};

/** For a process that cannot work without a secret (the standalone ingress would refuse every webhook). */
export function requireWebhookSecrets(
  env: { AGENTPHONE_WEBHOOK_SECRETS: string[] },
  ctx: z.RefinementCtx,
): void {
  if (env.AGENTPHONE_WEBHOOK_SECRETS.length === 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['AGENTPHONE_WEBHOOK_SECRETS'],
      message: 'set it to the webhook secret(s) from AgentPhone, comma-separated (whsec_…)',
    });
  }
}
