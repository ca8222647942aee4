import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { routeWebhookBody, type WebhookRoute } from '../../../client/webhook-routing';

const RECEIVED_AT = '2026-12-01T18:01:00.000Z';

function route(body: unknown): WebhookRoute {
  return routeWebhookBody(typeof body === 'string' ? body : JSON.stringify(body), RECEIVED_AT);
}

function callOf(body: unknown) {
  const routed = route(body);
  assert.equal(routed.kind, 'call-ended', JSON.stringify(routed));
  return routed.call;
}

function smsOf(body: unknown) {
  const routed = route(body);
  assert.equal(routed.kind, 'inbound-sms', JSON.stringify(routed));
  return routed;
}

function whyUnroutable(body: unknown): string {
  const routed = route(body);
  assert.equal(routed.kind, 'unroutable', JSON.stringify(routed));
  return routed.why;
}

const callEnded = (data: Record<string, unknown>) => ({ event: 'agent.call_ended', data });
const sms = (data: Record<string, unknown>, envelope: Record<string, unknown> = {}) => ({
  event: 'agent.message',
  channel: 'sms',
  agentId: 'agt_1',
  timestamp: '2026-12-01T18:00:30Z',
  ...envelope,
  data,
});

describe('agent.call_ended is routed on data.callId alone', () => {
  test('a body with nothing but the callId reaches the call, every other field null', () => {
    assert.deepEqual(callOf(callEnded({ callId: 'call_1' })), {
      callId: 'call_1',
      status: 'completed',
      disconnectionReason: null,
      durationSeconds: null,
      startedAt: null,
      endedAt: null,
      from: null,
      to: null,
      direction: null,
      transcript: [],
      summary: null,
      userSentiment: null,
      callSuccessful: null,
    });
  });

  test('documented fields that are null are read as missing, not as an error', () => {
    const call = callOf({
      event: 'agent.call_ended',
      channel: null,
      timestamp: null,
      agentId: null,
      data: {
        callId: 'call_1',
        status: null,
        from: null,
        to: null,
        direction: null,
        durationSeconds: null,
        startedAt: null,
        transcript: null,
        callSuccessful: null,
      },
    });
    assert.equal(call.status, 'completed');
    assert.equal(call.durationSeconds, null);
    assert.deepEqual(call.transcript, []);
  });

  test('numbers and booleans that arrive as strings are read as numbers and booleans', () => {
    const call = callOf(callEnded({ callId: 'call_1', durationSeconds: '89', callSuccessful: 'true' }));
    assert.equal(call.durationSeconds, 89);
    assert.equal(call.callSuccessful, true);
  });

  test('date-times in other formats are normalised to ISO 8601 UTC; an unreadable one is null', () => {
    const call = callOf(
      callEnded({
        callId: 'call_1',
        startedAt: '2026-04-19 17:20:11+00:00',
        endedAt: 1_745_083_300,
      }),
    );
    assert.equal(call.startedAt, '2026-04-19T17:20:11.000Z');
    assert.equal(call.endedAt, '2025-04-19T17:21:40.000Z');
    assert.equal(
      callOf(callEnded({ callId: 'c', endedAt: '1745083300000' })).endedAt,
      '2025-04-19T17:21:40.000Z',
    );
    assert.equal(
      callOf(callEnded({ callId: 'c', endedAt: '2026-04-19T19:20:11.123456+02:00' })).endedAt,
      '2026-04-19T17:20:11.123Z',
    );
    assert.equal(callOf(callEnded({ callId: 'c', endedAt: 'yesterday' })).endedAt, null);
  });

  test('an unknown status string is kept as it came', () => {
    assert.equal(
      callOf(callEnded({ callId: 'call_1', status: 'machine_detected' })).status,
      'machine_detected',
    );
  });

  test('the transcript is read in any of the API shapes, and anything else is an empty transcript', () => {
    const flat = callOf(
      callEnded({
        callId: 'c',
        transcript: [
          { role: 'agent', content: 'Hi, a table for two?' },
          { role: 'user', content: 'Sure, at 8.' },
        ],
      }),
    );
    assert.deepEqual(flat.transcript, [
      { role: 'agent', content: 'Hi, a table for two?' },
      { role: 'user', content: 'Sure, at 8.' },
    ]);
    const paired = callOf(
      callEnded({
        callId: 'c',
        transcripts: [
          { id: 'tr_1', transcript: '', response: 'Hi, a table for two?' },
          { id: 'tr_2', transcript: 'Sure, at 8.', response: null },
        ],
      }),
    );
    assert.deepEqual(paired.transcript, flat.transcript);
    const text = callOf(
      callEnded({ callId: 'c', transcript: 'Agent: Hi, a table for two?\nUser: Sure, at 8.' }),
    );
    assert.deepEqual(text.transcript, flat.transcript);
    assert.deepEqual(callOf(callEnded({ callId: 'c', transcript: { weird: true } })).transcript, []);
    assert.deepEqual(callOf(callEnded({ callId: 'c', transcript: [42, null, 'x'] })).transcript, []);
  });

  test('the callers from/to are read under fromNumber/toNumber as well', () => {
    const call = callOf(callEnded({ callId: 'c', fromNumber: '+14155551234', toNumber: '+14155550123' }));
    assert.equal(call.from, '+14155551234');
    assert.equal(call.to, '+14155550123');
  });

  test('without a callId (missing, null or empty) it is unroutable, naming the field', () => {
    assert.match(whyUnroutable(callEnded({ status: 'completed' })), /data\.callId/);
    assert.match(whyUnroutable(callEnded({ callId: null })), /data\.callId/);
    assert.match(whyUnroutable(callEnded({ callId: '' })), /data\.callId/);
    assert.match(whyUnroutable({ event: 'agent.call_ended' }), /data\.callId/);
  });
});

describe('a text agent.message is routed on messageId, the sender and agentId', () => {
  test('the documented shape becomes the inbox signal', () => {
    const routed = smsOf(
      sms({
        messageId: 'msg_1',
        from: '+14155559999',
        to: '+14155551234',
        message: 'YES',
        direction: 'inbound',
        receivedAt: '2026-12-01T18:00:29Z',
      }),
    );
    assert.equal(routed.agentId, 'agt_1');
    assert.equal(routed.from, '+14155559999');
    assert.deepEqual(routed.sms, {
      messageId: 'msg_1',
      agentId: 'agt_1',
      from: '+14155559999',
      to: '+14155551234',
      body: 'YES',
      receivedAt: '2026-12-01T18:00:29.000Z',
      reading: { kind: 'yes' }, // read here, at the edge, not in the workflow
    });
  });

  test('the sender is read under the SDK alias from_ (and fromNumber / from_number)', () => {
    for (const key of ['from_', 'fromNumber', 'from_number']) {
      const routed = smsOf(sms({ messageId: 'msg_1', [key]: '+14155559999', message: 'YES' }));
      assert.equal(routed.from, '+14155559999', key);
      assert.equal(routed.sms.from, '+14155559999', key);
    }
  });

  test('documented fields that are missing or null get defaults: empty text, blank to, the event time', () => {
    const routed = smsOf(
      sms({
        messageId: 'msg_1',
        from: '+14155559999',
        to: null,
        message: null,
        direction: null,
        receivedAt: null,
      }),
    );
    assert.equal(routed.sms.body, '');
    assert.equal(routed.sms.to, '');
    assert.equal(routed.sms.receivedAt, '2026-12-01T18:00:30.000Z');
    const noTimes = smsOf(sms({ messageId: 'msg_1', from: '+14155559999' }, { timestamp: undefined }));
    assert.equal(noTimes.sms.receivedAt, RECEIVED_AT);
  });

  test('a text message without a channel is still an SMS; with a callId it is a voice turn', () => {
    assert.equal(
      smsOf(sms({ messageId: 'm', from: '+14155559999' }, { channel: undefined })).from,
      '+14155559999',
    );
    assert.equal(
      route(sms({ callId: 'call_1', transcript: 'hello' }, { channel: undefined })).kind,
      'ignored',
    );
  });

  test('a routing field that is missing makes it unroutable, naming each missing one', () => {
    assert.match(whyUnroutable(sms({ from: '+14155559999', message: 'YES' })), /data\.messageId/);
    assert.match(whyUnroutable(sms({ messageId: 'msg_1', sender: '+14155559999' })), /sender/);
    const why = whyUnroutable(sms({ messageId: 'msg_1', from: '+14155559999' }, { agentId: null }));
    assert.match(why, /agentId/);
    assert.doesNotMatch(why, /messageId/);
  });
});

describe('what is not routed', () => {
  test('outbound echoes, voice turns, reactions and unknown events are ignored', () => {
    assert.equal(route(sms({ messageId: 'm', from: '+1', direction: 'outbound' })).kind, 'ignored');
    assert.equal(route(sms({ callId: 'c' }, { channel: 'voice' })).kind, 'ignored');
    assert.equal(route({ event: 'agent.reaction', data: {} }).kind, 'ignored');
    assert.equal(route({ event: 'agent.contact_shared', data: {} }).kind, 'ignored');
  });

  test('a body that is not JSON, not an object, or names no event is unroutable (a dead letter)', () => {
    assert.match(whyUnroutable('not json {'), /not JSON/);
    assert.match(whyUnroutable([1, 2]), /event/);
    assert.match(whyUnroutable({ data: { callId: 'call_1' } }), /event/);
    assert.match(whyUnroutable({ event: 42, data: {} }), /event/);
  });
});

describe('the ingress reads an ended call for a spoken opt-out', () => {
  const ended = (transcript: { role: string; content: string }[]) =>
    route({ event: 'agent.call_ended', data: { callId: 'call_1', direction: 'outbound', transcript } });

  test('the callee asking not to be called again: the route carries the turn it rests on', () => {
    const routed = ended([
      { role: 'agent', content: 'Hi, calling about your table.' },
      { role: 'user', content: 'Stop calling me.' },
    ]);
    assert.equal(routed.kind, 'call-ended', JSON.stringify(routed));
    assert.deepEqual(routed.spokenOptOut, { index: 1, text: 'Stop calling me.' });
  });

  test('no such request (and the agent saying it never counts): null, read and found nothing', () => {
    const routed = ended([
      { role: 'agent', content: "We won't call you again." },
      { role: 'user', content: 'Thanks, see you Saturday.' },
    ]);
    assert.equal(routed.kind, 'call-ended', JSON.stringify(routed));
    assert.equal(routed.spokenOptOut, null);
  });
});

describe('an inbound agent.call_ended goes to its triage, with the agent', () => {
  test('direction inbound and an agentId: inbound-call-ended, with the call read as usual', () => {
    const routed = route({
      event: 'agent.call_ended',
      agentId: 'agt_1',
      data: {
        callId: 'call_in_1',
        direction: 'inbound',
        from: '+14155552001',
        to: '+14155550100',
        status: 'failed',
      },
    });
    assert.equal(routed.kind, 'inbound-call-ended', JSON.stringify(routed));
    assert.equal(routed.agentId, 'agt_1');
    assert.equal(routed.callId, 'call_in_1');
    assert.deepEqual(
      [routed.call.from, routed.call.status, routed.call.direction],
      ['+14155552001', 'failed', 'inbound'],
    );
  });

  test('an inbound call without agentId is unroutable, naming it', () => {
    assert.match(whyUnroutable(callEnded({ callId: 'call_in_1', direction: 'inbound' })), /agentId/);
  });

  test('outbound calls, and calls without a direction, still go to the call mailbox', () => {
    assert.equal(
      callOf({ ...callEnded({ callId: 'c', direction: 'outbound' }), agentId: 'agt_1' }).callId,
      'c',
    );
    assert.equal(callOf({ ...callEnded({ callId: 'c' }), agentId: 'agt_1' }).callId, 'c');
  });
});
