import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import {
  AesGcmPayloadCodec,
  ENCRYPTED_ENCODING,
  KEY_ID_METADATA,
  PayloadDecryptionError,
} from '../../../common/process/codec/aes-gcm-codec';

const OLD = { id: '2026-06', key: new Uint8Array(randomBytes(32)) };
const NEW = { id: '2026-12', key: new Uint8Array(randomBytes(32)) };
const SECRET_TEXT = { to: '+14155550123', body: 'Your table for Manav is booked' };

const text = (bytes: Uint8Array | null | undefined) =>
  Buffer.from(bytes ?? new Uint8Array()).toString('utf8');
const plainPayload = (): Payload => defaultPayloadConverter.toPayload(SECRET_TEXT);

describe('AES-256-GCM payload codec', () => {
  test('round trips a payload, metadata included, and hides its bytes', async () => {
    const codec = new AesGcmPayloadCodec([NEW]);
    const original = plainPayload();
    const [sealed] = await codec.encode([original]);
    assert.equal(text(sealed!.metadata!.encoding), ENCRYPTED_ENCODING);
    assert.equal(text(sealed!.metadata![KEY_ID_METADATA]), NEW.id);
    const visible = Buffer.from(sealed!.data!).toString('latin1');
    assert.ok(!visible.includes('4155550123') && !visible.includes('Manav'), 'nothing in clear');
    const [opened] = await codec.decode([sealed!]);
    assert.deepEqual(defaultPayloadConverter.fromPayload(opened!), SECRET_TEXT);
    assert.equal(text(opened!.metadata!.encoding), 'json/plain');
  });

  test('encrypts the same payload differently each time (a fresh IV)', async () => {
    const codec = new AesGcmPayloadCodec([NEW]);
    const [a, b] = await codec.encode([plainPayload(), plainPayload()]);
    assert.notDeepEqual(Buffer.from(a!.data!), Buffer.from(b!.data!));
  });

  test('after a rotation, old payloads still decrypt and new ones use the new key', async () => {
    const [before] = await new AesGcmPayloadCodec([OLD]).encode([plainPayload()]);
    const rotated = new AesGcmPayloadCodec([NEW, OLD]);
    assert.deepEqual(defaultPayloadConverter.fromPayload((await rotated.decode([before!]))[0]!), SECRET_TEXT);
    const [after] = await rotated.encode([plainPayload()]);
    assert.equal(text(after!.metadata![KEY_ID_METADATA]), NEW.id);
    await assert.rejects(new AesGcmPayloadCodec([OLD]).decode([after!]), PayloadDecryptionError);
  });

  test('an unknown key id is a clear error naming the id and the fix', async () => {
    const [sealed] = await new AesGcmPayloadCodec([OLD]).encode([plainPayload()]);
    await assert.rejects(
      new AesGcmPayloadCodec([NEW]).decode([sealed!]),
      (err: Error) =>
        err instanceof PayloadDecryptionError &&
        /"2026-06"/.test(err.message) &&
        /RINGFLOW_CODEC_KEYS/.test(err.message),
    );
  });

  test('a tampered ciphertext, or a payload moved under another key id, fails authentication', async () => {
    const codec = new AesGcmPayloadCodec([NEW, { id: 'other', key: NEW.key }]);
    const [sealed] = await codec.encode([plainPayload()]);
    const flipped = Buffer.from(sealed!.data!);
    flipped[20] = flipped[20]! ^ 1;
    await assert.rejects(codec.decode([{ ...sealed!, data: flipped }]), /failed authentication/);
    // Same key bytes under another id: the id is bound into the cipher, so it still fails.
    const relabelled = {
      ...sealed!,
      metadata: { ...sealed!.metadata, [KEY_ID_METADATA]: Buffer.from('other') },
    };
    await assert.rejects(codec.decode([relabelled]), /failed authentication/);
    await assert.rejects(codec.decode([{ ...sealed!, data: new Uint8Array(5) }]), /truncated/);
  });

  test('a payload that was never encrypted passes through decode unchanged', async () => {
    const plain = plainPayload();
    assert.deepEqual((await new AesGcmPayloadCodec([NEW]).decode([plain]))[0], plain);
  });

  test('refuses keys of the wrong size and duplicate ids', () => {
    assert.throws(() => new AesGcmPayloadCodec([{ id: 'short', key: new Uint8Array(16) }]), /32/);
    assert.throws(() => new AesGcmPayloadCodec([NEW, NEW]), /twice/);
    assert.throws(() => new AesGcmPayloadCodec([]), /at least one key/);
  });
});
