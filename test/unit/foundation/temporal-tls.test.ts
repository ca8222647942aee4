/** The connection options every process builds for a secured cluster: mTLS files, a CA, a server name. */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCommandConfig } from '../../../client/commands/shared';
import { ConfigError, temporalConnectionOptions } from '../../../common/process/config';
import { loadConfig } from '../../../worker/config';

const ADDRESS = 'ringflow.a1b2c.tmprl.cloud:7233';

describe('secured cluster connections', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tls-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const pem = (name: string, label: string) => {
    const path = join(dir, name);
    writeFileSync(path, `-----BEGIN ${label}-----\nMIIB${name}\n-----END ${label}-----\n`);
    return path;
  };
  const cert = pem('client.pem', 'CERTIFICATE');
  const key = pem('client.key', 'PRIVATE KEY');
  const ca = pem('ca.pem', 'CERTIFICATE');

  test('a client certificate and key become an mTLS pair, read from their files', () => {
    const config = loadConfig({
      TEMPORAL_ADDRESS: ADDRESS,
      TEMPORAL_TLS_CERT_PATH: cert,
      TEMPORAL_TLS_KEY_PATH: key,
    });
    const options = temporalConnectionOptions(config);
    assert.equal(options.address, ADDRESS);
    assert.ok(options.tls && options.tls !== true);
    assert.match(options.tls.clientCertPair!.crt.toString(), /MIIBclient\.pem/);
    assert.match(options.tls.clientCertPair!.key.toString(), /MIIBclient\.key/);
    assert.equal(options.tls.serverRootCACertificate, undefined);
    assert.equal(options.apiKey, undefined);
  });

  test('a private CA and a server name override are passed on, in the CLI as in the worker', () => {
    const env = {
      TEMPORAL_ADDRESS: '10.0.0.5:7233',
      TEMPORAL_TLS_CA_PATH: ca,
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
    };
    for (const config of [loadConfig(env), loadCommandConfig(env)]) {
      const { tls } = temporalConnectionOptions(config);
      assert.ok(tls && tls !== true);
      assert.match(tls.serverRootCACertificate!.toString(), /MIIBca\.pem/);
      assert.equal(tls.serverNameOverride, 'temporal.internal');
      assert.equal(tls.clientCertPair, undefined);
    }
  });

  test('an API key alone keeps plain TLS with the system roots', () => {
    const options = temporalConnectionOptions(
      loadConfig({ TEMPORAL_ADDRESS: ADDRESS, TEMPORAL_API_KEY: 'k' }),
    );
    assert.deepEqual(options, { address: ADDRESS, tls: true, apiKey: 'k' });
  });

  test('a key without a certificate, or a certificate without a key, is refused naming the missing one', () => {
    assert.throws(
      () => loadConfig({ TEMPORAL_ADDRESS: ADDRESS, TEMPORAL_TLS_KEY_PATH: key }),
      (err: Error) =>
        err instanceof ConfigError &&
        /TEMPORAL_TLS_CERT_PATH: TEMPORAL_TLS_KEY_PATH is set/.test(err.message),
    );
    assert.throws(
      () => loadConfig({ TEMPORAL_ADDRESS: ADDRESS, TEMPORAL_TLS_CERT_PATH: cert }),
      /TEMPORAL_TLS_KEY_PATH: TEMPORAL_TLS_CERT_PATH is set/,
    );
  });

  test('a missing or non-PEM file is a ConfigError naming its variable', () => {
    const missing = loadConfig({
      TEMPORAL_ADDRESS: ADDRESS,
      TEMPORAL_TLS_CERT_PATH: join(dir, 'absent.pem'),
      TEMPORAL_TLS_KEY_PATH: key,
    });
    assert.throws(
      () => temporalConnectionOptions(missing),
      (err: Error) =>
        err instanceof ConfigError &&
        /^TEMPORAL_TLS_CERT_PATH: cannot read .*absent\.pem \(ENOENT\)/.test(err.message),
    );
    const notPem = join(dir, 'not.pem');
    writeFileSync(notPem, 'hello');
    assert.throws(
      () =>
        temporalConnectionOptions(loadConfig({ TEMPORAL_ADDRESS: ADDRESS, TEMPORAL_TLS_CA_PATH: notPem })),
      /TEMPORAL_TLS_CA_PATH: .* is not a PEM file/,
    );
  });

  test('TLS files with TEMPORAL_TLS=false, or without TEMPORAL_ADDRESS, are refused with the fix', () => {
    assert.throws(
      () => loadConfig({ TEMPORAL_ADDRESS: ADDRESS, TEMPORAL_TLS: 'false', TEMPORAL_TLS_CA_PATH: ca }),
      /TEMPORAL_TLS: TEMPORAL_TLS_CA_PATH needs TLS/,
    );
    assert.throws(
      () => loadConfig({ TEMPORAL_TLS_CERT_PATH: cert, TEMPORAL_TLS_KEY_PATH: key }),
      /TEMPORAL_ADDRESS: TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH are set, so set TEMPORAL_ADDRESS/,
    );
  });
});
