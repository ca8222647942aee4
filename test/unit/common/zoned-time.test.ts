import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextOpening, wallClockAt, zonedEpochMs } from '../../../common/zoned-time';

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

test('an instant reads as the wall-clock date and time of the zone', () => {
  assert.deepEqual(wallClockAt(Date.parse('2026-12-06T03:00:00Z'), 'America/Los_Angeles'), {
    date: '2026-12-05',
    time: '19:00',
  });
  assert.deepEqual(wallClockAt(Date.parse('2026-12-05T22:30:00Z'), 'America/St_Johns'), {
    date: '2026-12-05',
    time: '19:00',
  });
});

test('calling hours: inside them is now; before them, today at the start; after them, tomorrow at the start', () => {
  const hours = { start: '10:00', end: '21:00' };
  const la = 'America/Los_Angeles';
  const at = (iso: string) => Date.parse(iso);
  const opening = (iso: string, h = hours) =>
    new Date(nextOpening(at(iso), la, h)).toISOString().replace('.000', '');
  assert.equal(opening('2026-12-05T20:00:00Z'), '2026-12-05T20:00:00Z'); // 12:00 in LA: open
  assert.equal(opening('2026-12-05T15:30:00Z'), '2026-12-05T18:00:00Z'); // 07:30 → 10:00 the same day
  assert.equal(opening('2026-12-06T05:00:00Z'), '2026-12-06T18:00:00Z'); // 21:00 is closed → 10:00 the next day
  assert.equal(opening('2026-12-06T04:59:00Z'), '2026-12-06T04:59:00Z'); // 20:59 still open
  assert.equal(opening('2026-12-06T07:59:00Z', { start: '00:00', end: '24:00' }), '2026-12-06T07:59:00Z'); // 23:59, any hour
  // Across the spring-forward night the next 10:00 is on daylight time (UTC-7).
  assert.equal(opening('2026-03-08T06:00:00Z'), '2026-03-08T17:00:00Z');
});
