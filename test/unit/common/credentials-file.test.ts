import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { agentPhoneEnv, ConfigError, parseEnv } from '../../../common/process/config';
import { keyFingerprint, writeCredentials } from '../../../common/process/credentials-file';
import { openOneTimeCode, sealOneTimeCode } from '../../../common/process/one-time-code-seal';

const schema = z.object(agentPhoneEnv);
const fresh = () => join(mkdtempSync(join(tmpdir(), 'ringflow-creds-')), 'ringflow', 'credentials.json');
const store = (path: string, baseUrl = 'https://api.agentphone.ai') =>
  writeCredentials(path, {
    apiKey: 'sk_live_stored',
    baseUrl,
    accountId: 'acct_1',
    agentId: null,
    numberId: null,
    phoneNumber: null,
  });

test('the credentials file is written 0600 in a 0700 directory, with the key fingerprint beside the key', () => {
  const path = fresh();
  const stored = store(path);
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.equal(statSync(join(path, '..')).mode & 0o777, 0o700);
  assert.equal(stored.fingerprint, keyFingerprint('sk_live_stored'));
  assert.match(stored.fingerprint, /^sk_l…sha256:[0-9a-f]{12}$/);
  assert.ok(!stored.fingerprint.includes('stored'));
});

test('every process falls back to the stored key when AGENTPHONE_API_KEY is not set', () => {
  const path = fresh();
  store(path);
  assert.equal(
    parseEnv(schema, { RINGFLOW_CREDENTIALS_FILE: path }, 't').AGENTPHONE_API_KEY,
    'sk_live_stored',
  );
  // A key in the environment wins.
  assert.equal(
    parseEnv(schema, { RINGFLOW_CREDENTIALS_FILE: path, AGENTPHONE_API_KEY: 'sk_env' }, 't')
      .AGENTPHONE_API_KEY,
    'sk_env',
  );
  // No file: no key.
  assert.equal(
    parseEnv(schema, { RINGFLOW_CREDENTIALS_FILE: `${path}.none` }, 't').AGENTPHONE_API_KEY,
    undefined,
  );
});

test('a key stored for another API (the simulator) is not used against this one', () => {
  const path = fresh();
  store(path, 'http://127.0.0.1:4010');
  assert.equal(parseEnv(schema, { RINGFLOW_CREDENTIALS_FILE: path }, 't').AGENTPHONE_API_KEY, undefined);
  assert.equal(
    parseEnv(schema, { RINGFLOW_CREDENTIALS_FILE: path, AGENTPHONE_BASE_URL: 'http://127.0.0.1:4010/' }, 't')
      .AGENTPHONE_API_KEY,
    'sk_live_stored',
  );
});

test('a credentials file others can read is refused, naming the variable and the fix', () => {
  const path = fresh();
  store(path);
  chmodSync(path, 0o644);
  assert.throws(
    () => parseEnv(schema, { RINGFLOW_CREDENTIALS_FILE: path }, 't'),
    (err: unknown) =>
      err instanceof ConfigError &&
      /RINGFLOW_CREDENTIALS_FILE: .* readable by others \(mode 0644\).*chmod 600/.test(err.message),
  );
});

test('a sealed code opens only under the same secret and shows no digits', () => {
  const secret = 'a'.repeat(32);
  const sealed = sealOneTimeCode('123456', secret);
  assert.match(sealed, /^otp1\.[A-Za-z0-9_-]{46}$/);
  assert.ok(!sealed.includes('123456'));
  assert.equal(openOneTimeCode(sealed, secret), '123456');
  assert.throws(() => openOneTimeCode(sealed, 'b'.repeat(32)));
  assert.notEqual(sealOneTimeCode('123456', secret), sealed, 'a fresh IV each time');
});
