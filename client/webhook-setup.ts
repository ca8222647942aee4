/**
 * `ringflow webhooks setup|rotate`: registers the webhook with AgentPhone (account-wide or for one
 * agent) and stores the secret it returns in the webhook secrets file the ingress reads. The secret
 * goes from the API's response to the 0600 file and nowhere else (no argv, no log, no history).
 */
import type { AgentPhone } from '../agentphone';
import { keyFingerprint } from '../common/process/credentials-file';
import { recordIssuedSecret } from '../common/process/webhook-secrets-file';

/** What setup did, without the secret. */
export interface WebhookSetupReport {
  webhookId: string;
  url: string;
  scope: string;
  secretFingerprint: string;
  /** Until when the replaced secret is still accepted (null: there was none, or no grace). */
  previousRetiresAt: string | null;
  secretsFile: string;
}

/** Why a webhook URL cannot be used, or undefined: AgentPhone requires an absolute https URL. */
export function webhookUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be an absolute URL like https://hooks.example.com/webhooks/agentphone';
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname);
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopback))
    return 'must use https (AgentPhone delivers only to public https URLs; http only for localhost)';
  if (url.length > 2083) return 'must be at most 2083 characters';
  return undefined;
}

/**
 * Sets (or replaces) the webhook and records its new secret; the previous secret of the same scope
 * stays valid for `graceMs`.
 *
 * @example
 * await setUpWebhook({ agentphone, url, secretsFile, graceMs: 86_400_000, nowMs: Date.now() });
 */
export async function setUpWebhook(options: {
  agentphone: AgentPhone;
  url: string;
  agentId?: string | undefined;
  secretsFile: string;
  graceMs: number;
  nowMs: number;
}): Promise<WebhookSetupReport> {
  const body = { url: options.url };
  const webhook = options.agentId
    ? await options.agentphone.webhooks.setForAgent(options.agentId, body)
    : await options.agentphone.webhooks.set(body);
  const scope = options.agentId ?? 'account';
  const { previousRetiresAt } = recordIssuedSecret(
    options.secretsFile,
    { secret: webhook.secret, scope, webhookId: webhook.id, url: webhook.url },
    options.graceMs,
    options.nowMs,
  );
  return {
    webhookId: webhook.id,
    url: webhook.url,
    scope,
    secretFingerprint: keyFingerprint(webhook.secret),
    previousRetiresAt,
    secretsFile: options.secretsFile,
  };
}

/** Rotation: the same URL again (AgentPhone issues a new secret on every set). */
export async function rotateWebhook(options: Omit<Parameters<typeof setUpWebhook>[0], 'url'>) {
  const current = options.agentId
    ? await options.agentphone.webhooks.getForAgent(options.agentId)
    : await options.agentphone.webhooks.get();
  if (!current) return undefined;
  return setUpWebhook({ ...options, url: current.url });
}
