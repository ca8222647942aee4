import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cronCalendar, nextCronTimes, parseCron } from '../../../client/campaign/cron';
import {
  MIN_EVERY_MS,
  parseAt,
  schedulePlanFromFlags,
  type CampaignScheduleFlags,
} from '../../../client/campaign/schedule-flags';
import { UsageError } from '../../../client/commands/shared';
import { scheduledCampaignId } from '../../../workflows/campaign/scheduled';

// Monday 30 November 2026, 10:15:30 UTC.
const NOW = Date.parse('2026-11-30T10:15:30Z');
const iso = (ms: number[]) => ms.map((t) => new Date(t).toISOString());

function refused(flags: CampaignScheduleFlags, options: { minEveryMs?: number } = {}): string {
  try {
    schedulePlanFromFlags(flags, NOW, options);
  } catch (err) {
    assert.ok(err instanceof UsageError, String(err));
    assert.match(err.message, /nothing was stored or called/);
    return err.message;
  }
  assert.fail('the flags were accepted');
}

describe('cron expressions', () => {
  test('fields read values, ranges, steps, lists and names; day 7 is Sunday', () => {
    const f = parseCron('*/15 9-11,14 * jan,jul 1-5');
    assert.deepEqual(f.minute, [0, 15, 30, 45]);
    assert.deepEqual(f.hour, [9, 10, 11, 14]);
    assert.deepEqual(f.month, [1, 7]);
    assert.deepEqual(f.dayOfWeek, [1, 2, 3, 4, 5]);
    assert.deepEqual(parseCron('0 9 * * sat-7').dayOfWeek, [0, 6]);
    assert.deepEqual(parseCron('5/20 * * * *').minute, [5, 25, 45]);
    assert.deepEqual(parseCron('@daily').hour, [0]);
  });

  test('a bad expression is refused naming the field and the fix', () => {
    assert.throws(() => parseCron('0 9 * *'), /has 4 fields; use five/);
    assert.throws(() => parseCron('0 24 * * *'), /hour "24" is not a number from 0 to 23/);
    assert.throws(() => parseCron('61 9 * * *'), /minute "61"/);
    assert.throws(() => parseCron('0 9 * foo *'), /month "foo"/);
    assert.throws(() => parseCron('0 9 * * 1-x'), /day of week "x"/);
    assert.throws(() => parseCron('0 17-9 * * *'), /runs backwards/);
    assert.throws(() => parseCron('0 9 1 * mon'), /both the day of the month and the day of the week/);
  });

  test('next fire times follow the zone’s wall clock, across a weekend and a DST change', () => {
    // Weekdays at 09:00 in New York, from Monday 10:15 UTC (05:15 there): Mon, Tue, Wed 14:00 UTC.
    const weekdays = parseCron('0 9 * * mon-fri');
    assert.deepEqual(iso(nextCronTimes(weekdays, 'America/New_York', NOW, 3)), [
      '2026-11-30T14:00:00.000Z',
      '2026-12-01T14:00:00.000Z',
      '2026-12-02T14:00:00.000Z',
    ]);
    // From Friday evening the next is Monday.
    const friday = Date.parse('2026-12-04T23:00:00Z');
    assert.deepEqual(iso(nextCronTimes(weekdays, 'America/New_York', friday, 1)), [
      '2026-12-07T14:00:00.000Z',
    ]);
    // 09:00 in New York is 13:00 UTC in summer time: 8 March 2026 is the change.
    const daily = parseCron('0 9 * * *');
    assert.deepEqual(iso(nextCronTimes(daily, 'America/New_York', Date.parse('2026-03-07T15:00:00Z'), 2)), [
      '2026-03-08T13:00:00.000Z',
      '2026-03-09T13:00:00.000Z',
    ]);
    // 02:30 does not exist in New York on 8 March 2026: that day does not fire.
    const skipped = parseCron('30 2 * * *');
    assert.deepEqual(iso(nextCronTimes(skipped, 'America/New_York', Date.parse('2026-03-07T12:00:00Z'), 2)), [
      '2026-03-09T06:30:00.000Z',
      '2026-03-10T06:30:00.000Z',
    ]);
  });

  test('the calendar handed to Temporal holds the same values as ranges', () => {
    const calendar = cronCalendar(parseCron('0,30 9-17 * * mon-fri'), '0,30 9-17 * * mon-fri');
    assert.deepEqual(calendar.minute, [
      { start: 0, end: 0, step: 1 },
      { start: 30, end: 30, step: 1 },
    ]);
    assert.deepEqual(calendar.hour, [{ start: 9, end: 17, step: 1 }]);
    assert.deepEqual(calendar.dayOfWeek, [{ start: 'MONDAY', end: 'FRIDAY', step: 1 }]);
    assert.deepEqual(calendar.month, [{ start: 'JANUARY', end: 'DECEMBER', step: 1 }]);
  });
});

describe('campaign schedule flags', () => {
  test('--cron with --cron-timezone: a calendar in that zone, the next 3 fire times, skip by default', () => {
    const plan = schedulePlanFromFlags(
      { cron: '0 9 * * mon-fri', cronTimezone: 'America/Chicago', id: 'weekday-reminders' },
      NOW,
    );
    assert.equal(plan.kind, 'cron');
    assert.equal(plan.spec.timezone, 'America/Chicago');
    assert.deepEqual(iso(plan.nextFireTimesMs), [
      '2026-11-30T15:00:00.000Z',
      '2026-12-01T15:00:00.000Z',
      '2026-12-02T15:00:00.000Z',
    ]);
    assert.equal(plan.overlap, 'skip');
    // The default deadline ends a run before the next one (shortest gap: a weekday, 24 h).
    assert.deepEqual(plan.deadline, { afterStartMs: 86_400_000 });
    assert.equal(plan.catchupWindowMs, 86_400_000);
    assert.ok(plan.keepPagesUntilMs > NOW + 365 * 86_400_000, 'a recurring schedule’s pages outlive it');
  });

  test('--every: the first run at once, then every interval; --deadline is a span after each start', () => {
    const plan = schedulePlanFromFlags({ every: '12h', deadline: '8h', overlap: 'buffer-one' }, NOW);
    assert.equal(plan.triggerImmediately, true);
    assert.deepEqual(plan.spec.intervals, [{ every: 12 * 3_600_000, offset: NOW % (12 * 3_600_000) }]);
    assert.deepEqual(iso(plan.nextFireTimesMs), [
      '2026-11-30T10:15:30.000Z',
      '2026-11-30T22:15:30.000Z',
      '2026-12-01T10:15:30.000Z',
    ]);
    assert.deepEqual(plan.deadline, { afterStartMs: 8 * 3_600_000 });
    assert.equal(plan.overlap, 'buffer-one');
    assert.match(plan.name, /^s-2026-11-30-[0-9a-f]{8}$/);
  });

  test('--every with --at: the first run at that time, not at once', () => {
    const plan = schedulePlanFromFlags({ every: '1d', at: '2026-12-01T09:00 America/New_York' }, NOW);
    assert.equal(plan.triggerImmediately, false);
    assert.deepEqual(plan.spec.startAt, new Date('2026-12-01T14:00:00Z'));
    assert.deepEqual(iso(plan.nextFireTimesMs).slice(0, 2), [
      '2026-12-01T14:00:00.000Z',
      '2026-12-02T14:00:00.000Z',
    ]);
  });

  test('--at: one action at that instant, an absolute deadline allowed, pages kept past it', () => {
    const plan = schedulePlanFromFlags(
      { at: '2026-12-02T18:30:00+01:00', deadline: '2026-12-03T00:00:00Z', id: 'once' },
      NOW,
    );
    assert.equal(plan.kind, 'once');
    assert.equal(plan.remainingActions, 1);
    assert.deepEqual(plan.spec.calendars, [
      { year: 2026, month: 'DECEMBER', dayOfMonth: 2, hour: 17, minute: 30, second: 0 },
    ]);
    assert.deepEqual(iso(plan.nextFireTimesMs), ['2026-12-02T17:30:00.000Z']);
    assert.deepEqual(plan.deadline, { atMs: Date.parse('2026-12-03T00:00:00Z') });
    assert.equal(plan.keepPagesUntilMs, Date.parse('2026-12-03T00:00:00Z') + 30 * 86_400_000);
  });

  test('--at reads an ISO instant or a local time with its zone, and refuses the past and nonsense', () => {
    assert.equal(parseAt('2026-12-01T09:00 America/Los_Angeles', NOW), Date.parse('2026-12-01T17:00:00Z'));
    assert.equal(parseAt('2026-12-01T09:00:00Z', NOW), Date.parse('2026-12-01T09:00:00Z'));
    assert.match(refused({ at: '2026-11-30T10:00:00Z' }), /--at: 2026-11-30T10:00:00.000Z has passed/);
    assert.match(refused({ at: 'tomorrow' }), /--at: "tomorrow" is neither an ISO instant/);
    assert.match(refused({ at: '2026-12-01T09:00' }), /--at: .*local time with a zone/);
    assert.match(
      refused({ at: '2026-12-01T09:00 Mars/Olympus' }),
      /--at: "Mars\/Olympus" is not an IANA time zone/,
    );
    assert.match(
      refused({ at: '2027-03-14T02:30 America/New_York' }),
      /--at: .*does not exist in America\/New_York/,
    );
  });

  test('each bad combination or value is refused naming its flag', () => {
    assert.match(
      refused({ at: '2026-12-01T09:00:00Z', cron: '0 9 * * *' }),
      /^--at: give --at or --cron, not both/,
    );
    assert.match(refused({ cron: '0 9 * * *', every: '1d' }), /^--cron: give --cron or --every, not both/);
    assert.match(refused({ cron: '0 9 * *' }), /^--cron: "0 9 \* \*" has 4 fields/);
    assert.match(refused({ cron: '0 9 31 feb *' }), /^--cron: .*never fires/);
    assert.match(refused({ cron: '0 9 * * *', cronTimezone: 'Nowhere' }), /^--cron-timezone: "Nowhere"/);
    assert.match(refused({ every: '1d', cronTimezone: 'UTC' }), /^--cron-timezone: goes with --cron/);
    assert.match(refused({ every: '30m' }), /^--every: 30m is more often than the minimum of 60 minutes/);
    assert.match(refused({ every: 'daily' }), /^--every: "daily" is not an interval/);
    assert.match(
      refused({ every: '1d', overlap: 'queue' }),
      /^--overlap: "queue" is not one of skip, buffer-one, allow-all/,
    );
    assert.match(
      refused({ every: '1d', deadline: '2026-12-20T00:00:00Z' }),
      /^--deadline: .*a recurring schedule takes a span after each run starts/,
    );
    assert.match(
      refused({ at: '2026-12-02T09:00:00Z', deadline: '2026-12-01T00:00:00Z' }),
      /^--deadline: .*is not after the run starts/,
    );
    assert.match(refused({ every: '1d', id: 'x'.repeat(61) }), /^--id: .*1–60 letters/);
    assert.match(refused({ every: '1d', id: 'a:b' }), /^--id: /);
  });

  test('the --every floor is an input: tests lower it to seconds, the CLI keeps an hour', () => {
    assert.equal(MIN_EVERY_MS, 3_600_000);
    assert.match(refused({ every: '3s' }), /--every: 3s is more often/);
    const plan = schedulePlanFromFlags({ every: '3s' }, NOW, { minEveryMs: 1_000 });
    assert.deepEqual(plan.spec.intervals, [{ every: 3_000, offset: NOW % 3_000 }]);
  });
});

describe('a fired run’s campaign id', () => {
  test('is the schedule’s name and the fire time Temporal appended to the run’s workflow id', () => {
    assert.equal(
      scheduledCampaignId('weekly', 'campaign-run:weekly-2026-12-07T09:00:00Z', 0),
      'weekly-20261207T090000Z',
    );
    // Started by hand (no suffix): its start time.
    assert.equal(
      scheduledCampaignId('weekly', 'campaign-run:weekly', Date.parse('2026-12-07T09:00:05.123Z')),
      'weekly-20261207T090005Z',
    );
  });
});
