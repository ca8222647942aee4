import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { normalizeTranscript, TranscriptFormatError } from '../../../outcome/transcript';

// One conversation, as the three AgentPhone endpoints hand it out (agentphone-api.md §7, §9, §10).
// The agent speaks first, so the first paired turn has an empty remote `transcript`.
const pairedTurns = [
  {
    id: 'tr_1',
    transcript: '',
    confidence: 0.99,
    response: 'Hi, a table for two on Saturday at 7pm, please.',
    createdAt: '2026-12-04T18:00:01Z',
  },
  {
    id: 'tr_2',
    transcript: 'Sure, let me check.',
    confidence: 0.93,
    response: 'Thank you.',
    createdAt: '2026-12-04T18:00:05Z',
  },
  {
    id: 'tr_3',
    transcript: "You're all set for 7.",
    confidence: 0.95,
    response: null,
    createdAt: '2026-12-04T18:00:20Z',
  },
];
const flatWithTimes = [
  {
    role: 'agent',
    content: 'Hi, a table for two on Saturday at 7pm, please.',
    createdAt: '2026-12-04T18:00:01Z',
  },
  { role: 'user', content: 'Sure, let me check.', createdAt: '2026-12-04T18:00:05Z' },
  { role: 'agent', content: 'Thank you.', createdAt: '2026-12-04T18:00:06Z' },
  { role: 'user', content: "You're all set for 7.", createdAt: '2026-12-04T18:00:20Z' },
];
const webhookLines = flatWithTimes.map(({ role, content }) => ({ role, content }));

const expected = [
  { index: 0, role: 'agent', text: 'Hi, a table for two on Saturday at 7pm, please.' },
  { index: 1, role: 'callee', text: 'Sure, let me check.' },
  { index: 2, role: 'agent', text: 'Thank you.' },
  { index: 3, role: 'callee', text: "You're all set for 7." },
];

describe('normalizeTranscript', () => {
  test('gives the same lines for paired turns, /transcript lines and webhook lines of one conversation', () => {
    assert.deepEqual(normalizeTranscript(pairedTurns), expected);
    assert.deepEqual(normalizeTranscript(flatWithTimes), expected);
    assert.deepEqual(normalizeTranscript(webhookLines), expected);
  });

  test('unwraps a call detail, a /transcript response, webhook data and a whole webhook body', () => {
    const callDetail = { id: 'call_1', status: 'completed', transcripts: pairedTurns };
    const transcriptResponse = { callId: 'call_1', status: 'completed', transcript: flatWithTimes };
    const webhookData = {
      callId: 'call_1',
      status: 'completed',
      disconnectionReason: 'user_hangup',
      transcript: webhookLines,
    };
    const webhookBody = { event: 'agent.call_ended', channel: 'voice', agentId: 'agt_1', data: webhookData };
    for (const input of [callDetail, transcriptResponse, webhookData, webhookBody]) {
      assert.deepEqual(normalizeTranscript(input), expected);
    }
  });

  test('puts the remote party before the agent within a paired turn', () => {
    const lines = normalizeTranscript([{ transcript: 'Lovely Thai?', response: 'Hello!' }]);
    assert.deepEqual(
      lines.map((l) => l.role),
      ['callee', 'agent'],
    );
  });

  test('drops empty and whitespace-only utterances and tidies spacing', () => {
    const lines = normalizeTranscript([
      { role: 'user', content: '   ' },
      { role: 'agent', content: null },
      { role: 'user', content: '  Hello,\n  Lovely Thai. ' },
    ]);
    assert.deepEqual(lines, [{ index: 0, role: 'callee', text: 'Hello, Lovely Thai.' }]);
  });

  test('reads a missing transcript and an empty one as nothing said', () => {
    assert.deepEqual(normalizeTranscript(undefined), []);
    assert.deepEqual(normalizeTranscript(null), []);
    assert.deepEqual(normalizeTranscript([]), []);
    assert.deepEqual(normalizeTranscript({ callId: 'call_1', transcript: null }), []);
  });

  test('names the offending field when a flat line has an unknown role', () => {
    assert.throws(
      () =>
        normalizeTranscript({
          transcript: [
            { role: 'agent', content: 'Hi' },
            { role: 'bot', content: 'Hey' },
          ],
        }),
      (err: Error) =>
        err instanceof TranscriptFormatError &&
        /transcript\[1\]\.role/.test(err.message) &&
        /'user' or 'agent'/.test(err.message),
    );
  });

  test('names the offending field when a paired turn has a non-string utterance', () => {
    assert.throws(
      () => normalizeTranscript({ transcripts: [{ transcript: 42, response: 'Hi' }] }),
      (err: Error) =>
        err instanceof TranscriptFormatError && /transcripts\[0\]\.transcript/.test(err.message),
    );
  });

  test('lists the accepted shapes when the input is none of them', () => {
    for (const input of ['hello', 42, { foo: 1 }]) {
      assert.throws(
        () => normalizeTranscript(input),
        (err: Error) => err instanceof TranscriptFormatError && /paired turns/.test(err.message),
      );
    }
  });
});
