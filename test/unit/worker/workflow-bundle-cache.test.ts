/**
 * The workflow bundle's disk cache: reused only while exact, rebuilt on any change or damage, never
 * crashing on its own files, written so that a reader never sees half an entry.
 */
import { after, describe, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, promises as fsPromises } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { BundleOptions, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { bundleWorkflowCode } from '@temporalio/worker';
import { ConfigError } from '../../../common/process/config';
import { PROJECT_ROOT } from '../../../stack/temporal-server';
import {
  DEFAULT_WORKFLOW_BUNDLE_CACHE_DIR,
  loadWorkflowBundle,
  workflowBundleCacheFromEnv,
  type LoadWorkflowBundleOptions,
  type WorkflowBundler,
} from '../../../worker/workflow-bundle-cache';

const scratch = await mkdtemp(join(tmpdir(), 'ringflow-bundle-cache-'));
after(() => rm(scratch, { recursive: true, force: true }));
let dirs = 0;
const freshDir = async (name: string) => {
  const dir = join(scratch, `${name}-${++dirs}`);
  await mkdir(dir, { recursive: true });
  return dir;
};

const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };

/** The real SDK bundler, counted. */
function countingRealBundler(): WorkflowBundler & { calls: number } {
  const bundler = Object.assign(
    async (options: BundleOptions) => {
      bundler.calls += 1;
      return bundleWorkflowCode(options);
    },
    { calls: 0 },
  );
  return bundler;
}

/**
 * A stand-in for webpack where the content of a bundle does not matter: code ending in an inline
 * source map (as the SDK's bundler writes it) that lists `files` with their current content.
 */
function fakeBundler(
  files: () => string[],
  contentOf: (file: string, onDisk: string) => string = (_file, onDisk) => onDisk,
): WorkflowBundler & { calls: number } {
  const bundler = Object.assign(
    async (): Promise<WorkflowBundleWithSourceMap> => {
      bundler.calls += 1;
      const sources = ['webpack/bootstrap', ...files()];
      const sourcesContent = await Promise.all(
        sources.map(async (f) =>
          f.startsWith('/') ? contentOf(f, await readFile(f, 'utf8').catch(() => '// generated')) : '',
        ),
      );
      const map = { version: 3, file: 'bundle.js', mappings: '', names: [], sources, sourcesContent };
      const code =
        `/* build ${bundler.calls} */\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,` +
        Buffer.from(JSON.stringify(map)).toString('base64');
      return { code, sourceMap: 'deprecated: this is no longer in use\n' };
    },
    { calls: 0 },
  );
  return bundler;
}

/** A workflows dir of two files (index.ts re-exporting greet.ts), with the project's node_modules. */
async function twoFileWorkflows(): Promise<{ dir: string; index: string; greet: string }> {
  const dir = await freshDir('workflows');
  await symlink(join(PROJECT_ROOT, 'node_modules'), join(dir, 'node_modules'));
  const index = join(dir, 'index.ts');
  const greet = join(dir, 'greet.ts');
  await writeFile(index, `export { greetWorkflow } from './greet';\n`);
  await writeFile(
    greet,
    `export async function greetWorkflow(name: string): Promise<string> {\n  return 'hi ' + name;\n}\n`,
  );
  return { dir, index, greet };
}

async function manifestPath(cacheDir: string): Promise<string> {
  const [entry] = await readdir(cacheDir);
  assert.ok(entry, `an entry in ${cacheDir}`);
  return join(cacheDir, entry, 'manifest.json');
}

describe('loadWorkflowBundle with the real bundler', () => {
  test('reuses an exact bundle without bundling, and rebuilds when a file changes or gains an import', async () => {
    const { dir, index, greet } = await twoFileWorkflows();
    const cache = await freshDir('cache');
    const bundler = countingRealBundler();
    const options: LoadWorkflowBundleOptions = {
      bundlerOptions: { workflowsPath: index },
      cache,
      bundler,
      bundlerLogger: quiet,
    };

    const first = await loadWorkflowBundle(options);
    assert.deepEqual([first.outcome, first.rebuildReason, first.stored], ['built', 'no cached bundle', true]);
    const hit = await loadWorkflowBundle(options);
    assert.equal(hit.outcome, 'reused');
    assert.equal(bundler.calls, 1, 'a hit does not call the bundler');
    assert.equal(hit.bundle.code, first.bundle.code);

    await writeFile(greet, (await readFile(greet, 'utf8')).replace("'hi '", "'hello '"));
    const changed = await loadWorkflowBundle(options);
    assert.deepEqual([changed.outcome, changed.rebuildReason], ['built', `${greet} changed`]);
    assert.match(changed.bundle.code, /hello /);
    assert.equal(bundler.calls, 2);

    // A new file reached by a new import: bundled, then listed, so editing it is seen too.
    const farewell = join(dir, 'farewell.ts');
    await writeFile(
      farewell,
      `export async function farewellWorkflow(): Promise<string> {\n  return 'bye';\n}\n`,
    );
    await writeFile(
      index,
      `${await readFile(index, 'utf8')}export { farewellWorkflow } from './farewell';\n`,
    );
    const imported = await loadWorkflowBundle(options);
    assert.deepEqual([imported.outcome, imported.rebuildReason], ['built', `${index} changed`]);
    assert.match(imported.bundle.code, /farewellWorkflow/);
    const manifest = JSON.parse(await readFile(await manifestPath(cache), 'utf8')) as {
      sources: { path: string; sha256: string | null }[];
    };
    assert.ok(manifest.sources.some((s) => s.path === farewell && s.sha256 !== null));
    await writeFile(farewell, (await readFile(farewell, 'utf8')).replace("'bye'", "'goodbye'"));
    const edited = await loadWorkflowBundle(options);
    assert.deepEqual([edited.outcome, edited.rebuildReason], ['built', `${farewell} changed`]);
    assert.equal(bundler.calls, 4);
    assert.equal((await loadWorkflowBundle(options)).outcome, 'reused');
    assert.equal(bundler.calls, 4);
  });
});

describe('loadWorkflowBundle', () => {
  /** Two files and a fake bundler listing them, a fresh cache, and one load done (built and stored). */
  async function stored(listed?: (files: string[]) => string[]) {
    const dir = await freshDir('src');
    const files = [join(dir, 'index.ts'), join(dir, 'greet.ts')];
    for (const f of files) await writeFile(f, `// ${basename(f)}\n`);
    const bundler = fakeBundler(() => (listed ? listed(files) : files));
    const cache = await freshDir('cache');
    const options: LoadWorkflowBundleOptions = {
      bundlerOptions: { workflowsPath: files[0]! },
      cache,
      bundler,
    };
    const first = await loadWorkflowBundle(options);
    assert.equal(first.stored, true, first.storeError);
    return { files, bundler, cache, options, entry: dirname(await manifestPath(cache)) };
  }

  test('a deleted source file is a rebuild', async () => {
    const { files, bundler, options } = await stored();
    await rm(files[1]!);
    const loaded = await loadWorkflowBundle(options);
    assert.deepEqual([loaded.outcome, loaded.rebuildReason], ['built', `${files[1]} changed`]);
    assert.equal(bundler.calls, 2);
  });

  test('a listed file that was not on disk (the generated entry point) appearing is a rebuild', async () => {
    const { files, bundler, options } = await stored((f) => [...f, `${f[0]}-autogenerated-entrypoint.cjs`]);
    assert.equal((await loadWorkflowBundle(options)).outcome, 'reused');
    await writeFile(`${files[0]}-autogenerated-entrypoint.cjs`, '// now on disk\n');
    const loaded = await loadWorkflowBundle(options);
    assert.equal(loaded.outcome, 'built');
    assert.match(loaded.rebuildReason ?? '', /autogenerated-entrypoint\.cjs appeared$/);
    assert.equal(bundler.calls, 2);
  });

  test('a new version of an npm package a bundled file belongs to is a rebuild', async () => {
    const dir = await freshDir('src');
    const pkg = join(dir, 'node_modules', '@scope', 'lib');
    await mkdir(join(pkg, 'dist'), { recursive: true });
    await writeFile(join(pkg, 'package.json'), JSON.stringify({ name: '@scope/lib', version: '1.0.0' }));
    const file = join(pkg, 'dist', 'index.js');
    await writeFile(file, 'module.exports = 1;\n');
    const bundler = fakeBundler(() => [file]);
    const options: LoadWorkflowBundleOptions = {
      bundlerOptions: { workflowsPath: file },
      cache: await freshDir('cache'),
      bundler,
    };
    await loadWorkflowBundle(options);
    assert.equal((await loadWorkflowBundle(options)).outcome, 'reused');
    await writeFile(join(pkg, 'package.json'), JSON.stringify({ name: '@scope/lib', version: '1.0.1' }));
    const loaded = await loadWorkflowBundle(options);
    assert.deepEqual(
      [loaded.outcome, loaded.rebuildReason],
      ['built', `${join(pkg, 'package.json')} changed`],
    );
  });

  test('other bundler options are another entry, not a reuse', async () => {
    const { bundler, options } = await stored();
    const loaded = await loadWorkflowBundle({
      ...options,
      bundlerOptions: { ...options.bundlerOptions, ignoreModules: ['fs'] },
    });
    assert.deepEqual([loaded.outcome, loaded.rebuildReason], ['built', 'no cached bundle']);
    assert.equal(bundler.calls, 2);
    assert.equal((await loadWorkflowBundle(options)).outcome, 'reused', 'the first entry is still there');
  });

  test('a corrupt or partial manifest is a rebuild, not a crash, and the rebuild repairs the cache', async () => {
    const { bundler, options, entry } = await stored();
    const manifest = join(entry, 'manifest.json');
    const good = await readFile(manifest, 'utf8');
    for (const damaged of [
      'not json {',
      good.slice(0, good.length / 2),
      '{"format":1}',
      JSON.stringify({ ...JSON.parse(good), sources: 'x' }),
    ]) {
      await writeFile(manifest, damaged);
      const loaded = await loadWorkflowBundle(options);
      assert.deepEqual(
        [loaded.outcome, loaded.rebuildReason, loaded.stored],
        ['built', 'cache manifest unreadable', true],
      );
      assert.equal((await loadWorkflowBundle(options)).outcome, 'reused');
    }
    assert.equal(bundler.calls, 5);
  });

  test('truncated, altered or missing code is a rebuild', async () => {
    const { bundler, options, entry } = await stored();
    // The code file the current manifest names (earlier builds' files stay for a minute).
    const codeFile = async () =>
      join(
        entry,
        (JSON.parse(await readFile(join(entry, 'manifest.json'), 'utf8')) as { code: { file: string } }).code
          .file,
      );
    const damage = [
      async (f: string) => writeFile(f, (await readFile(f, 'utf8')).slice(0, 40)),
      async (f: string) => writeFile(f, (await readFile(f, 'utf8')).replace('build', 'bu1ld')),
      async (f: string) => rm(f),
    ];
    for (const act of damage) {
      await act(await codeFile());
      const loaded = await loadWorkflowBundle(options);
      assert.deepEqual([loaded.outcome, loaded.rebuildReason], ['built', 'cached code unreadable']);
      assert.equal((await loadWorkflowBundle(options)).outcome, 'reused');
    }
    assert.equal(bundler.calls, 4);
  });

  test('off always bundles and writes nothing', async () => {
    const dir = await freshDir('src');
    const file = join(dir, 'index.ts');
    await writeFile(file, '// index\n');
    const bundler = fakeBundler(() => [file]);
    for (let i = 1; i <= 2; i++) {
      const loaded = await loadWorkflowBundle({
        bundlerOptions: { workflowsPath: file },
        cache: 'off',
        bundler,
      });
      assert.deepEqual(
        [loaded.outcome, loaded.cacheDir, loaded.rebuildReason, loaded.stored],
        ['built', null, 'cache off', false],
      );
      assert.equal(bundler.calls, i);
    }
    assert.deepEqual(await readdir(dir), ['index.ts']);
    assert.equal(existsSync(join(process.cwd(), 'off')), false, 'off is not a directory name');
  });

  test('a cache it cannot write still gives the fresh bundle, and says why it was not stored', async () => {
    const dir = await freshDir('src');
    const file = join(dir, 'index.ts');
    await writeFile(file, '// index\n');
    const notADir = join(dir, 'a-file');
    await writeFile(notADir, 'in the way');
    const loaded = await loadWorkflowBundle({
      bundlerOptions: { workflowsPath: file },
      cache: join(notADir, 'cache'),
      bundler: fakeBundler(() => [file]),
    });
    assert.equal(loaded.outcome, 'built');
    assert.match(loaded.bundle.code, /build 1/);
    assert.equal(loaded.stored, false);
    assert.match(loaded.storeError ?? '', /ENOTDIR|EEXIST/);
  });

  test('when the installed Temporal packages cannot be listed, it bundles and stores nothing, without failing', async (t) => {
    const dir = await freshDir('src');
    const file = join(dir, 'index.ts');
    await writeFile(file, '// index\n');
    const cache = await freshDir('cache');
    const realReaddir = fsPromises.readdir.bind(fsPromises);
    t.mock.method(fsPromises, 'readdir', async (path: string, ...rest: []) =>
      path.endsWith('@temporalio') ? Promise.reject(new Error('EACCES')) : realReaddir(path, ...rest),
    );
    const loaded = await loadWorkflowBundle({
      bundlerOptions: { workflowsPath: file },
      cache,
      bundler: fakeBundler(() => [file]),
    });
    mock.restoreAll();
    assert.deepEqual([loaded.outcome, loaded.stored], ['built', false]);
    assert.match(loaded.storeError ?? '', /@temporalio packages could not be read/);
    assert.deepEqual(await readdir(cache), []);
  });

  test('a bundle whose files changed while it was built is used but not stored', async () => {
    const dir = await freshDir('src');
    const file = join(dir, 'index.ts');
    await writeFile(file, '// index\n');
    const bundler = fakeBundler(
      () => [file],
      () => '// what webpack read before the edit\n',
    );
    const cache = await freshDir('cache');
    const loaded = await loadWorkflowBundle({ bundlerOptions: { workflowsPath: file }, cache, bundler });
    assert.equal(loaded.stored, false);
    assert.match(loaded.storeError ?? '', /changed during the build/);
    assert.deepEqual(await readdir(cache), []);
  });

  test('a bundle without an inline source map cannot be checked, so it is not stored', async () => {
    const dir = await freshDir('src');
    const file = join(dir, 'index.ts');
    await writeFile(file, '// index\n');
    const loaded = await loadWorkflowBundle({
      bundlerOptions: { workflowsPath: file },
      cache: await freshDir('cache'),
      bundler: async () => ({ code: 'var x = 1;', sourceMap: '' }),
    });
    assert.deepEqual([loaded.outcome, loaded.stored], ['built', false]);
    assert.match(loaded.storeError ?? '', /no inline source map/);
  });

  test('two builders at once both succeed and leave one complete entry', async () => {
    const dir = await freshDir('src');
    const file = join(dir, 'index.ts');
    await writeFile(file, '// index\n');
    const bundler = fakeBundler(() => [file]);
    const options: LoadWorkflowBundleOptions = {
      bundlerOptions: { workflowsPath: file },
      cache: await freshDir('cache'),
      bundler,
    };
    const both = await Promise.all([loadWorkflowBundle(options), loadWorkflowBundle(options)]);
    assert.deepEqual(
      both.map((b) => [b.outcome, b.stored]),
      [
        ['built', true],
        ['built', true],
      ],
    );
    const again = await loadWorkflowBundle(options);
    assert.equal(again.outcome, 'reused');
    assert.ok(both.some((b) => b.bundle.code === again.bundle.code));
    assert.equal(bundler.calls, 2);
    assert.deepEqual(
      (await readdir(dirname(await manifestPath(options.cache)))).filter((n) => n.endsWith('.tmp')),
      [],
    );
  });

  test('writes go to temporary names and are renamed into place, code before manifest, so a reader never sees half', async (t) => {
    const { files, options, entry } = await stored();
    const manifest = join(entry, 'manifest.json');
    const before = await readFile(manifest, 'utf8');
    await writeFile(files[1]!, '// greet, edited\n');
    const finalNames = (path: string) => path === manifest || /\/code-[0-9a-f]{64}\.js$/.test(path);
    const writes: string[] = [];
    const renames: [string, string][] = [];
    const seenByReader: string[] = [];
    const realWriteFile = fsPromises.writeFile.bind(fsPromises);
    const realRename = fsPromises.rename.bind(fsPromises);
    // A reader of the entry at every step of the write: it must find the old manifest or the new one, whole.
    const read = async () => seenByReader.push(await readFile(manifest, 'utf8'));
    t.mock.method(fsPromises, 'writeFile', async (...args: Parameters<typeof fsPromises.writeFile>) => {
      writes.push(args[0] as string);
      await read();
      await realWriteFile(...args);
      await read();
    });
    t.mock.method(fsPromises, 'rename', async (from: string, to: string) => {
      renames.push([from, to]);
      await read();
      await realRename(from, to);
      await read();
    });
    const loaded = await loadWorkflowBundle(options);
    mock.restoreAll();
    assert.equal(loaded.stored, true);
    const after = await readFile(manifest, 'utf8');
    assert.notEqual(after, before);

    assert.equal(writes.length, 2);
    assert.deepEqual(writes.filter(finalNames), [], 'no write goes to a final name');
    assert.deepEqual(
      renames.map(([from, to]) => [writes.includes(from), finalNames(to)]),
      [
        [true, true],
        [true, true],
      ],
    );
    assert.match(renames[0]![1], /code-/);
    assert.equal(renames[1]![1], manifest, 'the manifest is renamed into place last');
    assert.ok(seenByReader.length >= 8);
    assert.deepEqual(
      seenByReader.filter((text) => text !== before && text !== after),
      [],
      'the reader saw only the old or the new manifest',
    );
    // And the old code file the old manifest names stays readable until it is a minute old.
    const oldCode = (JSON.parse(before) as { code: { file: string } }).code.file;
    assert.ok((await readdir(entry)).includes(oldCode));
  });
});

describe('RINGFLOW_WORKFLOW_BUNDLE_CACHE', () => {
  test('defaults to .ringflow/workflow-bundle in the project, takes a directory or off, and refuses an empty one', () => {
    assert.equal(workflowBundleCacheFromEnv({}), DEFAULT_WORKFLOW_BUNDLE_CACHE_DIR);
    assert.equal(DEFAULT_WORKFLOW_BUNDLE_CACHE_DIR, join(PROJECT_ROOT, '.ringflow', 'workflow-bundle'));
    assert.equal(workflowBundleCacheFromEnv({ RINGFLOW_WORKFLOW_BUNDLE_CACHE: 'off' }), 'off');
    assert.equal(
      workflowBundleCacheFromEnv({ RINGFLOW_WORKFLOW_BUNDLE_CACHE: '/var/cache/rf' }),
      '/var/cache/rf',
    );
    assert.equal(
      workflowBundleCacheFromEnv({ RINGFLOW_WORKFLOW_BUNDLE_CACHE: 'rel/dir' }),
      join(process.cwd(), 'rel/dir'),
    );
    assert.throws(
      () => workflowBundleCacheFromEnv({ RINGFLOW_WORKFLOW_BUNDLE_CACHE: '   ' }),
      (err) =>
        err instanceof ConfigError &&
        /RINGFLOW_WORKFLOW_BUNDLE_CACHE: a directory for the cached workflow bundle, or off/.test(
          err.message,
        ),
    );
  });
});
