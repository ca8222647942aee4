/** `npm run build:workflows` fails (exit 1, saying why) whenever it leaves no cached bundle behind. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../stack/temporal-server';

function buildWorkflows(env: Record<string, string>) {
  return spawnSync(
    process.execPath,
    ['--import', 'tsx', join(PROJECT_ROOT, 'scripts', 'build-workflows.ts')],
    {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env },
      encoding: 'utf8',
    },
  );
}

test('build:workflows with the cache off exits 1 and says how to fix it, bundling nothing', () => {
  const run = buildWorkflows({ RINGFLOW_WORKFLOW_BUNDLE_CACHE: 'off' });
  assert.equal(run.status, 1);
  assert.match(
    run.stderr,
    /RINGFLOW_WORKFLOW_BUNDLE_CACHE is off: there is no cache to build into\. Unset it/,
  );
  assert.doesNotMatch(run.stdout + run.stderr, /workflow bundle built/);
});

test('build:workflows with a blank cache setting exits 1 naming the variable', () => {
  const run = buildWorkflows({ RINGFLOW_WORKFLOW_BUNDLE_CACHE: '  ' });
  assert.equal(run.status, 1);
  assert.match(
    run.stderr,
    /RINGFLOW_WORKFLOW_BUNDLE_CACHE: a directory for the cached workflow bundle, or off/,
  );
});

test('build:workflows exits 1 when the bundle could not be stored, so an image is never built cold', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ringflow-build-workflows-'));
  try {
    const inTheWay = join(dir, 'a-file');
    writeFileSync(inTheWay, 'not a directory');
    const run = buildWorkflows({ RINGFLOW_WORKFLOW_BUNDLE_CACHE: join(inTheWay, 'cache') });
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, /workflow bundle built in \d+ ms \(no cached bundle\)/);
    assert.match(run.stderr, /workflow bundle not cached: the next start bundles again: .*ENOTDIR/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
