import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findPartyMentions, findGuestName } from '../../../outcome/booking-details';
import { normalizeSpeech } from '../../../outcome/speech';
import { findDateMentions } from '../../../outcome/spoken-date';
import { findTimeMentions, toClockTime } from '../../../outcome/spoken-time';

function timesIn(said: string, requestedTime = '19:00'): string[] {
  const text = normalizeSpeech(said);
  return findTimeMentions(text, findPartyMentions(text)).map((m) => toClockTime(m, requestedTime));
}

describe('spoken times', () => {
  const cases: Array<[string, string[]]> = [
    ['We could do 7:30pm.', ['19:30']],
    ['How about 7.30 p.m.?', ['19:30']],
    ['We have 19:30.', ['19:30']],
    ['Half past seven works.', ['19:30']],
    ['Quarter to eight?', ['19:45']],
    ['Quarter past nine then.', ['21:15']],
    ['Ten to eight is free.', ['19:50']],
    ['We could do half seven.', ['19:30']],
    ['Seven thirty is fine.', ['19:30']],
    ['Nine forty-five is the latest.', ['21:45']],
    ["8 o'clock?", ['20:00']],
    ['We can do eight.', ['20:00']],
    ['At 8:30 then.', ['20:30']],
    ['Seven PM on Saturday.', ['19:00']],
    ['7 in the evening', ['19:00']],
    ['We open at noon.', ['12:00']],
    ['We have 5:30, 8:45 or 9.', ['17:30', '20:45', '21:00']],
    ['Only 6 and 9:15 are left.', ['18:00', '21:15']],
    ['Nine in the morning', ['09:00']],
    ['08:15 works', ['08:15']],
    ['We could do 8 30 pm', ['20:30']],
  ];
  for (const [said, expected] of cases) {
    test(`reads "${said}" as ${expected.join(', ')}`, () => {
      assert.deepEqual(timesIn(said), expected);
    });
  }

  test('does not read party sizes, durations or plain counts as times', () => {
    assert.deepEqual(timesIn('A table for two, two people, give me two minutes.'), []);
    assert.deepEqual(timesIn('Party of 8 at 7.'), ['19:00']);
    assert.deepEqual(timesIn('We have 3 tables for 4 people.'), []);
    assert.deepEqual(timesIn('Call us back, the number is 5 5 5 1 2 3 4.'), []);
  });

  test('reads an unmarked 11 as whichever of 11am or 11pm is nearer the requested time', () => {
    assert.deepEqual(timesIn('at eleven', '12:30'), ['11:00']);
    assert.deepEqual(timesIn('at eleven', '21:00'), ['23:00']);
  });
});

describe('spoken dates', () => {
  // The requested date is Saturday 5 December 2026; the call happened on Thursday the 3rd.
  const ctx = { requestedDate: '2026-12-05', referenceDate: '2026-12-03' };
  const datesIn = (said: string, context: { requestedDate: string; referenceDate?: string } = ctx) =>
    findDateMentions(normalizeSpeech(said), context).map((d) => d.date);

  const cases: Array<[string, string[]]> = [
    ['on 2026-12-06', ['2026-12-06']],
    ['December 5th', ['2026-12-05']],
    ['Dec. 6', ['2026-12-06']],
    ['the 5th of December', ['2026-12-05']],
    ['December the fifth', ['2026-12-05']],
    ['the 6th', ['2026-12-06']],
    ['on the sixth', ['2026-12-06']],
    ['Saturday', ['2026-12-05']],
    ['this Saturday', ['2026-12-05']],
    ['Sunday', ['2026-12-06']],
    ['Friday', ['2026-12-04']],
    ['next Saturday', ['2026-12-12']],
    ['today', ['2026-12-03']],
    ['tonight', ['2026-12-03']],
    ['tomorrow', ['2026-12-04']],
    ['the day after tomorrow', ['2026-12-05']],
  ];
  for (const [said, expected] of cases) {
    test(`reads "${said}" as ${expected.join(', ')}`, () => {
      assert.deepEqual(datesIn(said), expected);
    });
  }

  test('takes the year nearest the requested date for a date said without one', () => {
    assert.deepEqual(datesIn('January 2nd', { requestedDate: '2026-12-30' }), ['2027-01-02']);
    assert.deepEqual(datesIn('the 30th', { requestedDate: '2027-01-02' }), ['2026-12-30']);
  });

  test('ignores today and tomorrow when the day of the call is unknown', () => {
    assert.deepEqual(datesIn('tomorrow or tonight', { requestedDate: '2026-12-05' }), []);
  });
});

describe('party sizes and names', () => {
  test('reads party sizes said several ways', () => {
    const sizes = (said: string) => findPartyMentions(normalizeSpeech(said)).map((p) => p.size);
    assert.deepEqual(sizes('a table for two'), [2]);
    assert.deepEqual(sizes('party of 6'), [6]);
    assert.deepEqual(sizes('four people'), [4]);
    assert.deepEqual(sizes('for 3 at eight'), [3]);
  });

  test('reads the guest name the restaurant states, keeping its spelling', () => {
    assert.equal(findGuestName("I've got you under Manuv at 7."), 'Manuv');
    assert.equal(findGuestName('under the name of Priya Shah, see you then'), 'Priya Shah');
    assert.equal(findGuestName('Name is Manav.'), 'Manav');
    assert.equal(findGuestName('Under the stairs table, see you.'), undefined);
  });
});
