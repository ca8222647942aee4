import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { buildCodecServer } from '../../../client/codec-server';
import { AesGcmPayloadCodec } from '../../../common/process/codec/aes-gcm-codec';

const UI = 'http://localhost:8233';
const codec = new AesGcmPayloadCodec([{ id: 'k1', key: new Uint8Array(randomBytes(32)) }]);
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const plain = defaultPayloadConverter.toPayload({ to: '+14155550123' });
const jsonPayload = { metadata: { encoding: b64(plain.metadata!.encoding!) }, data: b64(plain.data!) };

describe('codec server (Temporal remote codec protocol)', () => {
  test('/encode then /decode round trips the protocol JSON', async () => {
    const app = buildCodecServer({ codec, allowedOrigins: [UI] });
    const encoded = await app.inject({
      method: 'POST',
      url: '/encode',
      payload: { payloads: [jsonPayload] },
    });
    assert.equal(encoded.statusCode, 200);
    const sealed = encoded.json<{ payloads: { metadata: Record<string, string>; data: string }[] }>()
      .payloads;
    assert.equal(Buffer.from(sealed[0]!.metadata.encoding!, 'base64').toString(), 'binary/encrypted');
    assert.ok(!Buffer.from(sealed[0]!.data, 'base64').toString('latin1').includes('4155550123'));
    const decoded = await app.inject({ method: 'POST', url: '/decode', payload: { payloads: sealed } });
    assert.deepEqual(decoded.json(), { payloads: [jsonPayload] });
  });

  test("answers the Web UI's CORS preflight, and not another origin's", async () => {
    const app = buildCodecServer({ codec, allowedOrigins: [UI] });
    const preflight = (origin: string) =>
      app.inject({
        method: 'OPTIONS',
        url: '/decode',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'x-namespace',
        },
      });
    const ok = await preflight(UI);
    assert.equal(ok.statusCode, 204);
    assert.equal(ok.headers['access-control-allow-origin'], UI);
    assert.match(String(ok.headers['access-control-allow-headers']), /x-namespace/);
    const other = await preflight('http://evil.example');
    assert.equal(other.statusCode, 403);
    assert.equal(other.headers['access-control-allow-origin'], undefined);
  });

  test('with a token, a request without the bearer token is refused', async () => {
    const app = buildCodecServer({ codec, allowedOrigins: [UI], token: 'a-long-random-token-123' });
    const body = { payloads: [jsonPayload] };
    assert.equal((await app.inject({ method: 'POST', url: '/decode', payload: body })).statusCode, 401);
    const wrong = { authorization: 'Bearer nope' };
    assert.equal(
      (await app.inject({ method: 'POST', url: '/decode', payload: body, headers: wrong })).statusCode,
      401,
    );
    const right = { authorization: 'Bearer a-long-random-token-123' };
    assert.equal(
      (await app.inject({ method: 'POST', url: '/decode', payload: body, headers: right })).statusCode,
      200,
    );
  });

  test('a malformed body or an undecryptable payload is a 400 that says why', async () => {
    const app = buildCodecServer({ codec, allowedOrigins: [UI] });
    const bad = await app.inject({ method: 'POST', url: '/decode', payload: { nope: 1 } });
    assert.equal(bad.statusCode, 400);
    const foreign = await new AesGcmPayloadCodec([{ id: 'k9', key: new Uint8Array(randomBytes(32)) }]).encode(
      [plain],
    );
    const payloads = foreign.map((p) => ({
      metadata: Object.fromEntries(Object.entries(p.metadata!).map(([k, v]) => [k, b64(v)])),
      data: b64(p.data!),
    }));
    const unknown = await app.inject({ method: 'POST', url: '/decode', payload: { payloads } });
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.json<{ error: string }>().error, /"k9"/);
  });
});
