import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { extractReservationOutcome } from '../../../outcome/extractors';
import type { CallFacts, ReservationOutcome, TableWanted } from '../../../outcome/reservation';

/** Saturday 5 December 2026, 7pm, two people, under Manav. The call itself happens on Friday the 4th. */
const request: TableWanted = {
  partySize: 2,
  date: '2026-12-05',
  time: '19:00',
  flexMinutes: 60,
  name: 'Manav',
};
const CALL_ENDED_AT = '2026-12-04T18:05:00Z';

type Expected = Partial<{
  kind: ReservationOutcome['kind'];
  date: string;
  time: string;
  partySize: number;
  name: string;
  alternatives: Array<{ date: string; time: string }>;
  after: string;
  assumedFromRequest: string[];
}>;

interface Row {
  title: string;
  /** "A: ..." for the agent, "C: ..." for the restaurant. */
  lines: string[];
  call?: Partial<CallFacts>;
  expect: Expected;
  /** Words each found in some evidence line (the words the outcome rests on). */
  evidence: string[];
}

const OPENING =
  "A: Hi, I'm calling to book a table for two this Saturday, December 5th, at 7pm, under the name Manav.";

const rows: Row[] = [
  // ── booked, in several phrasings and time formats ──────────────────────────────────────────────
  {
    title: 'books the requested slot when the restaurant says "you\'re all set" and repeats the details',
    lines: [
      'C: Good evening, Lovely Thai, this is Anna speaking, how can I help?',
      OPENING,
      'C: Sure, let me just check the book for you. One moment.',
      "C: Okay, yes, we can do that. So that's a table for two at 7pm on Saturday under Manav, you're all set.",
      'A: Wonderful, thank you so much. Goodbye!',
      'C: Bye now.',
    ],
    expect: {
      kind: 'booked',
      date: '2026-12-05',
      time: '19:00',
      partySize: 2,
      name: 'Manav',
      assumedFromRequest: [],
    },
    evidence: ["you're all set"],
  },
  {
    title: 'reads "half past seven" as 19:30 in a confirmation',
    lines: [
      'C: Hello, Bella Roma.',
      "A: Hi! I'd like to reserve a table for two people on Saturday evening around seven, under Manav.",
      "C: Seven is gone I'm afraid, but I've put you down for half past seven, table for two, under Manav.",
      'A: Perfect, thanks.',
    ],
    expect: { kind: 'booked', date: '2026-12-05', time: '19:30', partySize: 2, name: 'Manav' },
    evidence: ['half past seven'],
  },
  {
    title: 'reads "7:30pm" in the confirmation and keeps the name the restaurant heard',
    lines: [
      OPENING,
      'C: Hold on... Yes, I have 7:30pm free, would that work?',
      'A: 7:30pm works great, please book it.',
      "C: Lovely, that's booked for 7:30pm under Manuv, table for two. See you Saturday!",
    ],
    expect: { kind: 'booked', time: '19:30', name: 'Manuv', partySize: 2, date: '2026-12-05' },
    evidence: ['7:30pm free', "that's booked"],
  },
  {
    title: 'reads a 24-hour "19:30" as said',
    lines: [
      'A: Good evening, could I book a table for 2 on the 5th of December at 19:00, name Manav?',
      'C: 19:00 is taken, we have 19:30.',
      "A: 19:30 is fine, we'll take it.",
      'C: Okay, done, 19:30 for 2 people on the 5th, see you then.',
    ],
    expect: { kind: 'booked', time: '19:30', date: '2026-12-05', partySize: 2 },
    evidence: ['we have 19:30', 'see you then'],
  },
  {
    title: 'reads "seven thirty" and a relative day ("tomorrow" said on Friday means Saturday)',
    lines: [
      'C: Sakura Sushi, good afternoon.',
      "A: Hello, I'd like a table for two tomorrow evening at seven, under Manav.",
      'C: For tomorrow we could do seven thirty.',
      'A: Seven thirty sounds good.',
      "C: Great, I've got you down for seven thirty tomorrow, party of two. Thanks, bye.",
    ],
    expect: { kind: 'booked', time: '19:30', date: '2026-12-05', partySize: 2 },
    evidence: ['got you down for seven thirty tomorrow'],
  },
  {
    title: 'books from a plain "yes, that\'s booked", taking every detail from the request',
    lines: [
      'A: Hi, can I reserve a table for two at 7pm this Saturday under Manav?',
      "C: Yes, that's booked.",
    ],
    expect: { kind: 'booked', date: '2026-12-05', time: '19:00', partySize: 2, name: 'Manav' },
    evidence: ["that's booked"],
  },
  {
    title: 'lists the details nobody said on the call as assumed from the request',
    lines: ["A: Hi, I'd like to make a reservation please.", 'C: Sure, no problem, you are all set. Bye!'],
    expect: { kind: 'booked', time: '19:00', assumedFromRequest: ['date', 'time', 'partySize', 'name'] },
    evidence: ['you are all set'],
  },
  {
    title:
      'books "quarter to eight" after the agent accepts it, on the agent\'s readback and an "okay, thanks"',
    lines: [
      OPENING,
      "C: Ah, we don't have seven. The closest is quarter to eight.",
      'A: Quarter to eight works. So to confirm, two people at 7:45 on Saturday under Manav?',
      'C: Okay, thanks, bye.',
    ],
    expect: { kind: 'booked', time: '19:45', date: '2026-12-05' },
    evidence: ['quarter to eight', 'to confirm', 'okay, thanks'],
  },
  {
    title: 'books "8 o\'clock" on "this Saturday"',
    lines: [
      OPENING,
      "C: Sorry, no, nothing at 7. How about 8 o'clock this Saturday?",
      "A: 8 o'clock is great, please go ahead.",
      'C: Perfect, see you at 8 then. Enjoy your evening.',
    ],
    expect: { kind: 'booked', time: '20:00', date: '2026-12-05' },
    evidence: ["8 o'clock", 'see you at 8'],
  },
  {
    title: 'reads a bare "eight" after an accepted offer as 8pm',
    lines: [
      OPENING,
      "C: Seven's full. We can do eight.",
      'A: Eight is fine, thank you.',
      'C: Alright, we have you down for eight. Bye!',
    ],
    expect: { kind: 'booked', time: '20:00' },
    evidence: ['we can do eight', 'have you down for eight'],
  },
  {
    title: 'takes the later confirmation over the earlier offer (offer, accepted, then booked)',
    lines: [
      OPENING,
      'C: Hmm, 7 is taken, but we could do 6:15 or 8:30.',
      "A: 8:30 would be lovely, let's do 8:30.",
      "C: Okay, I've booked you in at 8:30 for two, under Manav. See you Saturday.",
      'A: Thanks so much!',
    ],
    expect: { kind: 'booked', time: '20:30', partySize: 2, name: 'Manav', date: '2026-12-05' },
    evidence: ['booked you in at 8:30'],
  },
  {
    title: 'books a lunch "noon" slot',
    lines: [
      "A: Hi, I'd like to book a table for two for lunch on Saturday at 12:30, under Manav.",
      "C: We're full at 12:30 but noon is available.",
      'A: Noon works.',
      "C: Great, you're confirmed for noon.",
    ],
    expect: { kind: 'booked', time: '12:00' },
    evidence: ['noon'],
  },
  {
    title: 'books a different day the restaurant offered ("Sunday at 7")',
    lines: [
      OPENING,
      "C: Saturday we're completely full, sorry. We do have Sunday at 7 though.",
      'A: Sunday at 7 works, please book it.',
      "C: No problem, I've reserved Sunday at 7 for two under Manav.",
    ],
    expect: { kind: 'booked', date: '2026-12-06', time: '19:00' },
    evidence: ['reserved sunday at 7'],
  },
  {
    title: 'books when the restaurant answers the booking request with "yes, of course" and a goodbye',
    lines: [
      'C: Hello?',
      "A: Hi there, I'd like to book a table for two at 7 this Saturday under the name Manav, please.",
      'C: Yes, of course, we can do that. Thank you, bye.',
    ],
    expect: { kind: 'booked', time: '19:00', date: '2026-12-05' },
    evidence: ['of course'],
  },
  // ── alternatives ────────────────────────────────────────────────────────────────────────────────
  {
    title: 'reports one alternative time when the agent says it will check with the client',
    lines: [
      'C: Thanks for calling The Grill, Mark speaking.',
      OPENING,
      "C: Let me see... we don't have 7 but we could do 9:15.",
      "A: Thanks, I'll check with my client and get back to you.",
      'C: Sure, bye.',
    ],
    expect: { kind: 'alternative_offered', alternatives: [{ date: '2026-12-05', time: '21:15' }] },
    evidence: ['9:15'],
  },
  {
    title: 'reports several alternatives in the order offered',
    lines: [
      OPENING,
      'C: Nothing at 7, sorry. I have 5:30, 8:45 or 9, any of those?',
      "A: Let me check with my client, I'll call you back.",
      'C: All set then, talk soon.',
    ],
    expect: {
      kind: 'alternative_offered',
      alternatives: [
        { date: '2026-12-05', time: '17:30' },
        { date: '2026-12-05', time: '20:45' },
        { date: '2026-12-05', time: '21:00' },
      ],
    },
    evidence: ['5:30, 8:45 or 9'],
  },
  {
    title: 'reports an alternative on another day ("next Saturday") with its date',
    lines: [
      OPENING,
      "C: This Saturday we're fully booked, I'm afraid. Next Saturday at seven I could do.",
      'A: I need to check with my client first. Thank you.',
    ],
    expect: { kind: 'alternative_offered', alternatives: [{ date: '2026-12-12', time: '19:00' }] },
    evidence: ['next saturday at seven'],
  },
  {
    title: 'keeps an offer made over several lines and drops the one withdrawn later',
    lines: [
      OPENING,
      'C: Hmm, 7 is gone. We have half seven or nine forty five.',
      'A: Could you hold on while I check?',
      'C: Actually sorry, half seven just got taken. Nine forty five is still free.',
      "A: Okay, I'll check with my client.",
    ],
    expect: { kind: 'alternative_offered', alternatives: [{ date: '2026-12-05', time: '21:45' }] },
    evidence: ['nine forty five'],
  },
  {
    title: 'reports "nothing until 9" as an offer of 9pm',
    lines: [
      OPENING,
      "C: We're slammed, there's nothing until 9.",
      "A: I'll need to check with my client, thanks.",
    ],
    expect: { kind: 'alternative_offered', alternatives: [{ date: '2026-12-05', time: '21:00' }] },
    evidence: ['nothing until 9'],
  },
  // ── full / declined ─────────────────────────────────────────────────────────────────────────────
  {
    title: 'reports full when the restaurant is fully booked',
    lines: [
      'C: Golden Dragon, hello.',
      OPENING,
      "C: Oh, sorry, Saturday we're fully booked. Nothing left at all.",
      'A: Okay, thank you anyway. Goodbye.',
    ],
    expect: { kind: 'full' },
    evidence: ['fully booked'],
  },
  {
    title: 'reports full when the restaurant is closed that day',
    lines: [
      OPENING,
      "C: Sorry, we're closed on Saturday for a private event.",
      'A: Oh I see, thanks anyway.',
    ],
    expect: { kind: 'full' },
    evidence: ['closed on saturday'],
  },
  {
    title: 'reports full for "nothing left tonight"',
    lines: [
      "A: Hi, do you have a table for two tonight at seven? Name's Manav.",
      'C: No, sorry love, nothing left tonight.',
    ],
    call: { endedAt: '2026-12-05T17:00:00Z' },
    expect: { kind: 'full' },
    evidence: ['nothing left tonight'],
  },
  {
    title: 'reports full when the only answer is "we don\'t have 7" and nothing else is offered',
    lines: [OPENING, "C: No, we don't have 7, sorry.", 'A: Alright, thanks.'],
    expect: { kind: 'full' },
    evidence: ["don't have 7"],
  },
  {
    title: 'reports full when the restaurant takes no reservations',
    lines: [OPENING, "C: Sorry, we don't take reservations, it's walk-ins only.", 'A: Understood, thanks.'],
    expect: { kind: 'full' },
    evidence: ["don't take reservations"],
  },
  // ── call back ───────────────────────────────────────────────────────────────────────────────────
  {
    title: 'reports a call-back request with its time hint',
    lines: [
      'C: Hello, Bistro 42.',
      OPENING,
      "C: Ah, the manager does the bookings and she's not in. Could you call back after 5pm?",
      'A: Sure, will do. Thanks.',
    ],
    expect: { kind: 'call_back', after: 'after 5pm' },
    evidence: ['call back after 5pm'],
  },
  {
    title: 'reports a call-back request for tomorrow morning',
    lines: [
      OPENING,
      "C: I can't take bookings over the phone right now, try again tomorrow morning.",
      'A: Okay, thank you.',
    ],
    expect: { kind: 'call_back', after: 'tomorrow morning' },
    evidence: ['try again tomorrow morning'],
  },
  {
    title: 'does not book on a "sure" that only asks to be called back at a spelled-out number',
    lines: [OPENING, 'C: Sure, call us back tomorrow, the number is 5 5 5, 0 1 9 9.', 'A: Will do, thanks.'],
    expect: { kind: 'call_back', after: 'tomorrow' },
    evidence: ['call us back tomorrow'],
  },
  {
    title: 'reads a bare "Eight thirty?" after a refusal as an offer',
    lines: [OPENING, 'C: Seven? No, sorry. Eight thirty?', "A: Let me check with my client, I'll call back."],
    expect: { kind: 'alternative_offered', alternatives: [{ date: '2026-12-05', time: '20:30' }] },
    evidence: ['eight thirty?'],
  },
  // ── no conversation ─────────────────────────────────────────────────────────────────────────────
  {
    title: 'reports voicemail from the disconnection reason',
    lines: ["A: Hi, this is a message for Lovely Thai: I'd like to book a table for two on Saturday at 7pm."],
    call: { status: 'completed', disconnectionReason: 'voicemail_reached' },
    expect: { kind: 'voicemail' },
    evidence: ['message for lovely thai'],
  },
  {
    title: 'reports voicemail from the greeting even when the call ended as a normal hang-up',
    lines: [
      "C: Hi, you've reached Lovely Thai. We're open from 5 to 10pm. Please leave a message after the beep.",
      OPENING,
    ],
    call: { status: 'completed', disconnectionReason: 'user_hangup' },
    expect: { kind: 'voicemail' },
    evidence: ['leave a message'],
  },
  {
    title: 'reports no answer from dial_no_answer',
    lines: [],
    call: { status: 'failed', disconnectionReason: 'dial_no_answer', durationSeconds: 0 },
    expect: { kind: 'no_answer' },
    evidence: [],
  },
  {
    title: 'reports no answer from the MCP-style "no-answer" status',
    lines: [],
    call: { status: 'no-answer', disconnectionReason: null },
    expect: { kind: 'no_answer' },
    evidence: [],
  },
  {
    title: 'reports busy from dial_busy',
    lines: [],
    call: { status: 'failed', disconnectionReason: 'dial_busy', durationSeconds: 0 },
    expect: { kind: 'busy' },
    evidence: [],
  },
  {
    title: 'reports busy from the MCP-style "busy" status',
    lines: [],
    call: { status: 'busy' },
    expect: { kind: 'busy' },
    evidence: [],
  },
  {
    title: 'reports failed for an invalid number',
    lines: [],
    call: { status: 'failed', disconnectionReason: 'invalid_destination', durationSeconds: 0 },
    expect: { kind: 'failed' },
    evidence: [],
  },
  {
    title: 'reports failed for a carrier failure',
    lines: [],
    call: { status: 'failed', disconnectionReason: 'dial_failed' },
    expect: { kind: 'failed' },
    evidence: [],
  },
  // ── unclear ─────────────────────────────────────────────────────────────────────────────────────
  {
    title: 'is unclear when the restaurant hangs up mid-sentence',
    lines: ['C: Lovely Thai, how can I', OPENING],
    expect: { kind: 'unclear' },
    evidence: ['how can i'],
  },
  {
    title: 'is unclear when the restaurant goes to check and the call drops',
    lines: [OPENING, 'C: Sure, hold on, let me check the book.'],
    expect: { kind: 'unclear' },
    evidence: ['let me check'],
  },
  {
    title: 'is unclear when only the agent spoke',
    lines: [OPENING],
    expect: { kind: 'unclear' },
    evidence: [],
  },
  {
    title: 'is unclear when the restaurant only asks for details',
    lines: [OPENING, 'C: Sure, and what phone number is that under?'],
    expect: { kind: 'unclear' },
    evidence: ['phone number'],
  },
  // ── negation traps ──────────────────────────────────────────────────────────────────────────────
  {
    title: 'does not read "yes, we\'re fully booked" as a confirmation',
    lines: [OPENING, "C: Yes, hi, I'm afraid we're fully booked on Saturday.", 'A: Oh, okay, thanks.'],
    expect: { kind: 'full' },
    evidence: ['fully booked'],
  },
  {
    title: 'does not read "we don\'t have 7 available" as availability',
    lines: [OPENING, "C: We don't have 7 available, I'm afraid.", 'A: Okay, thanks anyway.'],
    expect: { kind: 'full' },
    evidence: ["don't have 7 available"],
  },
  {
    title: 'does not read "sorry, that\'s booked" as a confirmation',
    lines: [OPENING, "C: Sorry, 7 o'clock, that's booked.", 'A: I see. Thank you.'],
    expect: { kind: 'full' },
    evidence: ["that's booked"],
  },
  {
    title: 'does not book when the restaurant cannot confirm and asks to call back',
    lines: [OPENING, "C: I can't confirm anything right now, sorry, call us back later.", 'A: Okay.'],
    expect: { kind: 'call_back', after: 'later' },
    evidence: ['call us back later'],
  },
  {
    title: 'withdraws a booking when the restaurant takes it back',
    lines: [
      OPENING,
      "C: Yes, you're all set for 7.",
      'A: Great, thanks!',
      "C: Oh wait, sorry, I misread the book, 7 is taken. We're completely full.",
    ],
    expect: { kind: 'full' },
    evidence: ['completely full'],
  },
  {
    title: 'does not treat "no problem" or "table for two" as a refusal or a time',
    lines: [
      "A: Hello, I'd like to book a table for two at 7 on Saturday under Manav please.",
      'C: No problem at all! A table for two at 7, all set.',
    ],
    expect: { kind: 'booked', time: '19:00', partySize: 2 },
    evidence: ['all set'],
  },
  {
    title: 'does not take a closing time ("open until 10") as an offer',
    lines: [OPENING, "C: We're open until 10 but we're fully booked tonight, sorry."],
    call: { endedAt: '2026-12-05T16:00:00Z' },
    expect: { kind: 'full' },
    evidence: ['fully booked'],
  },
];

describe('reservation outcome extraction table', () => {
  test('has at least thirty rows', () => {
    assert.ok(rows.length >= 30, `only ${rows.length} rows`);
  });

  for (const row of rows) {
    test(row.title, async () => {
      const transcript = row.lines.map((l) => ({
        role: l.startsWith('A:') ? 'agent' : 'user',
        content: l.slice(2).trim(),
      }));
      const call: CallFacts = {
        status: 'completed',
        disconnectionReason: 'user_hangup',
        endedAt: CALL_ENDED_AT,
        transcript,
        ...row.call,
      };
      const outcome = await extractReservationOutcome({ call, request });

      const picked = Object.fromEntries(
        Object.keys(row.expect).map((k) => [k, (outcome as unknown as Record<string, unknown>)[k]]),
      );
      assert.deepEqual(picked, row.expect, `outcome was ${JSON.stringify(outcome)}`);
      for (const line of outcome.evidence) {
        assert.equal(
          transcript[line.index]?.content,
          line.text,
          `evidence line ${line.index} is not the transcript line`,
        );
      }
      for (const words of row.evidence) {
        assert.ok(
          outcome.evidence.some((l) => l.text.toLowerCase().includes(words.toLowerCase())),
          `no evidence line contains "${words}": ${JSON.stringify(outcome.evidence)}`,
        );
      }
      if (row.evidence.length === 0 && outcome.kind !== 'unclear') assert.deepEqual(outcome.evidence, []);
    });
  }
});
