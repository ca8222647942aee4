/**
 * The layering rules of the tree, checked on the import graph of the source files themselves (relative
 * imports, static and dynamic): what a layer may import is a design decision, so a test keeps it.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { PROJECT_ROOT } from '../../../stack/temporal-server';

const IMPORT_PATTERN = /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)'([^']+)'/g;

/** Project files (relative paths) that `file` imports, and the package names it imports. */
function importsOf(file: string): { files: string[]; packages: string[] } {
  const source = readFileSync(join(PROJECT_ROOT, file), 'utf8');
  const files: string[] = [];
  const packages: string[] = [];
  for (const [, specifier] of source.matchAll(IMPORT_PATTERN)) {
    if (!specifier!.startsWith('.')) {
      packages.push(specifier!);
      continue;
    }
    const base = resolve(PROJECT_ROOT, dirname(file), specifier!);
    const target = [`${base}.ts`, join(base, 'index.ts'), base].find(
      (candidate) => existsSync(candidate) && statSync(candidate).isFile(),
    );
    assert.ok(target, `${file} imports ${specifier}, which does not resolve`);
    files.push(relative(PROJECT_ROOT, target));
  }
  return { files, packages };
}

/** Every project file reachable from `entry` through imports, `entry` included. */
function closure(entry: string): Set<string> {
  const seen = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    pending.push(...importsOf(file).files);
  }
  return seen;
}

function sourceFiles(folder: string): string[] {
  return (readdirSync(join(PROJECT_ROOT, folder), { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(folder, f));
}

/** `file → imported` pairs under `folder` whose target fails `allowed`. */
function violations(folder: string, allowed: (target: string) => boolean): string[] {
  return sourceFiles(folder).flatMap((file) =>
    importsOf(file)
      .files.filter((target) => !allowed(target))
      .map((target) => `${file} → ${target}`),
  );
}

/** What a module that workflows may bundle can import from npm: pure, deterministic libraries. */
const WORKFLOW_SAFE_PACKAGES = new Set(['zod']);

describe('layers', () => {
  test('agentphone/ imports nothing of ringflow outside itself', () => {
    assert.deepEqual(
      violations('agentphone', (target) => target.startsWith('agentphone/')),
      [],
    );
  });

  test('bench/ and the product code import nothing from test/ (chaos/ is a test suite: it may)', () => {
    const folders = readdirSync(PROJECT_ROOT, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
      .map((entry) => entry.name)
      .filter((name) => !['test', 'chaos', 'node_modules'].includes(name));
    assert.ok(folders.includes('bench') && folders.includes('stack'));
    assert.deepEqual(
      folders.flatMap((folder) => violations(folder, (target) => !target.startsWith('test/'))),
      [],
    );
  });

  test('common/ outside common/process/ is workflow-safe: no Node built-ins, no I/O packages, no plumbing', () => {
    const pure = sourceFiles('common').filter((file) => !file.startsWith('common/process/'));
    assert.ok(pure.length > 0);
    const forbidden = pure.flatMap((file) => {
      const { files, packages } = importsOf(file);
      return [
        ...files.filter((target) => !target.startsWith('common/') || target.startsWith('common/process/')),
        ...packages.filter((name) => !WORKFLOW_SAFE_PACKAGES.has(name)),
      ].map((target) => `${file} → ${target}`);
    });
    assert.deepEqual(forbidden, []);
  });

  test('workflows/ import no process plumbing from common/process/', () => {
    assert.deepEqual(
      violations('workflows', (target) => !target.startsWith('common/process/')),
      [],
    );
  });

  test('importing agentphone/phone pulls in only the phone guards and the dependency-free error root', () => {
    const reached = [...closure('agentphone/phone/index.ts')].filter(
      (file) => !file.startsWith('agentphone/phone/') && file !== 'agentphone/error-root.ts',
    );
    assert.deepEqual(reached, []);
    assert.deepEqual(importsOf('agentphone/error-root.ts'), { files: [], packages: [] });
  });
});
