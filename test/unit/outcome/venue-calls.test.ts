import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { extractReservationOutcome } from '../../../outcome/extractors';
import type { TableWanted } from '../../../outcome/reservation';

/**
 * Whole calls in the shape the booking flow meets them: an `agent.call_ended` transcript with
 * AgentPhone's post-call analysis, in the phrasing a restaurant's staff (and ringflow's simulator) use.
 * Each call is classified twice: with the analysis, and with it stripped (the `analysis: false` path),
 * and both must agree.
 */
const request: TableWanted = { partySize: 2, date: '2026-12-05', time: '19:00', name: 'Manav' };
const U = (content: string) => ({ role: 'user', content });
const A = (content: string) => ({ role: 'agent', content });
const opening = [
  U('Good evening, Lovely Thai, this is Maria speaking. How can I help you?'),
  A("Hi there! I'm calling to make a reservation, please."),
  U('Sure thing. How many of you, and when were you thinking?'),
  A("It'd be for two people on Saturday, December 5th at 7 PM."),
  U('Let me just check the book for you...'),
];

interface VenueCall {
  title: string;
  transcript: Array<{ role: string; content: string }>;
  summary: string;
  callSuccessful: boolean;
  expect: { kind: string; time?: string; alternatives?: string[]; after?: RegExp };
  /** The line the outcome must rest on, whichever extractor decided. */
  decidingLine: number;
}

const calls: VenueCall[] = [
  {
    title: 'a booking of the requested time',
    transcript: [
      ...opening,
      U('Yes, we can do 7.'),
      A("Wonderful. It's under the name Manav."),
      U(
        "Perfect, so that's a table for two on Saturday, December 5th at 7 PM, under Manav. We'll see you then!",
      ),
      A('Thank you so much. Goodbye!'),
      U('Bye now!'),
    ],
    summary: 'Booked a table for 2 at Lovely Thai on 2026-12-05 at 19:00 under Manav.',
    callSuccessful: true,
    expect: { kind: 'booked', time: '19:00' },
    decidingLine: 7,
  },
  {
    title: 'a booking of an offered time the agent accepted',
    transcript: [
      ...opening,
      U("We don't have 7, I'm afraid, but I could do 7:30 or 8."),
      A("7:30 works. Let's do that, please."),
      A("Wonderful. It's under the name Manav."),
      U(
        "Perfect, so that's a table for two on Saturday, December 5th at 7:30 PM, under Manav. We'll see you then!",
      ),
      A('Thank you so much. Goodbye!'),
      U('Bye now!'),
    ],
    summary:
      'Booked a table for 2 at Lovely Thai on 2026-12-05 at 19:30 under Manav (asked for 19:00, took the offered 19:30).',
    callSuccessful: true,
    expect: { kind: 'booked', time: '19:30' },
    decidingLine: 8,
  },
  {
    title: 'two other times offered and left open',
    transcript: [
      ...opening,
      U("We don't have 7, I'm afraid, but I could do 8:30 or 9."),
      A('Let me check whether 8:30 works and call you back. Thanks so much.'),
      U("Sure, I can't hold it for you, but just give us a ring. Bye!"),
    ],
    summary:
      'Lovely Thai has nothing at 19:00 on 2026-12-05; offered 20:30 or 21:00 instead. No booking made yet.',
    callSuccessful: false,
    expect: { kind: 'alternative_offered', alternatives: ['20:30', '21:00'] },
    decidingLine: 5,
  },
  {
    title: 'a fully booked day',
    transcript: [
      ...opening,
      U("I'm afraid we're fully booked on Saturday, December 5th. Sorry about that."),
      A("Ah, that's a shame. Thank you for checking anyway."),
      U('Sorry again, maybe another time. Bye!'),
    ],
    summary: 'Lovely Thai is fully booked on 2026-12-05; no booking made.',
    callSuccessful: false,
    expect: { kind: 'full' },
    decidingLine: 5,
  },
  {
    title: 'a request to call back later',
    transcript: [
      ...opening,
      U(
        "Oh, I'm so sorry, we're right in the middle of a rush and I can't get to the book. Could you call back after 3 this afternoon?",
      ),
      A("Of course, I'll call back later. Thank you!"),
      U('Thanks, bye!'),
    ],
    summary: 'Lovely Thai asked us to call back later (after 3 PM); no booking made.',
    callSuccessful: false,
    expect: { kind: 'call_back', after: /after 3/ },
    decidingLine: 5,
  },
  {
    title: 'a party too large to book by phone, closed with a friendly "no worries"',
    transcript: [
      ...opening,
      U(
        "For a group of ten you'd need to book through our events team, I'm afraid. We only take tables up to eight over the phone.",
      ),
      A("Understood, I'll pass that on. Thanks for your help."),
      U('No worries, bye now!'),
    ],
    summary: 'Lovely Thai only takes parties up to 8 by phone; no booking made for 10.',
    callSuccessful: false,
    expect: { kind: 'full' },
    decidingLine: 5,
  },
  {
    title: 'a call back that takes up an earlier offer',
    transcript: [
      U('Hi, Lovely Thai, Tom speaking!'),
      A(
        "Hi there! I'm calling to make a reservation, please. I called earlier and you offered 8:30 on Saturday, December 5th — we'd like to take that, please.",
      ),
      U("Oh yes, the 8:30. Let me just make sure it's still free..."),
      U("Yes, it's still free."),
      A("Wonderful. It's under the name Manav."),
      U(
        "Perfect, so that's a table for two on Saturday, December 5th at 8:30 PM, under Manav. We'll see you then!",
      ),
      A('Thank you so much. Goodbye!'),
      U('Bye now!'),
    ],
    summary: 'Booked a table for 2 at Lovely Thai on 2026-12-05 at 20:30 under Manav.',
    callSuccessful: true,
    expect: { kind: 'booked', time: '20:30' },
    decidingLine: 5,
  },
];

describe('whole restaurant calls, with and without AgentPhone analysis', () => {
  for (const c of calls) {
    for (const withAnalysis of [true, false]) {
      test(`classifies ${c.title} ${withAnalysis ? 'from the analysis' : 'from the transcript alone'}`, async () => {
        const analysis = withAnalysis
          ? { summary: c.summary, callSuccessful: c.callSuccessful, userSentiment: 'Neutral' }
          : { summary: null, callSuccessful: null, userSentiment: null };
        const outcome = await extractReservationOutcome({
          call: {
            status: 'completed',
            disconnectionReason: 'user_hangup',
            transcript: c.transcript,
            endedAt: '2026-12-04T17:00:00Z',
            ...analysis,
          },
          request,
        });
        assert.equal(outcome.kind, c.expect.kind, JSON.stringify(outcome));
        assert.equal(outcome.source, withAnalysis ? 'analysis' : 'transcript');
        if (c.expect.time) assert.equal(outcome.kind === 'booked' && outcome.time, c.expect.time);
        if (c.expect.alternatives) {
          assert.deepEqual(
            outcome.kind === 'alternative_offered' && outcome.alternatives.map((a) => a.time),
            c.expect.alternatives,
          );
        }
        if (c.expect.after)
          assert.match(outcome.kind === 'call_back' ? (outcome.after ?? '') : '', c.expect.after);
        assert.ok(
          outcome.evidence.some((l) => l.index === c.decidingLine),
          `line ${c.decidingLine} missing from evidence ${JSON.stringify(outcome.evidence)}`,
        );
      });
    }
  }
});
