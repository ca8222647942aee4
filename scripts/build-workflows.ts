/**
 * `npm run build:workflows`: bundles workflows/ into the workflow bundle cache (RINGFLOW_WORKFLOW_BUNDLE_CACHE,
 * default .ringflow/workflow-bundle/), or confirms the cached bundle is still exact, so the next worker
 * starts without running webpack. The Dockerfile runs it at image build, so containers start warm.
 *
 * Exits 1 when the bundle could not be cached (the cache off, or its directory not writable): an image
 * built without it would silently bundle at every container start.
 */
import { ConfigError } from '../common/process/config';
import { ringflowWorkflowBundle } from '../worker/workflow-bundle';
import { WORKFLOW_BUNDLE_CACHE_OFF, workflowBundleCacheFromEnv } from '../worker/workflow-bundle-cache';

async function main(): Promise<number> {
  const cache = workflowBundleCacheFromEnv(process.env);
  if (cache === WORKFLOW_BUNDLE_CACHE_OFF)
    throw new ConfigError(
      'RINGFLOW_WORKFLOW_BUNDLE_CACHE is off: there is no cache to build into. Unset it, or name a directory.',
    );
  let failed = false;
  await ringflowWorkflowBundle(cache, {
    info: (_fields, message) => console.log(`build:workflows: ${message}`),
    warn: (fields, message) => {
      failed = true;
      console.error(`build:workflows: ${message}: ${JSON.stringify(fields)}`);
    },
  });
  return failed ? 1 : 0;
}

try {
  process.exitCode = await main();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(`build:workflows: ${err.message}`);
  process.exitCode = 1;
}
