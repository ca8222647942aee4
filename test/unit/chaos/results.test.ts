import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Client } from '@temporalio/client';
import { resultOf } from '../../../chaos/results';

/** A client whose one workflow answers `result()` with `outcome` (a promise that may never settle). */
function clientAnswering(outcome: () => Promise<unknown>) {
  let asked = 0;
  const client = {
    workflow: {
      getHandle: () => ({
        result: () => {
          asked += 1;
          return outcome();
        },
      }),
    },
  } as unknown as Pick<Client, 'workflow'>;
  return { client, asked: () => asked };
}

describe('chaos workload: waiting for a flow’s result', () => {
  test('gives up at the deadline while result() is still long-polling, naming the workflow', async () => {
    const { client } = clientAnswering(() => new Promise(() => {}));
    const started = Date.now();
    await assert.rejects(resultOf(client, 'campaign:c1', Date.now() + 50), /campaign:c1: no result in time/);
    assert.ok(Date.now() - started < 5_000, 'not held past the deadline');
  });

  test('returns the result when it comes before the deadline', async () => {
    const { client, asked } = clientAnswering(async () => ({ state: 'booked' }));
    assert.deepEqual(await resultOf(client, 'reservation:r1', Date.now() + 5_000), { state: 'booked' });
    assert.equal(asked(), 1);
  });
});
