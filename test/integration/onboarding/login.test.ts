/** `ringflow login --api-key-stdin` against the simulator: a working key is stored 0600, a refused one is not. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { main } from '../../../client/commands/login';
import { readCredentials } from '../../../common/process/credentials-file';
import { buildSimulator, type Simulator } from '../../../simulator';

let simulator: Simulator;
let baseUrl: string;
before(async () => {
  simulator = await buildSimulator({ speed: 'instant', seed: 7, rateLimits: false });
  baseUrl = await simulator.listen({ port: 0 });
});
after(() => simulator?.close());

const login = (key: string, credentialsFile: string) =>
  main(['--api-key-stdin'], {
    stdin: Readable.from([`${key}\n`]),
    env: { AGENTPHONE_BASE_URL: baseUrl, RINGFLOW_CREDENTIALS_FILE: credentialsFile },
  });

test('login stores a key AgentPhone accepts, owner-only, for that API', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'ringflow-login-')), 'ringflow', 'credentials.json');
  assert.equal(await login(simulator.account.apiKey, file), 0);
  const stored = readCredentials(file);
  assert.equal(stored?.apiKey, simulator.account.apiKey);
  assert.equal(stored?.baseUrl, baseUrl);
  assert.equal(statSync(file).mode & 0o777, 0o600);
});

test('login refuses a key AgentPhone does not accept, and stores nothing', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'ringflow-login-')), 'ringflow', 'credentials.json');
  await assert.rejects(
    login('sk_live_not_a_real_key', file),
    /refused this key \(401\).*Nothing was stored/s,
  );
  assert.equal(existsSync(file), false);
});

test('login refuses a key on argv', async () => {
  await assert.rejects(
    main(['sk_live_x'], { stdin: Readable.from([]), env: {} }),
    /--api-key-stdin \(never as an argument\)/,
  );
});
