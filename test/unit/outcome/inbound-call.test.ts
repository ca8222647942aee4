import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readInboundCall, type InboundCallKind } from '../../../outcome/inbound-call';
import { summarizeCallback } from '../../../outcome/callback-summary';
import type { TranscriptTurn } from '../../../workflows/types';

const caller = (...lines: string[]): TranscriptTurn[] =>
  lines.flatMap((content) => [
    { role: 'agent' as const, content: 'Thanks for calling, how can I help?' },
    { role: 'user' as const, content },
  ]);

describe('reading an ended inbound call', () => {
  const table: [string, { status: string; transcript: TranscriptTurn[] }, InboundCallKind][] = [
    ['a failed call is missed', { status: 'failed', transcript: [] }, 'missed'],
    ['a busy call is missed', { status: 'busy', transcript: [] }, 'missed'],
    ['a hang-up at hello is missed', { status: 'completed', transcript: caller('Hello?') }, 'missed'],
    [
      'an answered call with no caller words is missed',
      {
        status: 'completed',
        transcript: [{ role: 'agent', content: 'Hello, Lovely Thai, how can I help?' }],
      },
      'missed',
    ],
    [
      '"call me back" asks for a callback',
      { status: 'completed', transcript: caller('Hi, it is Jo, can someone call me back this afternoon?') },
      'callback_requested',
    ],
    [
      '"get back to me" asks for a callback',
      {
        status: 'completed',
        transcript: caller('Please have the manager get back to me about the invoice.'),
      },
      'callback_requested',
    ],
    [
      '"tell her" leaves a message',
      { status: 'completed', transcript: caller('Could you tell her the delivery is at noon tomorrow?') },
      'message',
    ],
    [
      '"calling about" leaves a message',
      {
        status: 'completed',
        transcript: caller("I'm calling about the table I booked, we'll be ten minutes late."),
      },
      'message',
    ],
    [
      'a question answered on the spot needs nothing',
      { status: 'completed', transcript: caller('Are you open on Sunday evenings at all?') },
      'conversation',
    ],
  ];
  for (const [title, call, kind] of table) {
    test(title, () => {
      const reading = readInboundCall(call);
      assert.equal(reading.kind, kind, reading.reason);
      if (kind === 'message' || kind === 'callback_requested') assert.ok(reading.evidence.length > 0);
    });
  }
});

describe('summarising a callback', () => {
  test('who, what, how urgent and when, with the lines it rests on', () => {
    const s = summarizeCallback({
      status: 'completed',
      disconnectionReason: 'agent_hangup',
      transcript: [
        { role: 'user', content: 'Hello?' },
        { role: 'agent', content: 'Hi, this is Lovely Thai returning your call.' },
        {
          role: 'user',
          content: 'Oh great. My name is Priya, I was calling about a birthday dinner for twelve.',
        },
        { role: 'agent', content: 'When is best to reach you?' },
        { role: 'user', content: 'No rush, in the evening is best.' },
      ],
    });
    assert.deepEqual(
      [s.reached, s.name, s.want, s.urgency, s.bestTime, s.evidence.map((e) => e.index)],
      [true, 'Priya', 'a birthday dinner for twelve', 'not urgent', 'in the evening', [2, 4]],
    );
  });

  const notReached: [string, string, string | null][] = [
    ['no answer', 'failed', 'dial_no_answer'],
    ['busy', 'failed', 'dial_busy'],
    ['voicemail', 'completed', 'voicemail_reached'],
  ];
  for (const [what, status, disconnectionReason] of notReached) {
    test(`${what} is not reached`, () => {
      assert.equal(summarizeCallback({ status, disconnectionReason, transcript: [] }).reached, false);
    });
  }

  test('a hang-up at hello is not reached', () => {
    const s = summarizeCallback({
      status: 'completed',
      disconnectionReason: 'user_hangup',
      transcript: [{ role: 'user', content: 'Hello?' }],
    });
    assert.equal(s.reached, false);
  });

  test('"stop calling me" is reached and marked as a request not to be called', () => {
    const s = summarizeCallback({
      status: 'completed',
      disconnectionReason: 'user_hangup',
      transcript: [{ role: 'user', content: 'Please stop calling me.' }],
    });
    assert.deepEqual([s.reached, s.askedNotToCall, s.evidence.length], [true, true, 1]);
  });

  test('"today" and "as soon as possible" are urgent; "this week" is soon', () => {
    const said = (content: string) =>
      summarizeCallback({
        status: 'completed',
        disconnectionReason: 'agent_hangup',
        transcript: [{ role: 'user', content }],
      }).urgency;
    assert.equal(said('I need a plumber today, the sink is flooding'), 'urgent');
    assert.equal(said('Call me as soon as possible about my order'), 'urgent');
    assert.equal(said('Sometime this week about the quote please'), 'soon');
  });
});
