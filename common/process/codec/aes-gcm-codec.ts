/**
 * The payload codec (design decision 8): every payload Temporal stores — inputs, results, signals, queries,
 * memos, failures' details — is encrypted with AES-256-GCM before it leaves the process, so phone numbers,
 * names, transcripts and SMS bodies are never readable in history without the key.
 *
 * Each encrypted payload names its key in metadata (`encryption-key-id`), so keys rotate: encode with the
 * current key, decode with any known one. The key id is also bound into the cipher as additional data,
 * so moving a payload under another key id fails authentication instead of decrypting. Codecs run outside
 * the workflow sandbox (on the worker's main thread, in clients), so workflow code never sees them.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';

/** Temporal's convention for an encrypted payload's `encoding`. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** The metadata key naming the key that encrypted a payload. */
export const KEY_ID_METADATA = 'encryption-key-id';

const IV_BYTES = 12;
const TAG_BYTES = 16;
export const CODEC_KEY_BYTES = 32;

/** One AES-256 key and the id payloads name it by. */
export interface CodecKey {
  id: string;
  /** 32 bytes. */
  key: Uint8Array;
}

/** A payload cannot be decrypted: unknown key id, tampered bytes, or not one of ours. */
export class PayloadDecryptionError extends Error {
  override readonly name = 'PayloadDecryptionError';
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * AES-256-GCM payload codec with key rotation.
 *
 * @example
 * const codec = new AesGcmPayloadCodec([{ id: '2026-12', key }, { id: '2026-06', key: oldKey }]);
 * new Client({ connection, dataConverter: { payloadCodecs: [codec] } });
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly current: CodecKey;
  private readonly byId: Map<string, Uint8Array>;

  /** `keys[0]` encrypts; every key decrypts what names it. */
  constructor(keys: readonly CodecKey[]) {
    const [current] = keys;
    if (!current) throw new Error('AesGcmPayloadCodec needs at least one key');
    this.byId = new Map();
    for (const { id, key } of keys) {
      if (key.length !== CODEC_KEY_BYTES)
        throw new Error(`codec key "${id}" is ${key.length} bytes; AES-256 needs ${CODEC_KEY_BYTES}`);
      if (this.byId.has(id)) throw new Error(`codec key id "${id}" is given twice`);
      this.byId.set(id, key);
    }
    this.current = current;
  }

  /** The id new payloads are encrypted with. */
  get currentKeyId(): string {
    return this.current.id;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.encrypt(payload));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.decrypt(payload));
  }

  private encrypt(payload: Payload): Payload {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(aadOf(this.current.id));
    const sealed = Buffer.concat([cipher.update(serializePayload(payload)), cipher.final()]);
    return {
      metadata: {
        encoding: encoder.encode(ENCRYPTED_ENCODING),
        [KEY_ID_METADATA]: encoder.encode(this.current.id),
      },
      data: Buffer.concat([iv, sealed, cipher.getAuthTag()]),
    };
  }

  private decrypt(payload: Payload): Payload {
    const encoding = payload.metadata?.encoding;
    // Payloads written before the codec was turned on (or by a process without it) pass through.
    if (!encoding || decoder.decode(encoding) !== ENCRYPTED_ENCODING) return payload;
    const idBytes = payload.metadata?.[KEY_ID_METADATA];
    if (!idBytes) throw new PayloadDecryptionError(`encrypted payload without ${KEY_ID_METADATA} metadata`);
    const id = decoder.decode(idBytes);
    const key = this.byId.get(id);
    if (!key)
      throw new PayloadDecryptionError(
        `payload encrypted with key "${id}", which is not among the known keys ` +
          `(${[...this.byId.keys()].join(', ')}); add it to RINGFLOW_CODEC_KEYS (after the current key)`,
      );
    const data = payload.data ?? new Uint8Array();
    if (data.length < IV_BYTES + TAG_BYTES)
      throw new PayloadDecryptionError('encrypted payload is truncated');
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
    decipher.setAAD(aadOf(id));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    try {
      const plain = Buffer.concat([
        decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]);
      return deserializePayload(plain);
    } catch (err) {
      throw new PayloadDecryptionError(
        `payload encrypted with key "${id}" failed authentication (altered, or a different key under that id): ${(err as Error).message}`,
      );
    }
  }
}

function aadOf(keyId: string): Uint8Array {
  return encoder.encode(`ringflow-codec-v1:${keyId}`);
}

/**
 * A payload as bytes: metadata entries (u32 count, then u32-length-prefixed key and value each) and the
 * data. A framing of our own rather than Temporal's protobuf, so the codec needs no extra package.
 */
export function serializePayload(payload: Payload): Buffer {
  const entries = Object.entries(payload.metadata ?? {}).filter(
    (entry): entry is [string, Uint8Array] => entry[1] !== null && entry[1] !== undefined,
  );
  const parts: Buffer[] = [u32(entries.length)];
  for (const [key, value] of entries) {
    const keyBytes = Buffer.from(key, 'utf8');
    parts.push(u32(keyBytes.length), keyBytes, u32(value.length), Buffer.from(value));
  }
  parts.push(Buffer.from(payload.data ?? new Uint8Array()));
  return Buffer.concat(parts);
}

/** The inverse of {@link serializePayload}. */
export function deserializePayload(bytes: Buffer): Payload {
  let at = 0;
  const read = (length: number) => {
    if (at + length > bytes.length) throw new PayloadDecryptionError('decrypted payload is malformed');
    const slice = bytes.subarray(at, at + length);
    at += length;
    return slice;
  };
  const readU32 = () => read(4).readUInt32BE(0);
  const metadata: Record<string, Uint8Array> = {};
  for (let n = readU32(); n > 0; n--) {
    const key = read(readU32()).toString('utf8');
    metadata[key] = new Uint8Array(read(readU32()));
  }
  return { metadata, data: new Uint8Array(bytes.subarray(at)) };
}

function u32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(value, 0);
  return b;
}
