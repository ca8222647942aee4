import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHumanReply, spokenDate, spokenTime } from '../../../workflows/reservation-text';

test('human SMS replies are read as yes, no, or another time (evening by default)', () => {
  const table: [string, unknown][] = [
    ['YES', { kind: 'yes' }],
    ['yes please!', { kind: 'yes' }],
    ['Ok', { kind: 'yes' }],
    ['Sure, book it', { kind: 'yes' }],
    ['no', { kind: 'no' }],
    ['No thanks', { kind: 'no' }],
    ['cancel it', { kind: 'no' }],
    ['STOP', { kind: 'stop' }],
    ['cancel', { kind: 'stop' }],
    [' Unsubscribe. ', { kind: 'stop' }],
    ['please stop texting', { kind: 'unknown', text: 'please stop texting' }],
    ['ok but not tonight', { kind: 'unknown', text: 'ok but not tonight' }],
    ["Sure, don't book", { kind: 'unknown', text: "Sure, don't book" }],
    ['how about 9pm?', { kind: 'time', time: '21:00' }],
    ['8:30', { kind: 'time', time: '20:30' }],
    ['20:45', { kind: 'time', time: '20:45' }],
    ['12', { kind: 'time', time: '12:00' }],
    ['11:30am', { kind: 'time', time: '11:30' }],
    ['maybe later', { kind: 'unknown', text: 'maybe later' }],
  ];
  for (const [text, expected] of table) assert.deepEqual(parseHumanReply(text), expected, text);
});

test('workflows replaying from before opt-outs were honoured read replies as they did then', () => {
  const old = { legacy: true };
  assert.deepEqual(parseHumanReply('STOP', old), { kind: 'unknown', text: 'STOP' });
  assert.deepEqual(parseHumanReply('cancel', old), { kind: 'no' });
  assert.deepEqual(parseHumanReply('please stop texting', old), { kind: 'yes' });
});

test('dates and times are spoken the way a person would say them', () => {
  assert.equal(spokenDate('2026-12-05'), 'Saturday, December 5');
  assert.equal(spokenTime('19:00'), '7 PM');
  assert.equal(spokenTime('00:15'), '12:15 AM');
  assert.equal(spokenTime('12:30'), '12:30 PM');
});
