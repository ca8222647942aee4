import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import {
  ConfigError,
  checkTemporalEnv,
  codecKeysFromEnv,
  parseEnv,
  temporalDataConverter,
  temporalEnv,
} from '../../../common/process/config';
import { describeConfig } from '../../../common/process/config';

const KEY_A = randomBytes(32).toString('base64');
const KEY_B = randomBytes(32).toString('base64');
const Schema = z.object(temporalEnv).superRefine(checkTemporalEnv);
const load = (env: Record<string, string>) => parseEnv(Schema, env, 'test');

describe('codec configuration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'codec-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('is off when no key is given', () => {
    assert.equal(temporalDataConverter(load({})), undefined);
  });

  test('reads an id:base64 list from RINGFLOW_CODEC_KEYS, the first key current', () => {
    const config = load({ RINGFLOW_CODEC_KEYS: `new:${KEY_A}, old:${KEY_B}` });
    assert.deepEqual(
      codecKeysFromEnv(config)!.map((k) => k.id),
      ['new', 'old'],
    );
    assert.equal(temporalDataConverter(config)!.payloadCodecs!.length, 1);
  });

  test('a bad key names the variable and the fix, and never quotes key material', () => {
    const bad = `k1:${KEY_A.slice(0, 20)}`;
    assert.throws(
      () => load({ RINGFLOW_CODEC_KEYS: bad }),
      (err: Error) =>
        err instanceof ConfigError &&
        /RINGFLOW_CODEC_KEYS: key "k1": not 32 bytes/.test(err.message) &&
        !err.message.includes(KEY_A.slice(0, 20)),
    );
    assert.throws(
      () => load({ RINGFLOW_CODEC_KEYS: KEY_A }),
      /RINGFLOW_CODEC_KEYS: key 1: expected id:base64/,
    );
    assert.throws(() => load({ RINGFLOW_CODEC_KEYS: `a:${KEY_A},a:${KEY_B}` }), /given twice/);
  });

  test('reads a key file with owner-only permissions, and refuses one others can read', () => {
    const file = join(dir, 'keys');
    writeFileSync(file, `# current first\nnew:${KEY_A}\nold:${KEY_B}\n`);
    chmodSync(file, 0o644);
    assert.throws(
      () => codecKeysFromEnv(load({ RINGFLOW_CODEC_KEY_FILE: file })),
      (err: Error) =>
        err instanceof ConfigError && /RINGFLOW_CODEC_KEY_FILE: .*\(mode 644\).*chmod 600/.test(err.message),
    );
    chmodSync(file, 0o600);
    assert.deepEqual(
      codecKeysFromEnv(load({ RINGFLOW_CODEC_KEY_FILE: file }))!.map((k) => k.id),
      ['new', 'old'],
    );
  });

  test('a missing key file, or both sources at once, is refused by name', () => {
    assert.throws(
      () => codecKeysFromEnv(load({ RINGFLOW_CODEC_KEY_FILE: join(dir, 'absent') })),
      /RINGFLOW_CODEC_KEY_FILE: cannot read .*ENOENT/,
    );
    assert.throws(
      () => load({ RINGFLOW_CODEC_KEYS: `a:${KEY_A}`, RINGFLOW_CODEC_KEY_FILE: join(dir, 'keys') }),
      /RINGFLOW_CODEC_KEY_FILE: RINGFLOW_CODEC_KEYS is set too/,
    );
  });

  test('the start-up log line shows that keys are set, not the keys', () => {
    const shown = JSON.stringify(describeConfig(load({ RINGFLOW_CODEC_KEYS: `a:${KEY_A}` })));
    assert.ok(!shown.includes(KEY_A.slice(0, 10)), shown);
    assert.match(shown, /"RINGFLOW_CODEC_KEYS":"1 set"/);
  });
});
