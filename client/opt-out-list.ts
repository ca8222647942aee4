/**
 * The opt-out list from outside its shard workflows (workflows/opt-out/): the activities (checks before
 * every dial and SMS, writes from STOP/START and spoken opt-outs), the CLI (`ringflow suppress`) and
 * benchmarks all go through here, so every writer keys and shards a number the same way.
 */
import { WithStartWorkflowOperation, WorkflowNotFoundError, type Client } from '@temporalio/client';
import {
  OPT_OUT_SHARD_COUNT,
  optOutShardOf,
  type OptOutChannel,
  type OptOutEntry,
  type OptOutWrite,
} from '../common/opt-out';
import type { NumberKeyer } from '../common/process/number-key';
import {
  addOptOutsUpdate,
  getOptOutQuery,
  listOptOutsQuery,
  removeOptOutUpdate,
  workflowIds,
} from '../workflows/messages';
import { optOutShardWorkflow } from '../workflows/opt-out';
import { OPT_OUT_BATCH_MAX, OPT_OUT_PAGE_MAX, type OptOutAddResult } from '../workflows/opt-out/shard';

/** Where the list lives: the Temporal client, the task queue that runs (and scopes) it, the keyer. */
export interface OptOutListAccess {
  temporal: Client;
  taskQueue: string;
  numberKey: NumberKeyer;
}

/** One opt-out to record; `number` must already be E.164 (the key is computed from it). */
export interface OptOutRequest {
  number: string;
  channel: OptOutChannel;
  reason: string;
  source: string;
  /** ISO 8601; now when omitted. */
  at?: string | undefined;
}

/** One entry as the list holds it, with its key. */
export interface ListedOptOut {
  numberKey: string;
  entry: OptOutEntry;
}

function shardId(access: OptOutListAccess, shard: number): string {
  return workflowIds.optOutShard(access.taskQueue, shard);
}

function isNotFound(err: unknown): boolean {
  return err instanceof WorkflowNotFoundError || (err as { name?: string })?.name === 'WorkflowNotFoundError';
}

/**
 * Records opt-outs: grouped by shard, in batches of OPT_OUT_BATCH_MAX, each batch one update-with-start
 * (a shard exists from its first write on). Idempotent: a number already listed for a channel keeps its
 * first mark, so a retried write changes nothing.
 *
 * @example
 * await addOptOuts(access, [{ number: '+14155550123', channel: 'sms', reason: 'texted STOP', source: 'msg_1' }]);
 */
export async function addOptOuts(
  access: OptOutListAccess,
  requests: readonly OptOutRequest[],
  options: { concurrency?: number } = {},
): Promise<OptOutAddResult> {
  const now = new Date().toISOString();
  const byShard = new Map<number, OptOutWrite[]>();
  for (const r of requests) {
    const numberKey = access.numberKey(r.number);
    const shard = optOutShardOf(numberKey);
    const writes = byShard.get(shard) ?? [];
    writes.push({
      numberKey,
      number: r.number,
      channel: r.channel,
      mark: { reason: r.reason, source: r.source, at: r.at ?? now },
    });
    byShard.set(shard, writes);
  }
  const batches: { shard: number; writes: OptOutWrite[] }[] = [];
  for (const [shard, writes] of byShard)
    for (let i = 0; i < writes.length; i += OPT_OUT_BATCH_MAX)
      batches.push({ shard, writes: writes.slice(i, i + OPT_OUT_BATCH_MAX) });

  const total: OptOutAddResult = { added: 0, alreadyListed: 0 };
  await inParallel(batches, options.concurrency ?? 16, async ({ shard, writes }) => {
    const result = await access.temporal.workflow.executeUpdateWithStart(addOptOutsUpdate, {
      args: [writes],
      startWorkflowOperation: new WithStartWorkflowOperation(optOutShardWorkflow, {
        workflowId: shardId(access, shard),
        taskQueue: access.taskQueue,
        args: [{ shard }],
        workflowIdConflictPolicy: 'USE_EXISTING',
      }),
    });
    total.added += result.added;
    total.alreadyListed += result.alreadyListed;
  });
  return total;
}

/** Lifts a number's opt-out for `channels` (or every channel); a number never listed lifts nothing. */
export async function liftOptOut(
  access: OptOutListAccess,
  number: string,
  channels: OptOutChannel[] | 'all',
): Promise<{ lifted: OptOutChannel[] }> {
  const numberKey = access.numberKey(number);
  try {
    return await access.temporal.workflow
      .getHandle(shardId(access, optOutShardOf(numberKey)))
      .executeUpdate(removeOptOutUpdate, { args: [{ numberKey, channels }] });
  } catch (err) {
    if (isNotFound(err)) return { lifted: [] };
    throw err;
  }
}

/** A number's entry, or null when it is not on the list (its shard never started counts as empty). */
export async function lookUpOptOut(access: OptOutListAccess, number: string): Promise<OptOutEntry | null> {
  const numberKey = access.numberKey(number);
  try {
    return await access.temporal.workflow
      .getHandle(shardId(access, optOutShardOf(numberKey)))
      .query(getOptOutQuery, numberKey);
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}

/** Every entry of the list, shard by shard and page by page (for `list` and `export`). */
export async function* allOptOuts(access: OptOutListAccess): AsyncGenerator<ListedOptOut> {
  for (let shard = 0; shard < OPT_OUT_SHARD_COUNT; shard++) {
    const handle = access.temporal.workflow.getHandle(shardId(access, shard));
    let after: string | undefined;
    for (;;) {
      let page;
      try {
        page = await handle.query(listOptOutsQuery, { after, limit: OPT_OUT_PAGE_MAX });
      } catch (err) {
        if (isNotFound(err)) break;
        throw err;
      }
      yield* page.entries;
      if (page.next === null) break;
      after = page.next;
    }
  }
}

async function inParallel<T>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(lanes);
}
