import { test } from 'node:test';
import assert from 'node:assert/strict';
import { zonedEpochMs } from '../../../common/zoned-time';

test('a wall-clock date and time in a zone becomes the right instant, DST and no-DST zones alike', () => {
  const table: [string, string, string, string][] = [
    ['2026-12-05', '19:00', 'America/Los_Angeles', '2026-12-06T03:00:00Z'], // PST, UTC-8
    ['2026-07-04', '19:00', 'America/Los_Angeles', '2026-07-05T02:00:00Z'], // PDT, UTC-7
    ['2026-07-04', '19:00', 'America/Phoenix', '2026-07-05T02:00:00Z'], // Arizona keeps MST all year
    ['2026-12-05', '19:00', 'America/Phoenix', '2026-12-06T02:00:00Z'],
    ['2026-12-05', '19:30', 'America/New_York', '2026-12-06T00:30:00Z'],
    ['2026-12-05', '19:00', 'America/St_Johns', '2026-12-05T22:30:00Z'], // Newfoundland, UTC-3:30
    ['2026-12-05', '19:00', 'Pacific/Honolulu', '2026-12-06T05:00:00Z'],
    ['2026-03-08', '03:30', 'America/Chicago', '2026-03-08T08:30:00Z'], // just after the spring-forward gap
    ['2026-11-01', '00:30', 'America/Chicago', '2026-11-01T05:30:00Z'], // before the fall-back hour
  ];
  for (const [date, time, zone, expected] of table) {
    assert.equal(
      new Date(zonedEpochMs(date, time, zone)).toISOString().replace('.000', ''),
      expected,
      `${date} ${time} ${zone}`,
    );
  }
});
