import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_DEADLINE_MS, parseDeadline } from '../../../client/operations/campaign-definition';

const NOW = Date.parse('2026-12-01T12:00:00Z');

test('a deadline is a duration or an ISO instant, in the future and at most a year away', () => {
  assert.equal(parseDeadline('7d', NOW), NOW + 7 * 86_400_000);
  assert.equal(parseDeadline('2026-12-20T18:00:00Z', NOW), Date.parse('2026-12-20T18:00:00Z'));
  assert.equal(parseDeadline('365d', NOW), NOW + MAX_DEADLINE_MS);
  assert.throws(() => parseDeadline('366d', NOW), /366d is more than 365 days away/);
  assert.throws(() => parseDeadline('99999d', NOW), /more than 365 days away/);
  assert.throws(() => parseDeadline('2026-11-30T00:00:00Z', NOW), /has passed/);
  assert.throws(() => parseDeadline('next week', NOW), /neither an ISO instant/);
});
