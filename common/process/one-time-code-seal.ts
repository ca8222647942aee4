/**
 * Sealing of one-time codes on their way from the CLI to the worker. A verify update's argument is
 * recorded in workflow history (the UpdateAccepted event), so the emailed code would sit there in clear;
 * instead the CLI seals it (AES-256-GCM under a key derived from RINGFLOW_NUMBER_KEY, the secret every
 * ringflow process already shares) and only the verify activity opens it.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { DEVELOPMENT_NUMBER_KEY } from './number-key';

const PREFIX = 'otp1.';
const IV_BYTES = 12;
const TAG_BYTES = 16;

function sealKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'ringflow', 'one-time code seal v1', 32));
}

/** The secret the seal key derives from: RINGFLOW_NUMBER_KEY, or the development key without one. */
export function sealSecretFromEnv(env: { RINGFLOW_NUMBER_KEY?: string | undefined }): string {
  return env.RINGFLOW_NUMBER_KEY ?? DEVELOPMENT_NUMBER_KEY;
}

/**
 * @example sealOneTimeCode('123456', secret) // 'otp1.' + 46 base64url characters
 */
export function sealOneTimeCode(code: string, secret: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', sealKey(secret), iv);
  const body = Buffer.concat([cipher.update(code, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** Opens a sealed code; throws when it was sealed under another secret or altered. */
export function openOneTimeCode(sealed: string, secret: string): string {
  if (!sealed.startsWith(PREFIX)) throw new Error('not a sealed one-time code');
  const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64url');
  const iv = raw.subarray(0, IV_BYTES);
  const tag = raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', sealKey(secret), iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
    'utf8',
  );
}
