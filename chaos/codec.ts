/**
 * The payload codec in the chaos stacks: a fresh AES-256 key per stack, handed to every ringflow process
 * and to the runner's own Temporal client (it starts campaigns, stores contact pages and writes
 * settings), as production runs with `RINGFLOW_CODEC_KEYS`. `RINGFLOW_CHAOS_CODEC=off` runs the stacks
 * without it — then the secrets scenario must fail, finding numbers in clear: the check can fail.
 */
import { randomBytes } from 'node:crypto';
import type { Payload } from '@temporalio/common';
import { AesGcmPayloadCodec } from '../common/process/codec/aes-gcm-codec';
import { parseCodecKeys } from '../common/process/config';

/** Whether this suite run turns the codec on (it does unless `RINGFLOW_CHAOS_CODEC=off`). */
export function chaosCodecOn(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.RINGFLOW_CHAOS_CODEC !== 'off';
}

/** A new `RINGFLOW_CODEC_KEYS` value (one key) and the codec it makes. */
export function newChaosCodec(): { keys: string; key: string; codec: AesGcmPayloadCodec } {
  const key = randomBytes(32).toString('base64');
  const keys = `chaos:${key}`;
  const parsed = parseCodecKeys(keys);
  if ('error' in parsed) throw new Error(`chaos: codec key: ${parsed.error}`);
  return { keys, key, codec: new AesGcmPayloadCodec(parsed.keys) };
}

/** Every payload object inside a history (anything with metadata.encoding and data bytes). */
export function payloadsIn(value: unknown, found: Payload[] = []): Payload[] {
  if (value && typeof value === 'object') {
    const maybe = value as Payload;
    if (maybe.metadata?.encoding instanceof Uint8Array && maybe.data instanceof Uint8Array) found.push(maybe);
    else for (const child of Object.values(value)) payloadsIn(child, found);
  }
  return found;
}

/**
 * The text of every payload in a history once the codec has decrypted it: what an operator with the keys
 * (the codec server) would read. The secrets scan's positive control: the numbers are in there.
 */
export async function decodedPayloadText(history: unknown, codec: AesGcmPayloadCodec): Promise<string[]> {
  const decoded = await codec.decode(payloadsIn(history));
  return decoded.map((p) => Buffer.from(p.data ?? new Uint8Array()).toString('utf8'));
}
