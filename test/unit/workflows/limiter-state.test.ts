import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { attemptShardOf, recipientDay } from '../../../activities/limiter';
import { developmentNumberKeyer } from '../../../common/process/number-key';
import { CallAttemptTally } from '../../../workflows/limiter/attempts';
import { CallSlots } from '../../../workflows/limiter/slots';
import type { CallSlotRequest } from '../../../workflows/limiter/types';

const caps = { perAccount: 2, perNumber: 1 };
const req = (n: number, numberId = 'num_a'): CallSlotRequest => ({
  holderWorkflowId: `call:${n}`,
  holderRunId: `run-${n}`,
  requestId: `call:${n}/run-${n}`,
  numberId,
  leaseMs: 1_000,
  caps,
});
const holders = (slots: CallSlots) => slots.allLeases().map((l) => l.holderWorkflowId);

describe('the limiter state', () => {
  test('grants in order within both caps, and a busy number does not hold back another number', () => {
    const slots = new CallSlots();
    for (const r of [req(1), req(2), req(3, 'num_b'), req(4, 'num_b')]) slots.request(r);
    slots.grant(0);
    assert.deepEqual(holders(slots), ['call:1', 'call:3']);
    slots.release(req(1).requestId);
    slots.grant(10);
    assert.deepEqual(holders(slots), ['call:3', 'call:2']);
  });

  test('a repeated request is queued once, and a repeated granted one is signalled again', () => {
    const slots = new CallSlots();
    slots.request(req(1));
    slots.request(req(1));
    slots.grant(0);
    assert.equal(slots.takeGrantsToNotify().length, 1);
    slots.request(req(1));
    assert.deepEqual(
      slots.takeGrantsToNotify().map((l) => l.requestId),
      [req(1).requestId],
    );
    assert.equal(slots.allLeases().length, 1);
  });

  test('a request granted at once is answered in its own reply and not signalled; a queued one is signalled later', () => {
    const slots = new CallSlots();
    slots.request(req(1));
    slots.grant(0);
    assert.deepEqual(slots.answerNow(req(1).requestId), {
      requestId: req(1).requestId,
      leaseId: 'lease-1',
      expiresAtMs: 1_000,
    });
    assert.equal(slots.hasGrantsToNotify(), false);
    slots.request(req(2)); // same number, at its cap of 1: queued
    slots.grant(1);
    assert.equal(slots.answerNow(req(2).requestId), null);
    slots.release(req(1).requestId);
    slots.grant(2);
    assert.deepEqual(
      slots.takeGrantsToNotify().map((l) => l.requestId),
      [req(2).requestId],
    );
  });

  test('a snapshot carries queue, leases and counters into the next run, which signals its grants again', () => {
    const slots = new CallSlots();
    for (const r of [req(1), req(2), req(3)]) slots.request(r);
    slots.grant(0);
    slots.takeGrantsToNotify();
    const next = new CallSlots(structuredClone(slots.snapshot()));
    assert.deepEqual(next.snapshot(), slots.snapshot());
    assert.deepEqual(
      next.takeGrantsToNotify().map((l) => l.holderWorkflowId),
      ['call:1'],
    );
    next.release(req(1).requestId);
    next.grant(5);
    assert.deepEqual(holders(next), ['call:2']);
    assert.equal(next.snapshot().counters.granted, 2);
  });

  test('overdue leases are found at their expiry; an extended one is not overdue again until its next term', () => {
    const slots = new CallSlots();
    slots.request(req(1));
    slots.grant(0);
    assert.deepEqual(slots.overdue(999), []);
    assert.equal(slots.overdue(1_000).length, 1);
    slots.extend(req(1).requestId, 1_000);
    assert.deepEqual(slots.overdue(1_999), []);
    slots.reclaim(req(1).requestId);
    assert.equal(slots.snapshot().counters.reclaimed, 1);
    assert.ok(slots.isIdle());
  });
});

describe('the attempt tally', () => {
  const attempt = (requestId: string, recipientKey = 'nabc') => ({
    holderWorkflowId: requestId,
    requestId,
    recipientKey,
    cap: 3,
    dayEndsAtMs: 1_000,
  });

  test('counts up to the cap and refuses the next one; a repeated request is not counted twice', () => {
    const tally = new CallAttemptTally();
    assert.deepEqual(
      ['a', 'a', 'b', 'c', 'd'].map((id) => tally.count(attempt(id)).allowed),
      [true, true, true, true, false],
    );
    assert.equal(tally.count(attempt('a')).allowed, true, 'a retried request keeps its verdict');
    assert.equal(tally.count(attempt('e', 'nother')).allowed, true, 'another recipient has their own count');
    const carried = new CallAttemptTally(structuredClone(tally.snapshot()));
    assert.equal(carried.count(attempt('f')).allowed, false, 'the count survives continue-as-new');
  });
});

describe('the recipient day and shard', () => {
  test('the day is the recipient’s own: 8 pm in New York is still that day, though UTC has moved on', () => {
    const at = Date.parse('2026-12-02T01:00:00Z'); // 8 pm on Dec 1 in New York
    assert.deepEqual(recipientDay('+12125550100', at), {
      day: '2026-12-01',
      endsAtMs: Date.parse('2026-12-02T05:00:00Z'),
    });
    assert.equal(recipientDay('+442071234567', at).day, '2026-12-02', 'no area code: the UTC day');
  });

  test('shards spread recipients and never contain the number', () => {
    const shards = new Set(
      Array.from({ length: 2000 }, (_, i) => attemptShardOf(developmentNumberKeyer(`+1415555${1000 + i}`))),
    );
    assert.equal(shards.size, 32, `${shards.size} shards used`);
    for (const shard of shards) assert.match(shard, /^[a-z2-7]$/);
  });
});
