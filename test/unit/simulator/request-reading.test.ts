import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { fillVariables, readBookingRequest } from '../../../simulator/callees/request-reading';

// Thursday 2026-12-03, noon UTC.
const NOW = Date.UTC(2026, 11, 3, 12);
const read = (text: string, variables: Record<string, string | null> | null = null, pmBelow = 11) =>
  readBookingRequest([text], variables, NOW, pmBelow);

describe('reading a booking request', () => {
  test('a plain English prompt gives party size, date, time and name', () => {
    assert.deepEqual(read('Book a table for 2 on 2026-12-05 at 19:00 under the name Manav'), {
      partySize: 2,
      date: '2026-12-05',
      time: '19:00',
      window: null,
      name: 'Manav',
      service: null,
      acceptsOffer: false,
    });
  });

  test('words, weekdays, month names and bare dinner hours are understood', () => {
    const r = read('Please reserve for four people this Saturday at 7:30 for Ana Lopez');
    assert.deepEqual([r.partySize, r.date, r.time, r.name], [4, '2026-12-05', '19:30', 'Ana Lopez']);
    assert.equal(read('A table for two on December 24th at 8pm').date, '2026-12-24');
    assert.equal(read('Party of 3 on 2 January at 6').date, '2027-01-02', 'a past month/day means next year');
    assert.equal(read('dinner tomorrow at 7').date, '2026-12-04');
  });

  test('a window is read as a range of acceptable times', () => {
    assert.deepEqual(read('Table for 2 on 2026-12-05 between 7 and 8pm').window, {
      from: '19:00',
      to: '20:00',
    });
    assert.deepEqual(read('Table for 2, 7-8:30pm, Saturday').window, { from: '19:00', to: '20:30' });
    assert.equal(read('A table for 2 to 3 people at 7pm').window, null);
  });

  test('variables win over prose and fill {{placeholders}}', () => {
    const variables = { party_size: '6', date: '2026-12-31', time: '21:00', name: 'Kai' };
    assert.equal(
      fillVariables('Book for {{ name }} at {{time}} ({{unknown}})', variables),
      'Book for Kai at 21:00 ({{unknown}})',
    );
    const r = read('Book a table for 2 on 2026-12-05 at 19:00', variables);
    assert.deepEqual([r.partySize, r.date, r.time, r.name], [6, '2026-12-31', '21:00', 'Kai']);
  });

  test('accepting an offer and salon services are recognised; salon hours read morning hours as am', () => {
    const offer = read("We'd like the 8:30 you offered");
    assert.deepEqual([offer.acceptsOffer, offer.time], [true, '20:30']);
    const salon = read('Book a haircut at 10 on Monday', null, 8);
    assert.deepEqual([salon.service, salon.time, salon.date], ['haircut', '10:00', '2026-12-07']);
  });
});
