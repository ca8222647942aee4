import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isResourceExhausted, isTransientRefusal, UpdateBatcher } from '../../../activities/update-batcher';

/** A gRPC RESOURCE_EXHAUSTED as the Temporal client throws it: a ServiceError wrapping the status. */
function resourceExhausted(): Error {
  const grpc = Object.assign(
    new Error('8 RESOURCE_EXHAUSTED: limit on number of concurrent in-flight updates'),
    {
      code: 8,
    },
  );
  return new Error('Update-With-Start failed', { cause: grpc });
}

/** A refusal of an update-with-start whose workflow task keeps failing, as the client throws it. */
function workflowNotReady(): Error {
  const grpc = Object.assign(new Error('9 FAILED_PRECONDITION: Update-with-Start could not be executed.'), {
    code: 9,
  });
  return new Error('Update-With-Start failed', { cause: grpc });
}

/**
 * A sender whose updates stay in flight until the test settles them: it records each batch and the
 * most batches in flight at once per key.
 */
function heldSender() {
  const sent: { key: string; batch: string[]; settle(answers?: string[], err?: Error): void }[] = [];
  const inFlight = new Map<string, number>();
  let mostInFlight = 0;
  const send = (key: string, batch: string[]) =>
    new Promise<string[]>((resolve, reject) => {
      const now = (inFlight.get(key) ?? 0) + 1;
      inFlight.set(key, now);
      mostInFlight = Math.max(mostInFlight, now);
      sent.push({
        key,
        batch,
        settle(answers = batch.map((r) => `answer to ${r}`), err) {
          inFlight.set(key, (inFlight.get(key) ?? 1) - 1);
          if (err) reject(err);
          else resolve(answers);
        },
      });
    });
  return { sent, send, mostInFlight: () => mostInFlight };
}

/** Lets pending promise callbacks run (the batcher sends the next batch once the previous returns). */
const settled = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('UpdateBatcher', () => {
  test('a request alone is sent at once, as a batch of one, and gets its answer', async () => {
    const sender = heldSender();
    const batcher = new UpdateBatcher(sender.send);
    const answer = batcher.submit('limiter', 'r1');
    assert.deepEqual(
      sender.sent.map((s) => s.batch),
      [['r1']],
    );
    sender.sent[0]!.settle();
    assert.equal(await answer, 'answer to r1');
  });

  test('requests made while one is in flight go together in the next update, in arrival order, one in flight at a time', async () => {
    const sender = heldSender();
    const batcher = new UpdateBatcher(sender.send);
    const answers = Array.from({ length: 25 }, (_, i) => batcher.submit('limiter', `r${i}`));
    assert.equal(sender.sent.length, 1, 'the waiting requests went before the first returned');
    sender.sent[0]!.settle();
    await settled();
    assert.equal(sender.sent.length, 2);
    assert.deepEqual(
      sender.sent[1]!.batch,
      Array.from({ length: 24 }, (_, i) => `r${i + 1}`),
    );
    sender.sent[1]!.settle();
    assert.deepEqual(
      await Promise.all(answers),
      Array.from({ length: 25 }, (_, i) => `answer to r${i}`),
    );
    assert.equal(sender.mostInFlight(), 1);
  });

  test('each workflow has its own update in flight: one busy limiter does not hold up another', async () => {
    const sender = heldSender();
    const batcher = new UpdateBatcher(sender.send);
    void batcher.submit('attempts:a', 'r1');
    const other = batcher.submit('attempts:b', 'r2');
    assert.deepEqual(
      sender.sent.map((s) => s.key),
      ['attempts:a', 'attempts:b'],
    );
    sender.sent[1]!.settle();
    assert.equal(await other, 'answer to r2');
  });

  test('no update carries more than maxBatch requests: the rest go in the next one', async () => {
    const sender = heldSender();
    const batcher = new UpdateBatcher(sender.send, { maxBatch: 3 });
    const answers = Array.from({ length: 8 }, (_, i) => batcher.submit('limiter', `r${i}`));
    for (let i = 0; i < 3; i += 1) {
      sender.sent[i]!.settle();
      await settled();
    }
    assert.deepEqual(
      sender.sent.map((s) => s.batch.length),
      [1, 3, 3, 1],
    );
    sender.sent[3]!.settle();
    assert.equal((await Promise.all(answers)).length, 8);
  });

  test('a failed update fails each of its callers, and the requests waiting behind it still go', async () => {
    const sender = heldSender();
    const batcher = new UpdateBatcher(sender.send);
    const first = batcher.submit('limiter', 'r1');
    const second = batcher.submit('limiter', 'r2');
    sender.sent[0]!.settle(undefined, new Error('14 UNAVAILABLE'));
    await assert.rejects(first, /UNAVAILABLE/);
    await settled();
    sender.sent[1]!.settle();
    assert.equal(await second, 'answer to r2');
  });

  test('an answer list that does not match the batch fails its callers rather than mismatching answers', async () => {
    const sender = heldSender();
    const batcher = new UpdateBatcher(sender.send);
    const first = batcher.submit('limiter', 'r1');
    const second = batcher.submit('limiter', 'r2');
    const third = batcher.submit('limiter', 'r3');
    sender.sent[0]!.settle();
    await first;
    await settled();
    sender.sent[1]!.settle(['only one']);
    await assert.rejects(second, /answered 1 of 2/);
    await assert.rejects(third, /answered 1 of 2/);
  });

  test('a server refusal for overload is resent after short jittered pauses, within the same attempt', async () => {
    const pauses: number[] = [];
    let calls = 0;
    const batcher = new UpdateBatcher(
      async (_key, batch: string[]) => {
        calls += 1;
        if (calls <= 3) throw resourceExhausted();
        return batch.map((r) => `answer to ${r}`);
      },
      { sleep: async (ms) => void pauses.push(ms), random: () => 0.5 },
    );
    assert.equal(await batcher.submit('limiter', 'r1'), 'answer to r1');
    assert.equal(calls, 4);
    // Doubling from 40 ms, each between half its cap and the cap (random 0.5: three quarters).
    assert.deepEqual(pauses, [30, 60, 120]);
  });

  test('overload refusals past the budget fail the callers (their activities retry), other errors at once', async () => {
    let clock = 0;
    const pauses: number[] = [];
    const overloaded = new UpdateBatcher(
      async () => {
        throw resourceExhausted();
      },
      {
        overloadBudgetMs: 2_000,
        now: () => clock,
        sleep: async (ms) => {
          pauses.push(ms);
          clock += ms;
        },
        random: () => 1,
      },
    );
    await assert.rejects(overloaded.submit('limiter', 'r1'), (err) => isResourceExhausted(err));
    assert.ok(clock <= 2_000, `waited ${clock} ms`);
    assert.ok(pauses.length >= 3 && pauses.every((p) => p <= 1_000), pauses.join(', '));

    let sends = 0;
    const broken = new UpdateBatcher(async () => {
      sends += 1;
      throw new Error('3 INVALID_ARGUMENT');
    });
    await assert.rejects(broken.submit('limiter', 'r1'), /INVALID_ARGUMENT/);
    assert.equal(sends, 1);
  });

  test('a workflow not ready for updates (its task failing for now) is resent like an overload, not failed at once', async () => {
    let calls = 0;
    const batcher = new UpdateBatcher(
      async (_key, batch: string[]) => {
        calls += 1;
        if (calls === 1) throw workflowNotReady();
        if (calls === 2) throw resourceExhausted();
        return batch.map((r) => `answer to ${r}`);
      },
      { sleep: async () => {}, random: () => 0.5 },
    );
    assert.deepEqual(await Promise.all([batcher.submit('limiter', 'r1'), batcher.submit('limiter', 'r2')]), [
      'answer to r1',
      'answer to r2',
    ]);
    // r1 alone, refused twice then answered; r2, which waited behind it, in the next update.
    assert.equal(calls, 4);
  });

  test('isTransientRefusal is true for overload and not-ready refusals only', () => {
    assert.equal(isTransientRefusal(resourceExhausted()), true);
    assert.equal(isTransientRefusal(workflowNotReady()), true);
    assert.equal(isTransientRefusal(Object.assign(new Error('invalid'), { code: 3 })), false);
    assert.equal(isTransientRefusal(Object.assign(new Error('reset'), { code: 'ECONNRESET' })), false);
    assert.equal(isTransientRefusal(new Error('plain')), false);
  });

  test('isResourceExhausted finds the gRPC status under the client’s wrapping, and only that status', () => {
    assert.equal(isResourceExhausted(resourceExhausted()), true);
    assert.equal(isResourceExhausted(Object.assign(new Error('unavailable'), { code: 14 })), false);
    assert.equal(isResourceExhausted(new Error('plain')), false);
    assert.equal(isResourceExhausted(undefined), false);
    assert.equal(isResourceExhausted(workflowNotReady()), false);
  });
});
