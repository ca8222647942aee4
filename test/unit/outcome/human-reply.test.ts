import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readReply } from '../../../outcome/human-reply';
import { spokenDate, spokenTime } from '../../../workflows/reservation/text';

test('human SMS replies are read as yes, no, another time (evening by default) or a keyword', () => {
  const table: [string, unknown][] = [
    ['YES', { kind: 'yes' }],
    ['yes please!', { kind: 'yes' }],
    ['Ok', { kind: 'yes' }],
    ['Sure, book it', { kind: 'yes' }],
    ['that works', { kind: 'yes' }],
    ['no', { kind: 'no' }],
    ['No thanks', { kind: 'no' }],
    ['cancel it', { kind: 'no' }],
    ['STOP', { kind: 'stop' }],
    ['cancel', { kind: 'stop' }],
    [' Unsubscribe. ', { kind: 'stop' }],
    ['START', { kind: 'start' }],
    ['Help', { kind: 'help' }],
    ['info', { kind: 'help' }],
    ['please stop texting', { kind: 'unknown' }],
    ['ok but not tonight', { kind: 'unknown' }],
    ["Sure, don't book", { kind: 'unknown' }],
    ['how about 9pm?', { kind: 'time', time: '21:00' }],
    ['8:30', { kind: 'time', time: '20:30' }],
    ['20:45', { kind: 'time', time: '20:45' }],
    ['12', { kind: 'time', time: '12:00' }],
    ['11:30am', { kind: 'time', time: '11:30' }],
    ['8', { kind: 'time', time: '20:00' }],
    ['maybe later', { kind: 'unknown' }],
    ['', { kind: 'unknown' }],
  ];
  for (const [text, expected] of table) assert.deepEqual(readReply(text), expected, text);
});

test('times are read the way the call transcripts are: words, dots, cues', () => {
  assert.deepEqual(readReply('half past eight'), { kind: 'time', time: '20:30' });
  assert.deepEqual(readReply('quarter to nine works'), { kind: 'time', time: '20:45' });
  assert.deepEqual(readReply('7.45 pls'), { kind: 'time', time: '19:45' });
  assert.deepEqual(readReply('at 9 then'), { kind: 'time', time: '21:00' });
  assert.deepEqual(readReply('eight?'), { kind: 'time', time: '20:00' });
});

test('a time said with "not" is not proposed; "no, 9pm works" proposes 9pm', () => {
  assert.deepEqual(readReply('not 8pm'), { kind: 'unknown' });
  assert.deepEqual(readReply('no, 9pm works'), { kind: 'time', time: '21:00' });
});

test('dates and times are spoken the way a person would say them', () => {
  assert.equal(spokenDate('2026-12-05'), 'Saturday, December 5');
  assert.equal(spokenTime('19:00'), '7 PM');
  assert.equal(spokenTime('00:15'), '12:15 AM');
  assert.equal(spokenTime('12:30'), '12:30 PM');
});
