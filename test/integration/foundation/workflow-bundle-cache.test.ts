import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../../common/process/logger';
import { loadConfig } from '../../../worker/config';
import { buildActivityDeps } from '../../../worker/deps';
import { createWorker } from '../../../worker/worker';
import { ringflowWorkflowBundle, type WorkflowBundleLogger } from '../../../worker/workflow-bundle';
import { selfCheckWorkflow } from '../../../workflows';
import { integrationTemporal, uniqueTaskQueue, type IntegrationTemporal } from '../../helpers/temporal';

let temporal: IntegrationTemporal;
let cache: string;
before(async () => {
  temporal = await integrationTemporal();
  cache = await mkdtemp(join(tmpdir(), 'ringflow-bundle-cache-it-'));
});
after(async () => {
  await temporal?.teardown();
  await rm(cache, { recursive: true, force: true });
});

/** Records the bundle's start-up lines. */
function recordingLogger(): WorkflowBundleLogger & { lines: { fields: object; message: string }[] } {
  const lines: { fields: object; message: string }[] = [];
  return {
    lines,
    info: (fields, message) => lines.push({ fields, message }),
    warn: (fields, message) => lines.push({ fields, message }),
  };
}

test('a worker created by createWorker from the cached bundle runs a workflow, and says it reused it', async () => {
  // An empty cache: this load bundles and stores.
  const first = recordingLogger();
  await ringflowWorkflowBundle(cache, first);
  assert.equal(first.lines.length, 1);
  assert.match(first.lines[0]!.message, /^workflow bundle built in \d+ ms \(no cached bundle\); cached in /);

  const taskQueue = uniqueTaskQueue();
  // The self-check touches no AgentPhone endpoint; the client is built but never used.
  const built = await buildActivityDeps(
    loadConfig({}),
    temporal.address,
    { apiKey: 'sk_unused', baseUrl: 'http://127.0.0.1:9', defaultAgentId: undefined },
    silentLogger,
  );
  after(() => built.close());
  const logger = recordingLogger();
  const worker = await createWorker({
    connection: temporal.nativeConnection,
    namespace: temporal.namespace,
    taskQueue,
    deps: built.deps,
    workflowBundleCache: cache,
    logger,
  });
  assert.equal(logger.lines.length, 1);
  const { workflowBundle } = logger.lines[0]!.fields as { workflowBundle: Record<string, unknown> };
  assert.deepEqual([workflowBundle.outcome, workflowBundle.cacheDir], ['reused', cache]);
  assert.match(logger.lines[0]!.message, /^workflow bundle reused from the cache in \d+ ms$/);
  const result = await worker.runUntil(
    temporal.client.workflow.execute(selfCheckWorkflow, {
      taskQueue,
      workflowId: `self-check-${taskQueue}`,
      args: [{ delayMs: 0, note: 'from the cached bundle' }],
    }),
  );
  assert.equal(result.note, 'from the cached bundle');
  assert.match(result.answeredBy, new RegExp(`on task queue ${taskQueue}`));
});
