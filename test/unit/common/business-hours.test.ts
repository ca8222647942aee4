import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { nextBusinessOpening } from '../../../common/business-hours';

const NY = 'America/New_York';
const WEEKDAYS = { start: '09:00', end: '18:00', days: [1, 2, 3, 4, 5] };

describe('the next business-hours opening on the owner clock', () => {
  const table: [string, string, string][] = [
    // [what, now (UTC), expected opening (UTC)]; New York is UTC-5 in December.
    ['inside hours on a weekday: now', '2026-12-01T15:00:00Z', '2026-12-01T15:00:00Z'],
    ['before opening on a weekday: 09:00 that day', '2026-12-01T12:00:00Z', '2026-12-01T14:00:00Z'],
    ['after closing on Tuesday: Wednesday 09:00', '2026-12-01T23:30:00Z', '2026-12-02T14:00:00Z'],
    ['Friday evening: across the weekend to Monday 09:00', '2026-12-05T00:00:00Z', '2026-12-07T14:00:00Z'],
    ['Saturday noon: Monday 09:00', '2026-12-05T17:00:00Z', '2026-12-07T14:00:00Z'],
    ['exactly at closing: the next day', '2026-12-01T23:00:00Z', '2026-12-02T14:00:00Z'],
  ];
  for (const [what, now, expected] of table) {
    test(what, () => {
      assert.equal(
        new Date(nextBusinessOpening(Date.parse(now), NY, WEEKDAYS)!).toISOString(),
        new Date(expected).toISOString(),
      );
    });
  }

  test('no open day: no opening', () => {
    assert.equal(nextBusinessOpening(Date.now(), NY, { ...WEEKDAYS, days: [] }), undefined);
  });

  test('any hour on every day opens now', () => {
    const now = Date.parse('2026-12-06T03:00:00Z');
    assert.equal(
      nextBusinessOpening(now, NY, { start: '00:00', end: '24:00', days: [0, 1, 2, 3, 4, 5, 6] }),
      now,
    );
  });
});
