import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { FaultBook, FaultSpecSchema } from '../../../simulator/faults';
import { Random } from '../../../simulator/random';

describe('FaultBook', () => {
  test('a route fault matches the spec path, the fastify path or the concrete path, for `times` requests', () => {
    const book = new FaultBook(new Random(1));
    book.add(FaultSpecSchema.parse({ on: 'GET /v1/calls/{call_id}', status: 503, times: 2 }));
    assert.equal(
      book.takeRouteFault('POST', '/v1/calls/:call_id', '/v1/calls/call_1'),
      undefined,
      'method must match',
    );
    assert.equal(book.takeRouteFault('GET', '/v1/calls/:call_id', '/v1/calls/call_1')?.status, 503);
    assert.equal(book.takeRouteFault('GET', '/v1/calls/:call_id', '/v1/calls/call_2?wait=true')?.status, 503);
    assert.equal(book.takeRouteFault('GET', '/v1/calls/:call_id', '/v1/calls/call_3'), undefined, 'used up');
    book.add(FaultSpecSchema.parse({ on: 'POST /v1/messages', commitThenDrop: true }));
    for (let i = 0; i < 3; i++)
      assert.equal(
        book.takeRouteFault('POST', '/v1/messages', '/v1/messages')?.commitThenDrop,
        true,
        'without times it stays',
      );
  });

  test('webhook faults match by event and probability draws from the seed', () => {
    const draw = (seed: number) => {
      const book = new FaultBook(new Random(seed));
      book.add(FaultSpecSchema.parse({ webhook: { event: 'agent.message', drop: true, probability: 0.5 } }));
      return Array.from({ length: 20 }, () => book.takeWebhookFault('agent.message') !== undefined);
    };
    assert.deepEqual(draw(7), draw(7), 'same seed, same faults');
    assert.ok(draw(7).includes(true) && draw(7).includes(false));
    const book = new FaultBook(new Random(1));
    book.add({ webhook: { event: 'agent.call_ended', duplicate: true } });
    assert.equal(book.takeWebhookFault('agent.message'), undefined);
    assert.equal(book.takeWebhookFault('agent.call_ended')?.duplicate, true);
  });

  test('faults on the same route are drawn independently: a later one is not shadowed by an earlier miss', () => {
    const book = new FaultBook(new Random(3));
    book.add(FaultSpecSchema.parse({ on: '* *', latencyMs: 20 }));
    book.add(FaultSpecSchema.parse({ on: '* *', status: 503, probability: 0.5 }));
    book.add(FaultSpecSchema.parse({ on: '* *', status: 429, retryAfterSec: 1, probability: 0.5 }));
    const answers = Array.from({ length: 400 }, () => book.takeRouteFault('GET', '/v1/calls', '/v1/calls'));
    const count = (status: number | undefined) => answers.filter((a) => a?.status === status).length;
    assert.ok(count(503) > 150 && count(503) < 250, `${count(503)} × 503`);
    assert.ok(
      count(429) > 50 && count(429) < 150,
      `${count(429)} × 429 (half of the requests the 503 spared)`,
    );
    assert.ok(count(undefined) > 50, 'some requests get only the latency');
    assert.ok(
      answers.every((a) => a?.latencyMs === 20),
      'the latency applies to every request, answered or not',
    );
  });

  test('webhook faults that fire on one event combine', () => {
    const book = new FaultBook(new Random(5));
    book.add({ webhook: { duplicate: true } });
    book.add({ webhook: { drop: true, probability: 0.2 } });
    book.add({ webhook: { delayMs: 3000, probability: 0.5 } });
    const faults = Array.from({ length: 200 }, () => book.takeWebhookFault('agent.call_ended'));
    assert.ok(
      faults.every((f) => f?.duplicate === true),
      'every event is duplicated',
    );
    const dropped = faults.filter((f) => f?.drop).length;
    assert.ok(dropped > 20 && dropped < 60, `${dropped} dropped`);
    assert.ok(
      faults.some((f) => f?.delayMs === 3000 && !f.drop),
      'some are held back',
    );
  });

  test('a fault that does nothing is refused', () => {
    assert.equal(FaultSpecSchema.safeParse({ on: 'POST /v1/calls' }).success, false);
    assert.equal(FaultSpecSchema.safeParse({ webhook: { event: 'agent.message' } }).success, false);
    assert.equal(FaultSpecSchema.safeParse({ on: 'nonsense', status: 500 }).success, false);
  });
});
