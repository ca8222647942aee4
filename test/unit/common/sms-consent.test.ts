import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  composeSms,
  consentOf,
  isHelpRequest,
  isOptOut,
  type HistoryMessage,
} from '../../../common/sms-consent';

const US = '+14155550100';
const HUMAN = '+14155550199';
const OTHER = '+14155550188';
let clock = 0;
/** Newest first, as the API lists a number's messages. */
const history = (...messages: [direction: 'in' | 'out', who: string, body: string][]): HistoryMessage[] =>
  messages.map(([direction, who, body]) => ({
    direction: direction === 'in' ? 'inbound' : 'outbound',
    from: direction === 'in' ? who : US,
    to: direction === 'in' ? US : who,
    body,
    receivedAt: new Date(Date.UTC(2026, 10, 28, 12, 0, 60 - ++clock)).toISOString(),
  }));

test('opt-out keywords count only as the whole message, in any case, with trailing punctuation', () => {
  for (const text of [
    'STOP',
    'stop',
    'Stop.',
    ' stop! ',
    'STOPALL',
    'Unsubscribe',
    'CANCEL',
    'end',
    'QUIT',
    'opt-out',
  ])
    assert.equal(isOptOut(text), true, text);
  for (const text of ['please stop', 'stop by at 8', 'START', 'YES', 'no', '', 'unstop'])
    assert.equal(isOptOut(text), false, text);
});

test("the contact's newest keyword decides: STOP opts out, a later START opts back in", () => {
  assert.equal(
    consentOf(history(['in', HUMAN, 'STOP'], ['out', HUMAN, 'hi']), HUMAN).optedOutAt !== null,
    true,
  );
  assert.equal(consentOf(history(['in', HUMAN, 'START'], ['in', HUMAN, 'STOP']), HUMAN).optedOutAt, null);
  assert.notEqual(consentOf(history(['in', HUMAN, 'stop'], ['in', HUMAN, 'start']), HUMAN).optedOutAt, null);
  assert.notEqual(
    consentOf(history(['in', HUMAN, 'thanks'], ['in', HUMAN, 'STOP']), HUMAN).optedOutAt,
    null,
    'an ordinary message after STOP does not opt back in',
  );
});

test("another person's STOP, or a STOP we sent, says nothing about this contact", () => {
  assert.equal(consentOf(history(['in', OTHER, 'STOP']), HUMAN).optedOutAt, null);
  assert.equal(consentOf(history(['out', HUMAN, 'STOP']), HUMAN).optedOutAt, null);
});

test('a contact is introduced once we have texted them; not by their texts or texts to others', () => {
  assert.equal(consentOf(history(['out', HUMAN, 'hello']), HUMAN).introduced, true);
  assert.equal(consentOf(history(['in', HUMAN, 'hello'], ['out', OTHER, 'hi']), HUMAN).introduced, false);
  assert.equal(consentOf([], HUMAN).introduced, false);
});

test('a first contact gets the sender in front and the opt-out wording after; later texts go as written', () => {
  assert.equal(
    composeSms('Booked: table for 2.', { sender: 'Ringflow', introduced: false }),
    'Ringflow: Booked: table for 2. Reply STOP to opt out.',
  );
  assert.equal(
    composeSms('Booked: table for 2.', { sender: 'Ringflow', introduced: true }),
    'Booked: table for 2.',
  );
});

test('HELP and INFO as the whole message ask who we are; a sentence with help in it does not', () => {
  for (const text of ['HELP', 'help', 'Help?', ' info. ']) assert.equal(isHelpRequest(text), true, text);
  for (const text of ['can you help me', 'helpful', 'STOP', ''])
    assert.equal(isHelpRequest(text), false, text);
});
