/**
 * ringflow's workflow bundle: workflows/index.ts bundled by the SDK, through the disk cache
 * (workflow-bundle-cache.ts), with the one start-up line saying whether it was reused or built.
 */
import { fileURLToPath } from 'node:url';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import {
  loadWorkflowBundle,
  type LoadedWorkflowBundle,
  type WorkflowBundleCacheSetting,
  type WorkflowBundler,
} from './workflow-bundle-cache';

/** The worker's workflowsPath: every workflow ringflow registers is exported from here. */
export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

// The bundler reports webpack progress at INFO; only its warnings matter to us.
const quietBundlerLogger = {
  trace() {},
  debug() {},
  info() {},
  warn: (message: string, meta?: unknown) => console.warn(message, meta ?? ''),
  error: (message: string, meta?: unknown) => console.error(message, meta ?? ''),
  log() {},
};

/** Where the bundle's start-up line goes: a pino logger, or anything with the same two methods. */
export interface WorkflowBundleLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/**
 * The workflows/ bundle from the cache at `cache` (a directory, or `off`) when it is still exact, else
 * bundled now and stored; logs one line on `logger` saying which, and in how many ms.
 *
 * @example const bundle = await ringflowWorkflowBundle(config.RINGFLOW_WORKFLOW_BUNDLE_CACHE, logger);
 */
export async function ringflowWorkflowBundle(
  cache: WorkflowBundleCacheSetting,
  logger?: WorkflowBundleLogger,
  bundler?: WorkflowBundler,
): Promise<WorkflowBundleWithSourceMap> {
  const loaded = await loadWorkflowBundle({
    bundlerOptions: { workflowsPath: WORKFLOWS_PATH },
    cache,
    bundlerLogger: quietBundlerLogger,
    ...(bundler ? { bundler } : {}),
  });
  if (logger) logWorkflowBundle(logger, loaded);
  return loaded.bundle;
}

/** `workflow bundle reused from the cache in 48 ms` / `workflow bundle built in 3120 ms (…)`. */
export function workflowBundleLine(loaded: LoadedWorkflowBundle): string {
  if (loaded.outcome === 'reused') return `workflow bundle reused from the cache in ${loaded.ms} ms`;
  const why = loaded.rebuildReason ? ` (${loaded.rebuildReason})` : '';
  const where = loaded.stored ? `; cached in ${loaded.cacheDir}` : '';
  return `workflow bundle built in ${loaded.ms} ms${why}${where}`;
}

function logWorkflowBundle(logger: WorkflowBundleLogger, loaded: LoadedWorkflowBundle): void {
  const fields = {
    workflowBundle: {
      outcome: loaded.outcome,
      ms: loaded.ms,
      cacheDir: loaded.cacheDir,
      ...(loaded.rebuildReason ? { rebuildReason: loaded.rebuildReason } : {}),
    },
  };
  logger.info(fields, workflowBundleLine(loaded));
  if (loaded.storeError)
    logger.warn(
      { workflowBundle: { cacheDir: loaded.cacheDir, storeError: loaded.storeError } },
      'workflow bundle not cached: the next start bundles again',
    );
}
