/**
 * One shard of the opt-out list (`opt-out:<taskQueue>:<shard>`, design decision 12): the list is
 * spread over OPT_OUT_SHARD_COUNT of these by the number's keyed hash, so a check is one query to one
 * workflow and one map lookup, and no shard carries more than ~1k entries at 1M numbers. Nothing outside
 * Temporal: writes are updates (validated before they reach history), reads are queries, and a shard is
 * started by its first write (update-with-start). Long-lived, so it continues as new carrying its map.
 */
import { allHandlersFinished, condition, continueAsNew, setHandler } from '@temporalio/workflow';
import { optOutShardOf, type OptOutEntry } from '../../common/opt-out';
import { timeToContinueAsNew } from '../continue-as-new';
import { addOptOutsUpdate, getOptOutQuery, listOptOutsQuery, removeOptOutUpdate } from '../messages';
import { OptOutShard } from './shard';

export interface OptOutShardInput {
  shard: number;
  /** Carried across continue-as-new: every entry, by number key. */
  entries?: Record<string, OptOutEntry>;
  continueAsNewAfterEvents?: number;
}

export async function optOutShardWorkflow(input: OptOutShardInput): Promise<void> {
  const shard = new OptOutShard(input.shard, input.entries);
  setHandler(getOptOutQuery, (numberKey) => shard.check(numberKey));
  setHandler(listOptOutsQuery, (request) => shard.page(request));
  setHandler(addOptOutsUpdate, (writes) => shard.add(writes), {
    validator: (writes) => shard.checkWrites(writes),
  });
  setHandler(removeOptOutUpdate, (removal) => shard.remove(removal), {
    validator: ({ numberKey, channels }) => {
      if (typeof numberKey !== 'string' || optOutShardOf(numberKey) !== input.shard)
        throw new Error(`numberKey: belongs to another shard than ${input.shard}.`);
      if (channels !== 'all' && !Array.isArray(channels)) throw new Error('channels: a list, or "all".');
    },
  });
  await condition(() => timeToContinueAsNew(input.continueAsNewAfterEvents));
  await condition(allHandlersFinished);
  await continueAsNew<typeof optOutShardWorkflow>({ ...input, entries: shard.snapshot() });
}
