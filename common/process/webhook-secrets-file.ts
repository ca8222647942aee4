/**
 * The webhook secrets file (`~/.config/ringflow/webhook-secrets.json`, or RINGFLOW_WEBHOOK_SECRETS_FILE)
 * that `ringflow webhooks setup|rotate` writes and the ingress reads: each secret AgentPhone issued,
 * for which scope (the account or one agent), and — once replaced — until when it is still accepted.
 * A rotation keeps the previous secret valid for a grace period (deliveries signed before the switch
 * may still be retried), then drops it. Owner-only (0600), like the credentials file.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { assertOwnerOnly, CredentialsFileError, writeOwnerOnlyJson } from './credentials-file';

/** `$XDG_CONFIG_HOME/ringflow/webhook-secrets.json`, else `~/.config/ringflow/webhook-secrets.json`. */
export function defaultWebhookSecretsPath(env: NodeJS.ProcessEnv = process.env): string {
  const configHome = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(configHome, 'ringflow', 'webhook-secrets.json');
}

const StoredWebhookSecretSchema = z.object({
  secret: z.string().min(1),
  /** `account`, or the agent id of a per-agent webhook. */
  scope: z.string(),
  webhookId: z.string(),
  url: z.string(),
  addedAt: z.string(),
  /** null: current. Otherwise accepted until this instant (ISO), then dropped. */
  retiresAt: z.string().nullable(),
});

/** One secret in the file. */
export type StoredWebhookSecret = z.output<typeof StoredWebhookSecretSchema>;

const WebhookSecretsFileSchema = z.object({ secrets: z.array(StoredWebhookSecretSchema) });

/** The stored secrets (none when there is no file); refuses a file others can read. */
export function readWebhookSecretsFile(path: string): StoredWebhookSecret[] {
  if (!existsSync(path)) return [];
  assertOwnerOnly(path, 'RINGFLOW_WEBHOOK_SECRETS_FILE');
  const parsed = WebhookSecretsFileSchema.safeParse(
    (() => {
      try {
        return JSON.parse(readFileSync(path, 'utf8')) as unknown;
      } catch {
        return undefined;
      }
    })(),
  );
  if (!parsed.success)
    throw new CredentialsFileError(
      `${path} (RINGFLOW_WEBHOOK_SECRETS_FILE) is not a ringflow webhook secrets file; ` +
        'delete it and run `ringflow webhooks setup --url …` again.',
    );
  return parsed.data.secrets;
}

/** The secrets the ingress accepts at `nowMs`: current ones, and replaced ones inside their grace. */
export function acceptedSecrets(secrets: StoredWebhookSecret[], nowMs: number): string[] {
  return secrets.filter((s) => s.retiresAt === null || Date.parse(s.retiresAt) > nowMs).map((s) => s.secret);
}

/**
 * Records a newly issued secret for `scope`: the scope's current secret is kept until `nowMs + graceMs`,
 * secrets past their grace are dropped from the file.
 */
export function recordIssuedSecret(
  path: string,
  issued: Omit<StoredWebhookSecret, 'addedAt' | 'retiresAt'>,
  graceMs: number,
  nowMs: number,
): { previousRetiresAt: string | null; secrets: StoredWebhookSecret[] } {
  const retiresAt = new Date(nowMs + graceMs).toISOString();
  let previousRetiresAt: string | null = null;
  const kept = readWebhookSecretsFile(path)
    .map((s) => {
      if (s.scope !== issued.scope || s.retiresAt !== null || s.secret === issued.secret) return s;
      previousRetiresAt = retiresAt;
      return { ...s, retiresAt };
    })
    .filter((s) => s.secret !== issued.secret)
    .filter((s) => s.retiresAt === null || Date.parse(s.retiresAt) > nowMs);
  const secrets = [...kept, { ...issued, addedAt: new Date(nowMs).toISOString(), retiresAt: null }];
  writeOwnerOnlyJson(path, { secrets });
  return { previousRetiresAt: graceMs > 0 ? previousRetiresAt : null, secrets };
}

/**
 * A reader for the ingress: re-reads the file when it changes (setup/rotate take effect without a
 * restart) and filters by the clock on every call, so a secret past its grace stops verifying.
 */
export function webhookSecretsReader(path: string, clock: () => number = Date.now): () => string[] {
  let cachedMtime = -1;
  let cached: StoredWebhookSecret[] = [];
  return () => {
    const mtime = existsSync(path) ? statSync(path).mtimeMs : 0;
    if (mtime !== cachedMtime) {
      cached = mtime ? readWebhookSecretsFile(path) : [];
      cachedMtime = mtime;
    }
    return acceptedSecrets(cached, clock());
  };
}

/** `24h`, `90m`, `30s`, `0` → milliseconds; undefined when it is none of these. */
export function parseGrace(text: string): number | undefined {
  const match = /^(\d+)(ms|s|m|h|d)?$/.exec(text.trim());
  if (!match) return undefined;
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] ?? 'ms'] ?? 1;
  return Number(match[1]) * unit;
}
