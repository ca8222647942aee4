import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { AgentPhone, ResponseValidationError, type TranscriptStreamEvent } from '../../../agentphone';
import { ScriptedServer } from './helpers/scripted-server';

const CALL = 'call_9d8c7b6a5f4e3d21';
const turn = (role: string, content: string) =>
  `event: turn\ndata: ${JSON.stringify({ role, content, createdAt: '2026-04-19T17:20:14Z' })}\n\n`;

describe('calls.streamTranscript', () => {
  const server = new ScriptedServer();
  let client: AgentPhone;

  before(async () => {
    await server.start();
    client = new AgentPhone({ apiKey: 'sk_live_testkey', baseUrl: server.url, maxRetries: 0 });
  });
  after(async () => {
    await client.close();
    await server.stop();
  });

  test('yields turns and the ended event, skipping heartbeats and split chunks', async () => {
    const second = turn('user', 'Saturday at 3 works.');
    server.reply({
      chunks: [
        { data: turn('agent', "Hi, I'd like to book a manicure.") },
        { data: ': heartbeat\n\n', delayMs: 10 },
        { data: second.slice(0, 20), delayMs: 10 },
        { data: second.slice(20), delayMs: 10 },
        { data: 'event: ping\ndata: {}\n\n' },
        { data: `event: ended\ndata: ${JSON.stringify({ callId: CALL, status: 'completed' })}\n\n` },
      ],
    });
    const events: TranscriptStreamEvent[] = [];
    for await (const event of client.calls.streamTranscript(CALL)) events.push(event);
    assert.deepEqual(
      events.map((e) =>
        e.event === 'turn' ? `${e.data.role}: ${e.data.content}` : `ended ${e.data.status}`,
      ),
      ["agent: Hi, I'd like to book a manicure.", 'user: Saturday at 3 works.', 'ended completed'],
    );
    const request = server.only();
    assert.equal(request.path, `/v1/calls/${CALL}/transcript/stream`);
    assert.equal(request.headers.accept, 'text/event-stream');
    assert.equal(request.headers.authorization, 'Bearer sk_live_testkey');
  });

  test('the timeout covers only the wait for headers, not a long stream', async () => {
    server.reply({
      chunks: [
        { data: turn('agent', 'one') },
        { data: ': heartbeat\n\n', delayMs: 120 },
        { data: `event: ended\ndata: {"callId":"${CALL}","status":"completed"}\n\n`, delayMs: 20 },
      ],
    });
    const events: string[] = [];
    for await (const event of client.calls.streamTranscript(CALL, { timeoutMs: 60 }))
      events.push(event.event);
    assert.deepEqual(events, ['turn', 'ended']);
  });

  test('a malformed turn raises ResponseValidationError with the raw data', async () => {
    server.reply({ chunks: [{ data: 'event: turn\ndata: {"role":"agent"}\n\n' }] });
    const iterator = client.calls.streamTranscript(CALL);
    const error = await iterator.next().catch((e: unknown) => e);
    assert.ok(error instanceof ResponseValidationError);
    assert.equal(error.rawBody, '{"role":"agent"}');
  });

  test('an error status before the stream raises the mapped API error', async () => {
    server.reply({ status: 404, body: { detail: 'Call not found' } });
    await assert.rejects(client.calls.streamTranscript(CALL).next(), { name: 'NotFoundError' });
  });
});
