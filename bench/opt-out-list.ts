/**
 * The opt-out list at scale, on the in-process stack (its own Temporal dev server unless
 * TEMPORAL_ADDRESS names one):
 *   node --import tsx bench/opt-out-list.ts [--count 100000] [--checks 2000] [--concurrency 16]
 * Imports `count` numbers through the same path as `ringflow suppress import` (a CSV read, then
 * batched update-with-start writes per shard), then times single-number checks (the query every dial
 * and SMS makes) for listed and unlisted numbers, and reports the carried size of the largest shard
 * (what continue-as-new must fit under Temporal's 2 MB payload limit), extrapolated to 1M numbers.
 */
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { readOptOutCsv } from '../client/opt-out-csv';
import { addOptOuts, lookUpOptOut, type OptOutListAccess } from '../client/opt-out-list';
import { OPT_OUT_SHARD_COUNT, optOutShardOf } from '../common/opt-out';
import { createLogger } from '../common/process/logger';
import { developmentNumberKeyer } from '../common/process/number-key';
import { listOptOutsQuery, workflowIds } from '../workflows/messages';
import { startInProcessStack } from '../stack/in-process';
import { installRuntimeLogger } from '../worker/runtime-logger';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' },
    checks: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '16' },
  },
});
installRuntimeLogger(createLogger({ level: 'warn' }), 'WARN');
const count = Number(values.count);
const checks = Number(values.checks);
const concurrency = Number(values.concurrency);

/** The i-th of up to ~7M valid New York numbers: +1 212 <exchange 201…899> <line>. */
const numberAt = (i: number) => `+1212${201 + Math.floor(i / 10_000)}${String(i % 10_000).padStart(4, '0')}`;
const stack = await startInProcessStack({ temporalAddress: process.env.TEMPORAL_ADDRESS });
try {
  const list: OptOutListAccess = {
    temporal: stack.temporal.client,
    taskQueue: stack.taskQueue,
    numberKey: developmentNumberKeyer,
  };
  const csv = ['number,reason,channel,source,at'];
  for (let i = 0; i < count; i++) csv.push(`${numberAt(i)},DNC registry,import,dnc.csv,2026-12-01T09:00:00Z`);

  let t = performance.now();
  const read = await readOptOutCsv(Readable.from([csv.join('\n')]), { source: 'dnc.csv', at: '' });
  const readMs = performance.now() - t;
  if (read.problems.length) throw new Error(`bad rows: ${JSON.stringify(read.problems.slice(0, 3))}`);
  t = performance.now();
  const result = await addOptOuts(list, read.requests, { concurrency });
  const importMs = performance.now() - t;

  const timeChecks = async (numbers: string[]) => {
    const ms: number[] = [];
    for (const n of numbers) {
      const start = performance.now();
      await lookUpOptOut(list, n);
      ms.push(performance.now() - start);
    }
    ms.sort((a, b) => a - b);
    const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!.toFixed(2);
    return `p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms`;
  };
  const listedSample = Array.from({ length: checks }, (_, i) => numberAt((i * 7919) % count));
  const unlistedSample = Array.from({ length: checks }, (_, i) => numberAt(count + i));
  const listedTimes = await timeChecks(listedSample);
  const unlistedTimes = await timeChecks(unlistedSample);

  // The largest shard's carried map, as JSON (what continue-as-new carries).
  const perShard = new Array<number>(OPT_OUT_SHARD_COUNT).fill(0);
  for (const r of read.requests) perShard[optOutShardOf(developmentNumberKeyer(r.number))]! += 1;
  const largest = perShard.indexOf(Math.max(...perShard));
  const page = await stack.temporal.client.workflow
    .getHandle(workflowIds.optOutShard(stack.taskQueue, largest))
    .query(listOptOutsQuery, { limit: 1000 });
  const bytes = Buffer.byteLength(
    JSON.stringify(Object.fromEntries(page.entries.map((e) => [e.numberKey, e.entry]))),
  );

  console.log(`opt-out list: ${count} numbers over ${OPT_OUT_SHARD_COUNT} shards`);
  console.log(`  CSV read and checked: ${readMs.toFixed(0)} ms`);
  console.log(
    `  import: ${(importMs / 1000).toFixed(1)} s (${Math.round(count / (importMs / 1000))} numbers/s, ` +
      `concurrency ${concurrency}); added ${result.added}, already listed ${result.alreadyListed}`,
  );
  console.log(`  check of a listed number (one query): ${listedTimes}`);
  console.log(`  check of an unlisted number: ${unlistedTimes}`);
  console.log(
    `  largest shard: ${perShard[largest]} entries, ${(bytes / 1024).toFixed(0)} KiB carried; ` +
      `at 1M numbers ≈ ${((bytes * (1_000_000 / count)) / 1024).toFixed(0)} KiB (limit 2048 KiB)`,
  );
} finally {
  await stack.stop();
}
