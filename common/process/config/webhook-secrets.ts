/**
 * AGENTPHONE_WEBHOOK_SECRETS, read the same way by every process that verifies webhooks (the
 * standalone ingress and the local stack): comma-separated, each secret trimmed, empty entries dropped.
 */
import { z } from 'zod';
import {
  defaultWebhookSecretsPath,
  readWebhookSecretsFile,
  webhookSecretsReader,
} from '../webhook-secrets-file';

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
  /** Written by `ringflow webhooks setup|rotate`; default ~/.config/ringflow/webhook-secrets.json. */
  RINGFLOW_WEBHOOK_SECRETS_FILE: z.string().min(1).optional(),
};

/** The secrets file a process reads: RINGFLOW_WEBHOOK_SECRETS_FILE, else the per-user default. */
export function webhookSecretsPath(env: { RINGFLOW_WEBHOOK_SECRETS_FILE?: string | undefined }): string {
  return env.RINGFLOW_WEBHOOK_SECRETS_FILE ?? defaultWebhookSecretsPath();
}

/**
 * Every secret a verifying process accepts, read on each call: AGENTPHONE_WEBHOOK_SECRETS, then the
 * file's current secrets and those still inside a rotation's grace (so rotations need no restart).
 */
export function webhookSecretsSource(
  env: { AGENTPHONE_WEBHOOK_SECRETS: string[]; RINGFLOW_WEBHOOK_SECRETS_FILE?: string | undefined },
  clock: () => number = Date.now,
): () => string[] {
  const fromFile = webhookSecretsReader(webhookSecretsPath(env), clock);
  return () => [...env.AGENTPHONE_WEBHOOK_SECRETS, ...fromFile()];
}

/** For a process that cannot work without a secret (the standalone ingress would refuse every webhook). */
export function requireWebhookSecrets(
  env: { AGENTPHONE_WEBHOOK_SECRETS: string[]; RINGFLOW_WEBHOOK_SECRETS_FILE?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  let stored = 0;
  try {
    stored = readWebhookSecretsFile(webhookSecretsPath(env)).length;
  } catch (err) {
    ctx.addIssue({
      code: 'custom',
      path: ['RINGFLOW_WEBHOOK_SECRETS_FILE'],
      message: (err as Error).message,
    });
    return;
  }
  if (env.AGENTPHONE_WEBHOOK_SECRETS.length === 0 && stored === 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['AGENTPHONE_WEBHOOK_SECRETS'],
      message:
        'set it to the webhook secret(s) from AgentPhone, comma-separated (whsec_…), ' +
        'or run `ringflow webhooks setup --url …` to store one in RINGFLOW_WEBHOOK_SECRETS_FILE',
    });
  }
}
