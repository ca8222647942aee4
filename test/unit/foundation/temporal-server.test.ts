import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  TemporalServerUnavailableError,
  executableCandidates,
  startDevServer,
} from '../../../stack/temporal-server';
import { ConfigError } from '../../../common/process/config';

function fakeExecutable(dir: string, name: string, script = '#!/bin/sh\nexit 1\n'): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, script);
  chmodSync(path, 0o755);
  return path;
}

describe('resolving the Temporal server', () => {
  test('candidates come in order: project binaries, then PATH, then the SDK download', () => {
    const root = mkdtempSync(join(tmpdir(), 'rf-root-'));
    const local = fakeExecutable(join(root, '.tools', 'venv', 'bin'), 'temporal');
    const pathDir = mkdtempSync(join(tmpdir(), 'rf-path-'));
    const onPath = fakeExecutable(pathDir, 'temporal');
    const candidates = executableCandidates('dev-server', { PATH: pathDir }, root);
    assert.deepEqual(
      candidates.map((c) => c.executable),
      [
        { type: 'existing-path', path: local },
        { type: 'existing-path', path: onPath },
        { type: 'cached-download' },
      ],
    );
  });

  test('an explicit TEMPORAL_TEST_SERVER_PATH is the only candidate', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rf-explicit-'));
    const path = fakeExecutable(dir, 'my-test-server');
    const candidates = executableCandidates(
      'time-skipping',
      { TEMPORAL_TEST_SERVER_PATH: path, PATH: '' },
      dir,
    );
    assert.deepEqual(candidates, [
      { executable: { type: 'existing-path', path }, source: `TEMPORAL_TEST_SERVER_PATH=${path}` },
    ]);
  });

  test('an explicit path that is not executable is an error that names the variable', () => {
    assert.throws(
      () => executableCandidates('dev-server', { TEMPORAL_CLI_PATH: '/nonexistent/temporal' }),
      (err: unknown) =>
        err instanceof TemporalServerUnavailableError &&
        /TEMPORAL_CLI_PATH=\/nonexistent\/temporal is not an executable/.test(err.message),
    );
  });

  test('TEMPORAL_ADDRESS is used as it is and nothing is started', async () => {
    const server = await startDevServer({
      env: { TEMPORAL_ADDRESS: 'temporal.internal:7233', TEMPORAL_CLI_PATH: '/nonexistent' },
    });
    assert.equal(server.address, 'temporal.internal:7233');
    assert.equal(server.external, true);
    assert.equal(server.source, 'TEMPORAL_ADDRESS');
    await server.stop();
  });

  test("an external server's Web UI comes from TEMPORAL_UI_URL, ready for workflow links", async () => {
    const server = await startDevServer({
      env: { TEMPORAL_ADDRESS: 'temporal.internal:7233', TEMPORAL_UI_URL: 'https://temporal-ui.internal/' },
    });
    assert.equal(server.uiUrl, 'https://temporal-ui.internal');
  });

  test('a malformed TEMPORAL_ADDRESS is refused with a ConfigError naming it, not used as it is', async () => {
    await assert.rejects(
      startDevServer({ env: { TEMPORAL_ADDRESS: 'http://temporal.internal:7233' } }),
      (err: unknown) =>
        err instanceof ConfigError &&
        /TEMPORAL_ADDRESS: expected host:port without a scheme/.test(err.message),
    );
  });

  test('when no executable starts, one error lists what was tried and how to fix it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rf-broken-'));
    const broken = fakeExecutable(dir, 'temporal');
    await assert.rejects(startDevServer({ env: { TEMPORAL_CLI_PATH: broken, PATH: '' } }), (err: unknown) => {
      assert.ok(err instanceof TemporalServerUnavailableError);
      assert.match(err.message, new RegExp(`Tried:\\n  - TEMPORAL_CLI_PATH=${broken}`));
      assert.match(err.message, /run scripts\/install-temporal/);
      assert.match(err.message, /set TEMPORAL_ADDRESS/);
      return true;
    });
  });
});
