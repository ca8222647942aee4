import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { APIConnectionTimeoutError, makeAPIError } from '../../../agentphone';
import { readPolicyFor, readWithinAttempt } from '../../../activities/read-within-attempt';
import { instantPauses } from './attempts';

const unavailable = () =>
  makeAPIError({ status: 503, headers: {}, body: { detail: 'down' }, method: 'GET', path: '/v1/calls' });

describe('readWithinAttempt', () => {
  test('the policy takes a third of the start-to-close timeout, at most 10 s', () => {
    assert.equal(readPolicyFor(30_000).budgetMs, 10_000);
    assert.equal(readPolicyFor(60_000).budgetMs, 10_000);
    assert.equal(readPolicyFor(9_000).budgetMs, 3_000);
  });

  test('backs off 250, 500, 1000 ms and gives up after the fourth read', async () => {
    const pauses = instantPauses();
    let reads = 0;
    const read = async () => {
      reads += 1;
      throw unavailable();
    };
    await assert.rejects(readWithinAttempt(read, readPolicyFor(30_000, pauses.pause)), /down/);
    assert.equal(reads, 4);
    assert.deepEqual(pauses.waitedMs, [250, 500, 1_000]);
  });

  test('a read that fails slowly spends the budget: no second read once it is gone', async () => {
    const pauses = instantPauses();
    let reads = 0;
    const policy = { ...readPolicyFor(30_000, pauses.pause), budgetMs: 40 };
    const read = async () => {
      reads += 1;
      // A timeout, as the client reports one: it took the time it took.
      await new Promise((r) => setTimeout(r, 60));
      throw new APIConnectionTimeoutError({ method: 'GET', path: '/v1/calls' }, 5_000);
    };
    await assert.rejects(readWithinAttempt(read, policy));
    assert.equal(reads, 1);
    assert.deepEqual(pauses.waitedMs, []);
  });
});
