import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { nextCallingWindow } from '../../../activities/campaign-window';
import { timeZonesForNumber } from '../../../agentphone/phone';
import type { CampaignWindow } from '../../../workflows/campaign/types';

const WEEKDAYS: CampaignWindow = { start: '09:00', end: '20:00', days: [1, 2, 3, 4, 5] };
const EVERY_DAY: CampaignWindow = { ...WEEKDAYS, days: [0, 1, 2, 3, 4, 5, 6] };
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

describe('the recipient calling window', () => {
  // 2026-12-01 is a Tuesday; 2026-12-05 a Saturday. 2026-03-08 and 2026-11-01: US DST changes.
  const cases: [string, string, string[], CampaignWindow, string, string][] = [
    [
      'inside the window: now',
      '2026-12-01T15:00:00Z',
      ['America/New_York'],
      WEEKDAYS,
      '2026-12-01T15:00:00.000Z',
      '2026-12-02T01:00:00.000Z',
    ],
    [
      'before it opens: 09:00 today',
      '2026-12-01T12:00:00Z',
      ['America/New_York'],
      WEEKDAYS,
      '2026-12-01T14:00:00.000Z',
      '2026-12-02T01:00:00.000Z',
    ],
    [
      'after it closes: 09:00 tomorrow',
      '2026-12-02T02:00:00Z',
      ['America/New_York'],
      WEEKDAYS,
      '2026-12-02T14:00:00.000Z',
      '2026-12-03T01:00:00.000Z',
    ],
    [
      'Friday night → Monday morning',
      '2026-12-05T02:00:00Z',
      ['America/Chicago'],
      WEEKDAYS,
      '2026-12-07T15:00:00.000Z',
      '2026-12-08T02:00:00.000Z',
    ],
    [
      'Saturday in Los Angeles → Monday 09:00 Pacific',
      '2026-12-05T18:00:00Z',
      ['America/Los_Angeles'],
      WEEKDAYS,
      '2026-12-07T17:00:00.000Z',
      '2026-12-08T04:00:00.000Z',
    ],
    [
      'weekend-only window on a Saturday',
      '2026-12-05T18:00:00Z',
      ['America/Denver'],
      { ...WEEKDAYS, days: [0, 6] },
      '2026-12-05T18:00:00.000Z',
      '2026-12-06T03:00:00.000Z',
    ],
    [
      'Arizona keeps no DST',
      '2026-07-01T12:00:00Z',
      ['America/Phoenix'],
      EVERY_DAY,
      '2026-07-01T16:00:00.000Z',
      '2026-07-02T03:00:00.000Z',
    ],
    [
      'spring forward: Monday after the change opens at 13:00 UTC',
      '2026-03-08T03:00:00Z',
      ['America/New_York'],
      WEEKDAYS,
      '2026-03-09T13:00:00.000Z',
      '2026-03-10T00:00:00.000Z',
    ],
    [
      'fall back: Sunday 1 Nov, then EST',
      '2026-11-01T03:00:00Z',
      ['America/New_York'],
      EVERY_DAY,
      '2026-11-01T14:00:00.000Z',
      '2026-11-02T01:00:00.000Z',
    ],
    [
      'split area code (Eastern + Central): opens at 09:00 Central, closes at 20:00 Eastern',
      '2026-12-01T12:00:00Z',
      [...timeZonesForNumber('+14235551234')],
      WEEKDAYS,
      '2026-12-01T15:00:00.000Z',
      '2026-12-02T01:00:00.000Z',
    ],
    [
      'four zones at once: the common hours only',
      '2026-12-01T10:00:00Z',
      ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles'],
      WEEKDAYS,
      '2026-12-01T17:00:00.000Z',
      '2026-12-02T01:00:00.000Z',
    ],
    [
      'Hawaii evening → the next morning',
      '2026-12-02T07:00:00Z',
      ['Pacific/Honolulu'],
      WEEKDAYS,
      '2026-12-02T19:00:00.000Z',
      '2026-12-03T06:00:00.000Z',
    ],
  ];
  for (const [title, after, zones, window, opens, closes] of cases) {
    test(title, () => {
      const opening = nextCallingWindow(Date.parse(after), zones, window);
      assert.deepEqual([iso(opening?.opensAtMs), iso(opening?.closesAtMs)], [opens, closes]);
    });
  }

  test('the split area code really spans two zones', () => {
    assert.deepEqual(timeZonesForNumber('+14235551234'), ['America/New_York', 'America/Chicago']);
  });

  test('a window wider than 08:00–21:00 is cut to it', () => {
    const opening = nextCallingWindow(Date.parse('2026-12-01T10:00:00Z'), ['America/New_York'], {
      start: '06:00',
      end: '23:00',
      days: [2],
    });
    assert.deepEqual(
      [iso(opening?.opensAtMs), iso(opening?.closesAtMs)],
      ['2026-12-01T13:00:00.000Z', '2026-12-02T02:00:00.000Z'],
    );
  });

  test('zones with no common hour give no opening', () => {
    const narrow = { start: '09:00', end: '10:00', days: [1, 2, 3, 4, 5] as CampaignWindow['days'] };
    assert.equal(
      nextCallingWindow(Date.parse('2026-12-01T10:00:00Z'), ['America/New_York', 'Pacific/Honolulu'], narrow),
      null,
    );
  });
});
