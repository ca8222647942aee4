import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { reservationFromFlags } from '../../../client/commands/book';
import { UsageError } from '../../../client/commands/shared';
import { daysFromNow } from '../../helpers/dates';

const valid = [
  '--restaurant-phone',
  '(415) 555-0123',
  '--restaurant-name',
  'Lovely Thai',
  '--party',
  '2',
  '--date',
  daysFromNow(30),
  '--time',
  '19:00',
  '--name',
  'Manav',
  '--notify',
  '+1 415 555 0199',
];

function withFlag(flag: string, value: string): string[] {
  const args = [...valid];
  args[args.indexOf(flag) + 1] = value;
  return args;
}

function usageError(argv: string[]): string {
  try {
    reservationFromFlags(argv);
  } catch (err) {
    assert.ok(err instanceof UsageError, `expected a UsageError, got ${String(err)}`);
    return err.message;
  }
  assert.fail('expected the flags to be refused');
}

describe('ringflow book: flags to a reservation request', () => {
  test('valid flags become a normalised request with defaults', () => {
    const { request, wait, json } = reservationFromFlags([...valid, '--wait']);
    assert.deepEqual(request.restaurants, [{ name: 'Lovely Thai', phone: '+14155550123' }]);
    assert.equal(request.notifyNumber, '+14155550199');
    assert.equal(request.flexMinutes, 60);
    assert.equal(request.partySize, 2);
    assert.match(request.requestId, /^[0-9a-f-]{36}$/);
    assert.deepEqual([wait, json], [true, false]);
  });

  test('fallback restaurants are kept in order', () => {
    const { request } = reservationFromFlags([
      ...valid,
      '--restaurant-phone',
      '+14155550124',
      '--restaurant-name',
      'Basil House',
    ]);
    assert.deepEqual(
      request.restaurants.map((r) => r.name),
      ['Lovely Thai', 'Basil House'],
    );
  });

  const refusals: [string, string[], RegExp][] = [
    [
      'an emergency number',
      withFlag('--restaurant-phone', '911'),
      /--restaurant-phone #1: .*911|--restaurant-phone #1: .*emergency/i,
    ],
    ['an N11 number', withFlag('--restaurant-phone', '411'), /--restaurant-phone #1/],
    ['the crisis line', withFlag('--notify', '988'), /--notify/],
    ['a party of zero', withFlag('--party', '0'), /--party: party size is at least 1/],
    ['a date that does not exist', withFlag('--date', '2026-02-30'), /--date: not a real calendar date/],
    ['a 12-hour time', withFlag('--time', '7pm'), /--time: use 24-hour HH:MM/],
    ['a date that has passed', withFlag('--date', daysFromNow(-2)), /--date\/--time: .* has already passed/],
    ['a non-numeric party', withFlag('--party', 'two'), /--party: "two" is not a whole number/],
    ['an unknown flag', [...valid, '--colour', 'blue'], /unknown option '--colour'/],
    ['a missing flag', valid.slice(2), /Missing --restaurant-phone|Give one --restaurant-name/],
  ];
  for (const [what, argv, message] of refusals) {
    test(`${what} is refused with an error naming the flag`, () => {
      assert.match(usageError(argv), message);
    });
  }

  test('--calling-hours takes HH:MM-HH:MM or "any"; bad hours are refused by that flag', () => {
    assert.deepEqual(reservationFromFlags([...valid, '--calling-hours', '11:30-22:00']).request.policy, {
      callingHours: { start: '11:30', end: '22:00' },
    });
    assert.deepEqual(reservationFromFlags([...valid, '--calling-hours', 'any']).request.policy, {
      callingHours: { start: '00:00', end: '24:00' },
    });
    assert.match(
      usageError([...valid, '--calling-hours', '9am']),
      /--calling-hours: "9am" is not HH:MM-HH:MM/,
    );
    assert.match(
      usageError([...valid, '--calling-hours', '21:00-10:00']),
      /--calling-hours: the hours must start before they end/,
    );
    assert.match(
      usageError([...valid, '--calling-hours', '10:00-25:00']),
      /--calling-hours: use 24-hour HH:MM \(or 24:00\)/,
    );
  });

  test('every problem is reported at once, with the promise that nothing happened', () => {
    const argv = withFlag('--party', '0');
    argv[argv.indexOf('--time') + 1] = '25:00';
    const message = usageError(argv);
    assert.match(message, /nothing was called or texted/);
    assert.match(message, /--party/);
    assert.match(message, /--time/);
  });
});
