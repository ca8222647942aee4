#!/usr/bin/env node
// The setup that `npm start` and `npm test` run first, so each works on a fresh clone:
// npm packages (npm ci when node_modules is missing or older than the lockfile), then the Temporal
// binaries (scripts/install-temporal), unless TEMPORAL_ADDRESS names a server to use instead.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const marker = join(root, 'node_modules', '.package-lock.json');
const lock = join(root, 'package-lock.json');
if (!existsSync(marker) || statSync(marker).mtimeMs < statSync(lock).mtimeMs) {
  console.log('setup: installing npm packages (npm ci)…');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
}
if (process.env.TEMPORAL_ADDRESS) {
  console.log(`setup: using the Temporal server at TEMPORAL_ADDRESS=${process.env.TEMPORAL_ADDRESS}`);
} else {
  try {
    execFileSync(join(root, 'scripts', 'install-temporal'), { cwd: root, stdio: 'inherit' });
  } catch {
    // Not fatal: TEMPORAL_CLI_PATH, a `temporal` on PATH or the SDK's download may still work.
    console.warn(
      'setup: scripts/install-temporal failed; ringflow will try the other routes to a Temporal server.',
    );
  }
}
