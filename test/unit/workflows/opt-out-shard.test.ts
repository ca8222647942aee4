/**
 * The opt-out list's shards: the state rules (add, lift, check, pages, validation) on their own, then
 * the shard workflows through client/opt-out-list.ts — first write starts a shard, a never-started one
 * reads as empty, and continue-as-new carries the map.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { OPT_OUT_SHARD_COUNT, optOutShardOf, type OptOutWrite } from '../../../common/opt-out';
import { developmentNumberKeyer } from '../../../common/process/number-key';
import {
  addOptOuts,
  allOptOuts,
  liftOptOut,
  lookUpOptOut,
  type OptOutListAccess,
} from '../../../client/opt-out-list';
import { workflowIds } from '../../../workflows/messages';
import { OptOutShard } from '../../../workflows/opt-out/shard';
import { timeSkippingEnv, uniqueTaskQueue, withWorker } from '../../helpers/temporal';

const AT = '2026-12-01T09:00:00.000Z';
const key = developmentNumberKeyer;

function write(number: string, channel: OptOutWrite['channel'] = 'sms', at = AT): OptOutWrite {
  return { numberKey: key(number), number, channel, mark: { reason: 'texted STOP', source: 'msg_1', at } };
}

/** A number of shard `shard`, found by trying numbers in order (the hash spreads them). */
function numbersOfShard(shard: number, count: number): string[] {
  const found: string[] = [];
  for (let n = 0; found.length < count; n++) {
    const number = `+1415${String(5_550_000 + n).padStart(7, '0')}`;
    if (optOutShardOf(key(number)) === shard) found.push(number);
  }
  return found;
}

describe('an opt-out shard (state)', () => {
  test('numbers spread evenly over the shards', () => {
    const counts = new Array<number>(OPT_OUT_SHARD_COUNT).fill(0);
    for (let n = 0; n < 100_000; n++) counts[optOutShardOf(key(`+1212${String(n).padStart(7, '0')}`))]! += 1;
    const mean = 100_000 / OPT_OUT_SHARD_COUNT;
    assert.ok(Math.max(...counts) < mean * 1.5, `largest shard ${Math.max(...counts)} vs mean ${mean}`);
    assert.ok(Math.min(...counts) > mean * 0.5, `smallest shard ${Math.min(...counts)} vs mean ${mean}`);
  });

  test('adds, checks and lifts; re-adding keeps the first mark', () => {
    const [a, b] = numbersOfShard(7, 2) as [string, string];
    const shard = new OptOutShard(7);
    assert.deepEqual(shard.add([write(a), write(b, 'voice')]), { added: 2, alreadyListed: 0 });
    assert.deepEqual(shard.add([write(a, 'sms', '2026-12-02T00:00:00.000Z')]), {
      added: 0,
      alreadyListed: 1,
    });
    assert.equal(shard.check(key(a))?.marks.sms?.at, AT, 'the first opt-out time stands');
    shard.add([write(a, 'voice')]);
    assert.deepEqual(Object.keys(shard.check(key(a))!.marks).sort(), ['sms', 'voice']);
    assert.deepEqual(shard.remove({ numberKey: key(a), channels: ['sms'] }), { lifted: ['sms'] });
    assert.deepEqual(Object.keys(shard.check(key(a))!.marks), ['voice'], 'START lifts only the SMS mark');
    assert.deepEqual(shard.remove({ numberKey: key(a), channels: 'all' }), { lifted: ['voice'] });
    assert.equal(shard.check(key(a)), null);
    assert.equal(shard.size, 1);
  });

  test('pages walk every entry once, in key order', () => {
    const numbers = numbersOfShard(3, 25);
    const shard = new OptOutShard(3);
    shard.add(numbers.map((n) => write(n)));
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = shard.page({ after, limit: 10 });
      seen.push(...page.entries.map((e) => e.entry.number));
      if (!page.next) break;
      after = page.next;
    }
    assert.deepEqual(seen.sort(), [...numbers].sort());
  });

  test('a batch for another shard, or with a bad field, is refused before it is written', () => {
    const shard = new OptOutShard(5);
    const [mine] = numbersOfShard(5, 1) as [string];
    const [theirs] = numbersOfShard(6, 1) as [string];
    assert.throws(() => shard.checkWrites([write(theirs)]), /numberKey: belongs to another shard/);
    assert.throws(
      () => shard.checkWrites([{ ...write(mine), number: '4155550100' }]),
      /number: not an E\.164/,
    );
    assert.throws(() => shard.checkWrites([{ ...write(mine), channel: 'fax' as 'sms' }]), /channel: one of/);
    assert.throws(
      () => shard.checkWrites([{ ...write(mine), mark: { ...write(mine).mark, at: 'yesterday' } }]),
      /mark\.at/,
    );
    assert.throws(() => shard.checkWrites([]), /at least one/);
    assert.doesNotThrow(() => shard.checkWrites([write(mine)]));
  });
});

describe('the opt-out shard workflows', () => {
  let env: TestWorkflowEnvironment;
  before(async () => {
    env = await timeSkippingEnv();
  });
  after(() => env?.teardown());

  function access(taskQueue: string): OptOutListAccess {
    return { temporal: env.client, taskQueue, numberKey: key };
  }

  test('a number is added, checked and lifted; a shard never started reads as not listed', async () => {
    const taskQueue = uniqueTaskQueue();
    const list = access(taskQueue);
    await withWorker({ connection: env.nativeConnection, taskQueue, activities: {} }, async () => {
      assert.equal(await lookUpOptOut(list, '+14155550123'), null);
      assert.deepEqual(await liftOptOut(list, '+14155550123', 'all'), { lifted: [] });
      const request = {
        number: '+14155550123',
        channel: 'sms' as const,
        reason: 'texted STOP',
        source: 'msg_1',
        at: AT,
      };
      assert.deepEqual(await addOptOuts(list, [request]), { added: 1, alreadyListed: 0 });
      assert.deepEqual(await addOptOuts(list, [request]), { added: 0, alreadyListed: 1 }, 'idempotent');
      const entry = await lookUpOptOut(list, '+14155550123');
      assert.deepEqual(entry, {
        number: '+14155550123',
        marks: { sms: { reason: 'texted STOP', source: 'msg_1', at: AT } },
      });
      assert.deepEqual(await liftOptOut(list, '+14155550123', ['sms']), { lifted: ['sms'] });
      assert.equal(await lookUpOptOut(list, '+14155550123'), null);
    });
  });

  test('continue-as-new carries every entry, and writes keep landing', { timeout: 60_000 }, async () => {
    const taskQueue = uniqueTaskQueue();
    const list = access(taskQueue);
    const shard = 11;
    const numbers = numbersOfShard(shard, 30);
    await withWorker({ connection: env.nativeConnection, taskQueue, activities: {} }, async () => {
      const id = workflowIds.optOutShard(taskQueue, shard);
      // Started by hand with a low threshold, so a few updates make it continue as new.
      await env.client.workflow.start('optOutShardWorkflow', {
        taskQueue,
        workflowId: id,
        args: [{ shard, continueAsNewAfterEvents: 8 }],
      });
      const firstRun = (await env.client.workflow.getHandle(id).describe()).runId;
      for (const number of numbers)
        await addOptOuts(list, [{ number, channel: 'voice', reason: 'said stop', source: 'call_1' }]);
      const lastRun = (await env.client.workflow.getHandle(id).describe()).runId;
      assert.notEqual(lastRun, firstRun, 'the shard continued as new');
      for (const number of numbers) assert.ok(await lookUpOptOut(list, number), `${number} still listed`);
      const listed: string[] = [];
      for await (const { entry } of allOptOuts(list)) listed.push(entry.number);
      assert.deepEqual(listed.sort(), [...numbers].sort());
    });
  });
});
