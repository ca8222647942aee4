/**
 * A disk cache of the webpack bundle of workflow code, so a worker start (`ringflow worker`, each
 * chaos restart, `npm start`, each integration test file) reuses the bundle the last one built instead
 * of spending seconds of CPU on webpack again.
 *
 * A cached bundle is reused only while it is still exact: beside the code, the cache keeps a manifest
 * of every source file the bundle contains (the inline source map's `sources`, which webpack writes as
 * absolute paths) with the SHA-256 of each, the version of every npm package those files belong to,
 * and a key of what else shapes the output (the @temporalio/* versions, the Node major version, the
 * bundler options). A load re-hashes the listed files (about 140, a few ms) and rebuilds on any
 * difference; an unreadable, partial or inconsistent cache is a rebuild too, never an error.
 *
 * Layout: `<dir>/<key hash>/manifest.json` naming `code-<sha256>.js` beside it. Every file is written
 * whole under a temporary name and renamed into place, code before manifest, so a reader (another test
 * file, another worker) sees the old entry or the new one, never half of either; two builders at once
 * write the same content, and the last rename wins.
 */
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { BundleOptions, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { parseEnv } from '../common/process/config';

/** The value of RINGFLOW_WORKFLOW_BUNDLE_CACHE that turns the cache off (every start bundles). */
export const WORKFLOW_BUNDLE_CACHE_OFF = 'off';

/** A cache directory (absolute), or {@link WORKFLOW_BUNDLE_CACHE_OFF}. */
export type WorkflowBundleCacheSetting = string;

/**
 * Where the cache lives unless told: beside the project's other local state (`.ringflow/`, already
 * git- and docker-ignored), not under RINGFLOW_STATE_DIR, which `npm start` users and the start-up
 * benchmark point at fresh directories: the bundle depends on the code, not on a stack's state.
 */
export const DEFAULT_WORKFLOW_BUNDLE_CACHE_DIR = resolve(
  fileURLToPath(new URL('../.ringflow/workflow-bundle', import.meta.url)),
);

/** The worker's config fragment for the cache (also read by the test harness and the in-process stack). */
export const workflowBundleCacheEnv = {
  RINGFLOW_WORKFLOW_BUNDLE_CACHE: z
    .string()
    .trim()
    .min(1, 'a directory for the cached workflow bundle, or off')
    .transform((value) => (value === WORKFLOW_BUNDLE_CACHE_OFF ? value : resolve(value)))
    .default(DEFAULT_WORKFLOW_BUNDLE_CACHE_DIR),
};

const WorkflowBundleCacheEnvSchema = z.object(workflowBundleCacheEnv);

/** RINGFLOW_WORKFLOW_BUNDLE_CACHE from `env`: the directory (relative ones resolved from the cwd) or `off`. */
export function workflowBundleCacheFromEnv(env: NodeJS.ProcessEnv = process.env): WorkflowBundleCacheSetting {
  return parseEnv(WorkflowBundleCacheEnvSchema, env, 'workflow bundle cache').RINGFLOW_WORKFLOW_BUNDLE_CACHE;
}

/** The bundler options that shape the output and can be written down (so they are part of the key). */
export type CacheableBundlerOptions = Pick<
  BundleOptions,
  | 'workflowsPath'
  | 'workflowInterceptorModules'
  | 'payloadConverterPath'
  | 'failureConverterPath'
  | 'ignoreModules'
>;

/** The SDK's `bundleWorkflowCode`, or a stand-in with its signature (tests count the builds). */
export type WorkflowBundler = (options: BundleOptions) => Promise<WorkflowBundleWithSourceMap>;

export interface LoadWorkflowBundleOptions {
  bundlerOptions: CacheableBundlerOptions;
  /** The cache directory, or `off` (then every load bundles and nothing is stored). */
  cache: WorkflowBundleCacheSetting;
  /** Defaults to the SDK's bundleWorkflowCode, loaded only when a build is needed. */
  bundler?: WorkflowBundler;
  /** Passed to the bundler (webpack's own messages). */
  bundlerLogger?: BundleOptions['logger'];
}

/** What {@link loadWorkflowBundle} did, for the worker's start-up line. */
export interface LoadedWorkflowBundle {
  bundle: WorkflowBundleWithSourceMap;
  /** `reused`: read from the cache; `built`: bundled now (and stored, unless `stored` is false). */
  outcome: 'reused' | 'built';
  /** Wall time of the load, hashing and any build and store included. */
  ms: number;
  /** The cache directory used, or null when the cache is off. */
  cacheDir: string | null;
  /** Why a cached bundle was not reused (`cache off`, `no cached bundle`, `workflows/call.ts changed`). */
  rebuildReason?: string;
  /** Whether the built bundle is now in the cache; false with `storeError` saying why. */
  stored?: boolean;
  storeError?: string;
}

/** Bumped whenever the manifest's shape or meaning changes, so older entries are never misread. */
const CACHE_FORMAT = 1;

/** What must be equal for a cached bundle to be considered at all (it names the entry's directory). */
interface BundleCacheKey {
  format: number;
  nodeMajor: number;
  temporal: Record<string, string>;
  bundler: CacheableBundlerOptions;
}

const ManifestSchema = z.object({
  format: z.literal(CACHE_FORMAT),
  key: z.string(),
  code: z.object({ file: z.string().regex(/^code-[0-9a-f]{64}\.js$/), sha256: z.string() }),
  sourceMap: z.string(),
  /** Each bundled file; sha256 null for one that was not on disk (the bundler's generated entry point). */
  sources: z.array(z.object({ path: z.string(), sha256: z.string().nullable() })),
  /** package.json path → version, for each npm package a bundled file belongs to. */
  packages: z.record(z.string(), z.string()),
  builtAt: z.string(),
  buildMs: z.number(),
});
type BundleManifest = z.output<typeof ManifestSchema>;

const MANIFEST_FILE = 'manifest.json';

/**
 * The bundle of `bundlerOptions.workflowsPath` from the cache when it is still exact, else bundled
 * now and stored. Never fails because of the cache: a cache it cannot read is rebuilt, a cache it
 * cannot write (a read-only image) is reported in `storeError` and the fresh bundle is used.
 *
 * @example
 * const { bundle, outcome, ms } = await loadWorkflowBundle({
 *   bundlerOptions: { workflowsPath: WORKFLOWS_PATH },
 *   cache: workflowBundleCacheFromEnv(),
 * });
 * await Worker.create({ workflowBundle: bundle, ... }); // 'reused' in tens of ms, or 'built'
 */
export async function loadWorkflowBundle(options: LoadWorkflowBundleOptions): Promise<LoadedWorkflowBundle> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  if (options.cache === WORKFLOW_BUNDLE_CACHE_OFF) {
    const bundle = await build(options);
    return {
      bundle,
      outcome: 'built',
      ms: elapsed(),
      cacheDir: null,
      rebuildReason: 'cache off',
      stored: false,
    };
  }
  const cacheDir = resolve(options.cache);
  const key = await cacheKey(options.bundlerOptions).catch(() => undefined);
  if (!key) {
    // Without the installed versions the cache cannot tell an exact bundle from a stale one.
    const bundle = await build(options);
    const storeError = 'the installed @temporalio packages could not be read';
    return {
      bundle,
      outcome: 'built',
      ms: elapsed(),
      cacheDir,
      rebuildReason: storeError,
      stored: false,
      storeError,
    };
  }
  const entryDir = join(cacheDir, sha256(JSON.stringify(key)).slice(0, 24));
  const cached = await readCachedBundle(entryDir, key);
  if ('bundle' in cached) return { bundle: cached.bundle, outcome: 'reused', ms: elapsed(), cacheDir };

  const buildStarted = performance.now();
  const bundle = await build(options);
  const buildMs = Math.round(performance.now() - buildStarted);
  const result: LoadedWorkflowBundle = {
    bundle,
    outcome: 'built',
    ms: 0,
    cacheDir,
    rebuildReason: cached.miss,
  };
  try {
    const manifest = await manifestOf(bundle, key, buildMs);
    await storeBundle(entryDir, bundle, manifest);
    result.stored = true;
  } catch (err) {
    result.stored = false;
    result.storeError = err instanceof Error ? err.message : String(err);
  }
  result.ms = elapsed();
  return result;
}

async function build(options: LoadWorkflowBundleOptions): Promise<WorkflowBundleWithSourceMap> {
  // Imported here, not at the top: webpack and the SDK's bundler load only when a build is needed.
  const bundler = options.bundler ?? (await import('@temporalio/worker')).bundleWorkflowCode;
  return bundler({
    ...options.bundlerOptions,
    ...(options.bundlerLogger ? { logger: options.bundlerLogger } : {}),
  });
}

/** The cached bundle if every check passes, else the first reason it cannot be used. */
async function readCachedBundle(
  entryDir: string,
  key: BundleCacheKey,
): Promise<{ bundle: WorkflowBundleWithSourceMap } | { miss: string }> {
  let manifest: BundleManifest;
  try {
    const text = await fs.readFile(join(entryDir, MANIFEST_FILE), 'utf8');
    const parsed = ManifestSchema.safeParse(JSON.parse(text));
    if (!parsed.success) return { miss: 'cache manifest unreadable' };
    manifest = parsed.data;
  } catch (err) {
    return { miss: isNotFound(err) ? 'no cached bundle' : 'cache manifest unreadable' };
  }
  if (manifest.key !== JSON.stringify(key)) return { miss: 'cache key differs' };
  for (const [packageJson, version] of Object.entries(manifest.packages)) {
    if ((await packageVersion(packageJson)) !== version) return { miss: `${packageJson} changed` };
  }
  const hashes = await Promise.all(manifest.sources.map((source) => fileSha256(source.path)));
  const changed = manifest.sources.find((source, i) => hashes[i] !== source.sha256);
  if (changed) return { miss: `${changed.path} ${changed.sha256 === null ? 'appeared' : 'changed'}` };
  const code = await fs.readFile(join(entryDir, manifest.code.file), 'utf8').catch(() => undefined);
  if (code === undefined || sha256(code) !== manifest.code.sha256) return { miss: 'cached code unreadable' };
  return { bundle: { code, sourceMap: manifest.sourceMap } };
}

/** The manifest of a bundle just built, from its inline source map; throws when it cannot be exact. */
async function manifestOf(
  bundle: WorkflowBundleWithSourceMap,
  key: BundleCacheKey,
  buildMs: number,
): Promise<BundleManifest> {
  const map = inlineSourceMap(bundle.code);
  const sources: BundleManifest['sources'] = [];
  const packages: Record<string, string> = {};
  for (const [i, source] of map.sources.entries()) {
    // webpack's own runtime (`webpack/bootstrap`) and ignored modules (`ignored|…`) are not files.
    if (!isAbsolute(source)) continue;
    const onDisk = await fileSha256(source);
    const bundled = map.sourcesContent?.[i];
    // The file changed between webpack reading it and now: this bundle matches no state of the tree
    // that a later load could check, so it is used but not stored.
    if (onDisk !== null && typeof bundled === 'string' && sha256(bundled) !== onDisk)
      throw new Error(`${source} changed during the build; not cached`);
    sources.push({ path: source, sha256: onDisk });
    const packageJson = owningPackageJson(source);
    if (packageJson && !(packageJson in packages)) {
      const version = await packageVersion(packageJson);
      if (version) packages[packageJson] = version;
    }
  }
  if (!sources.some((s) => s.sha256 !== null))
    throw new Error('the bundle lists no source files; not cached');
  return {
    format: CACHE_FORMAT,
    key: JSON.stringify(key),
    code: { file: `code-${sha256(bundle.code)}.js`, sha256: sha256(bundle.code) },
    sourceMap: bundle.sourceMap,
    sources,
    packages,
    builtAt: new Date().toISOString(),
    buildMs,
  };
}

const InlineSourceMapSchema = z.object({
  sources: z.array(z.string()),
  sourcesContent: z.array(z.string().nullable()).optional(),
});

/** The SDK bundles with webpack's `inline-source-map`: a base64 JSON map in the code's last comment. */
function inlineSourceMap(code: string): z.output<typeof InlineSourceMapSchema> {
  const match =
    /\/\/# sourceMappingURL=data:application\/json;(?:charset=utf-8;)?base64,([A-Za-z0-9+/=]+)\s*$/.exec(
      code,
    );
  if (!match) throw new Error('the bundle has no inline source map to list its files; not cached');
  return InlineSourceMapSchema.parse(JSON.parse(Buffer.from(match[1]!, 'base64').toString('utf8')));
}

/** Code first, then the manifest that names it: a manifest never points at code not yet in place. */
async function storeBundle(entryDir: string, bundle: WorkflowBundleWithSourceMap, manifest: BundleManifest) {
  await fs.mkdir(entryDir, { recursive: true });
  await writeFileAtomically(join(entryDir, manifest.code.file), bundle.code);
  await writeFileAtomically(join(entryDir, MANIFEST_FILE), JSON.stringify(manifest));
  // Tidying is best-effort: the entry is complete and in place already.
  await removeStaleCode(entryDir, manifest.code.file).catch(() => {});
}

/** Written whole under a name of its own, then renamed: readers see the old file or the new one. */
export async function writeFileAtomically(path: string, content: string): Promise<void> {
  const temporary = join(dirname(path), `.${randomBytes(6).toString('hex')}-${process.pid}.tmp`);
  try {
    await fs.writeFile(temporary, content);
    await fs.rename(temporary, path);
  } catch (err) {
    await fs.rm(temporary, { force: true });
    throw err;
  }
}

/**
 * Drops code files of earlier builds and temporary files of writers killed mid-write (the chaos suite
 * SIGKILLs workers). Only ones older than a minute: a reader that read the previous manifest a moment
 * ago may still be opening its code, and a writer may still be writing.
 */
async function removeStaleCode(entryDir: string, current: string): Promise<void> {
  const now = Date.now();
  for (const name of await fs.readdir(entryDir)) {
    if (name === current || !(/^code-[0-9a-f]{64}\.js$/.test(name) || name.endsWith('.tmp'))) continue;
    const path = join(entryDir, name);
    const stat = await fs.stat(path).catch(() => undefined);
    if (stat && now - stat.mtimeMs > 60_000) await fs.rm(path, { force: true });
  }
}

async function cacheKey(bundler: CacheableBundlerOptions): Promise<BundleCacheKey> {
  return {
    format: CACHE_FORMAT,
    nodeMajor: Number(process.versions.node.split('.')[0]),
    temporal: await temporalVersions(),
    bundler: {
      workflowsPath: resolve(bundler.workflowsPath),
      ...(bundler.workflowInterceptorModules
        ? { workflowInterceptorModules: bundler.workflowInterceptorModules }
        : {}),
      ...(bundler.payloadConverterPath ? { payloadConverterPath: bundler.payloadConverterPath } : {}),
      ...(bundler.failureConverterPath ? { failureConverterPath: bundler.failureConverterPath } : {}),
      ...(bundler.ignoreModules ? { ignoreModules: bundler.ignoreModules } : {}),
    },
  };
}

/** The version of every installed @temporalio/* package (the bundler, the workflow runtime, …). */
async function temporalVersions(): Promise<Record<string, string>> {
  const workerEntry = createRequire(import.meta.url).resolve('@temporalio/worker');
  const scope = workerEntry.slice(
    0,
    workerEntry.lastIndexOf(`${sep}@temporalio${sep}`) + `${sep}@temporalio`.length,
  );
  const versions: Record<string, string> = {};
  for (const name of (await fs.readdir(scope)).sort()) {
    const version = await packageVersion(join(scope, name, 'package.json'));
    if (version) versions[`@temporalio/${name}`] = version;
  }
  return versions;
}

/** The package.json of the npm package a file inside node_modules belongs to. */
function owningPackageJson(file: string): string | undefined {
  const marker = `${sep}node_modules${sep}`;
  const at = file.lastIndexOf(marker);
  if (at < 0) return undefined;
  const rest = file.slice(at + marker.length).split(sep);
  const name = rest[0]?.startsWith('@') ? rest.slice(0, 2) : rest.slice(0, 1);
  return join(file.slice(0, at + marker.length), ...name, 'package.json');
}

async function packageVersion(packageJson: string): Promise<string | undefined> {
  try {
    const parsed = JSON.parse(await fs.readFile(packageJson, 'utf8')) as { version?: unknown };
    return typeof parsed.version === 'string' ? parsed.version : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The SHA-256 of a file's bytes; null when there is no such file; `unreadable` (never a hash, so never
 * equal to one) when it exists but cannot be read.
 */
async function fileSha256(path: string): Promise<string | null> {
  try {
    return sha256(await fs.readFile(path));
  } catch (err) {
    return isNotFound(err) ? null : 'unreadable';
  }
}

function sha256(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/** No such file, or a path through something that is not a directory. */
function isNotFound(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
