/**
 * The payload codec's variables, one definition for every process (worker, ingress, CLI, stack): keys
 * from RINGFLOW_CODEC_KEYS, or from the file RINGFLOW_CODEC_KEY_FILE names (owner-only permissions), in
 * the same `id:base64` list, the first key current. Off when neither is set.
 */
import { readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { AesGcmPayloadCodec, CODEC_KEY_BYTES, type CodecKey } from '../codec/aes-gcm-codec';
import { ConfigError } from './parse-env';

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Parses an `id:base64[,id:base64…]` list (commas or newlines; `#` lines are comments). Messages never
 * quote a key.
 *
 * @example parseCodecKeys(`2026-12:${randomBytes(32).toString('base64')}`)
 */
export function parseCodecKeys(text: string): { keys: CodecKey[] } | { error: string } {
  const items = text
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter((item) => item !== '' && !item.startsWith('#'));
  if (items.length === 0)
    return { error: 'no key given; expected id:base64 (32 random bytes), first is current' };
  const keys: CodecKey[] = [];
  for (const [i, item] of items.entries()) {
    const colon = item.indexOf(':');
    const id = colon > 0 ? item.slice(0, colon) : '';
    const encoded = colon > 0 ? item.slice(colon + 1).trim() : '';
    if (!KEY_ID.test(id))
      return {
        error: `key ${i + 1}: expected id:base64 with an id of letters, digits, . _ - (e.g. 2026-12:…)`,
      };
    const key = BASE64.test(encoded) ? Buffer.from(encoded, 'base64') : Buffer.alloc(0);
    if (key.length !== CODEC_KEY_BYTES)
      return {
        error:
          `key "${id}": not ${CODEC_KEY_BYTES} bytes of base64; make one with ` +
          `\`node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"\``,
      };
    if (keys.some((k) => k.id === id)) return { error: `key id "${id}" is given twice` };
    keys.push({ id, key: new Uint8Array(key) });
  }
  return { keys };
}

/** The codec fragment of a process's env schema; compose it with {@link checkCodecEnv}. */
export const codecEnv = {
  RINGFLOW_CODEC_KEYS: z
    .string()
    .transform((text, ctx) => {
      const parsed = parseCodecKeys(text);
      if ('error' in parsed) {
        ctx.addIssue({ code: 'custom', message: parsed.error });
        return z.NEVER;
      }
      return parsed.keys;
    })
    .optional(),
  RINGFLOW_CODEC_KEY_FILE: z.string().min(1).optional(),
};

export type CodecEnv = z.output<z.ZodObject<typeof codecEnv>>;

/** One source of keys: the variable or the file, not both. */
export function checkCodecEnv(env: CodecEnv, ctx: z.RefinementCtx): void {
  if (env.RINGFLOW_CODEC_KEYS && env.RINGFLOW_CODEC_KEY_FILE)
    ctx.addIssue({
      code: 'custom',
      path: ['RINGFLOW_CODEC_KEY_FILE'],
      message: 'RINGFLOW_CODEC_KEYS is set too; give the keys one way (unset one of them)',
    });
}

/**
 * The keys the configuration names, reading the key file if that is the source; undefined when the
 * codec is off. A key file readable by group or others, missing or malformed is a ConfigError naming
 * RINGFLOW_CODEC_KEY_FILE and the fix.
 */
export function codecKeysFromEnv(env: CodecEnv): CodecKey[] | undefined {
  if (env.RINGFLOW_CODEC_KEYS) return env.RINGFLOW_CODEC_KEYS;
  const file = env.RINGFLOW_CODEC_KEY_FILE;
  if (!file) return undefined;
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch (err) {
    throw new ConfigError(
      `RINGFLOW_CODEC_KEY_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'}); ` +
        'point it at the key file, or unset it to run without the payload codec',
    );
  }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0)
    throw new ConfigError(
      `RINGFLOW_CODEC_KEY_FILE: ${file} is readable by others (mode ${(mode & 0o777).toString(8)}); ` +
        `run \`chmod 600 ${file}\``,
    );
  const parsed = parseCodecKeys(readFileSync(file, 'utf8'));
  if ('error' in parsed) throw new ConfigError(`RINGFLOW_CODEC_KEY_FILE: ${file}: ${parsed.error}`);
  return parsed.keys;
}

/** The payload codec the configuration asks for, or undefined when it is off. */
export function payloadCodecFromEnv(env: CodecEnv): AesGcmPayloadCodec | undefined {
  const keys = codecKeysFromEnv(env);
  return keys ? new AesGcmPayloadCodec(keys) : undefined;
}
