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

  test('a fault that does nothing is refused', () => {
    assert.equal(FaultSpecSchema.safeParse({ on: 'POST /v1/calls' }).success, false);
    assert.equal(FaultSpecSchema.safeParse({ webhook: { event: 'agent.message' } }).success, false);
    assert.equal(FaultSpecSchema.safeParse({ on: 'nonsense', status: 500 }).success, false);
  });
});
