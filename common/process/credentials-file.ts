/**
 * The local credentials file (`~/.config/ringflow/credentials.json`, or RINGFLOW_CREDENTIALS_FILE): where
 * onboarding and `ringflow login` keep the AgentPhone API key, so that no key has to travel through
 * argv, workflow history or logs. Owner-only: the file is written 0600 in a 0700 directory, and a file
 * others can read is refused rather than trusted (someone may have copied a key into a shared place).
 */
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';

/** `$XDG_CONFIG_HOME/ringflow/credentials.json`, else `~/.config/ringflow/credentials.json`. */
export function defaultCredentialsPath(env: NodeJS.ProcessEnv = process.env): string {
  const configHome = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(configHome, 'ringflow', 'credentials.json');
}

const StoredCredentialsSchema = z.object({
  apiKey: z.string().min(1),
  /** The API the key belongs to: a key made against the simulator never reaches the real API. */
  baseUrl: z.string().min(1),
  fingerprint: z.string(),
  accountId: z.string().nullable().default(null),
  agentId: z.string().nullable().default(null),
  numberId: z.string().nullable().default(null),
  phoneNumber: z.string().nullable().default(null),
  savedAt: z.string(),
});

/** What the credentials file holds: the key, which API it is for, and the account it opened. */
export type StoredCredentials = z.output<typeof StoredCredentialsSchema>;

/** The credentials file is unreadable, malformed or readable by others. The message says how to fix it. */
export class CredentialsFileError extends Error {
  override readonly name = 'CredentialsFileError';
}

/**
 * A key's public name: its first 4 characters and a sha256 prefix. Enough to tell two keys apart in a
 * history or a log line, useless for calling the API.
 *
 * @example keyFingerprint('sk_live_abc…') // 'sk_l…sha256:1f2e3d4c5b6a'
 */
export function keyFingerprint(apiKey: string): string {
  const digest = createHash('sha256').update(apiKey).digest('hex').slice(0, 12);
  return `${apiKey.slice(0, 4)}…sha256:${digest}`;
}

/**
 * Writes the credentials atomically (a 0600 temporary file renamed over the old one), creating the
 * directory 0700. An existing directory is narrowed to 0700 as well: it is ringflow's own.
 */
export function writeCredentials(
  path: string,
  credentials: Omit<StoredCredentials, 'fingerprint' | 'savedAt'> & { savedAt?: string },
): StoredCredentials {
  const stored: StoredCredentials = {
    ...credentials,
    fingerprint: keyFingerprint(credentials.apiKey),
    savedAt: credentials.savedAt ?? new Date().toISOString(),
  };
  writeOwnerOnlyJson(path, stored);
  return stored;
}

/** Writes JSON that only the owner may read (0600 in a 0700 directory), atomically. */
export function writeOwnerOnlyJson(path: string, value: unknown): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600); // the umask may have narrowed it further; never wider
  renameSync(temporary, path);
}

/**
 * Throws when `path` exists and group or others may read or write it.
 * `what` names the variable that points at it, for the fix.
 */
export function assertOwnerOnly(path: string, what: string): void {
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new CredentialsFileError(
      `${path} (${what}) is readable by others (mode 0${mode.toString(8)}); it holds secrets, so ringflow ` +
        `refuses it. Run \`chmod 600 ${path}\`, and replace the secrets in it if others may have read them.`,
    );
  }
}

/** The stored credentials, or undefined when there is no file. Throws a CredentialsFileError otherwise. */
export function readCredentials(path: string): StoredCredentials | undefined {
  if (!existsSync(path)) return undefined;
  assertOwnerOnly(path, 'RINGFLOW_CREDENTIALS_FILE');
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new CredentialsFileError(
      `${path} (RINGFLOW_CREDENTIALS_FILE) is not JSON (${(err as Error).message}); ` +
        'delete it and run `ringflow login --api-key-stdin` again.',
    );
  }
  const result = StoredCredentialsSchema.safeParse(parsed);
  if (!result.success) {
    throw new CredentialsFileError(
      `${path} (RINGFLOW_CREDENTIALS_FILE) is not a ringflow credentials file; ` +
        'delete it and run `ringflow login --api-key-stdin` again.',
    );
  }
  return result.data;
}

/** Same URL, ignoring a trailing slash. */
export function sameBaseUrl(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}
