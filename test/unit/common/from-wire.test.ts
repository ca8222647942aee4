import assert from 'node:assert/strict';
import { test } from 'node:test';

import { CallDetailSchema } from '../../../agentphone';
import { callRecordFromDetail, transcriptFromWire } from '../../../common/process/from-wire';

test('a fetched call detail becomes the same CallRecord shape as the webhook gives', () => {
  const detail = CallDetailSchema.parse({
    id: 'call_1',
    fromNumber: '+14155551234',
    toNumber: '+14155550123',
    direction: 'outbound',
    status: 'completed',
    startedAt: '2026-12-01T18:00:00Z',
    endedAt: '2026-12-01T18:00:42Z',
    durationSeconds: 42,
    disconnectionReason: 'user_hangup',
    summary: null,
    callSuccessful: null,
  });
  const transcript = transcriptFromWire([
    { role: 'agent', content: 'Hi', createdAt: '2026-12-01T18:00:01Z' },
  ]);
  assert.deepEqual(callRecordFromDetail(detail, transcript), {
    callId: 'call_1',
    status: 'completed',
    disconnectionReason: 'user_hangup',
    durationSeconds: 42,
    startedAt: '2026-12-01T18:00:00Z',
    endedAt: '2026-12-01T18:00:42Z',
    from: '+14155551234',
    to: '+14155550123',
    direction: 'outbound',
    transcript: [{ role: 'agent', content: 'Hi' }],
    summary: null,
    userSentiment: null,
    callSuccessful: null,
  });
});

test('transcript roles the models use for the AI side read as the agent; anything else as the user', () => {
  assert.deepEqual(
    transcriptFromWire([
      { role: 'assistant', content: 'Hello' },
      { role: 'caller', content: 'Hi' },
      { role: 'AGENT', text: 'Bye' },
    ]),
    [
      { role: 'agent', content: 'Hello' },
      { role: 'user', content: 'Hi' },
      { role: 'agent', content: 'Bye' },
    ],
  );
});
