import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, test } from 'node:test';

import {
  isCallEndedEvent,
  isMessageEvent,
  parseWebhookEvent,
  signWebhook,
  verifyWebhook,
  verifyWebhookSignature,
  WebhookVerificationError,
  type WebhookVerificationReason,
} from '../../../agentphone';

const SECRET = 'whsec_current0123456789';
const OLD_SECRET = 'whsec_previous987654321';
const NOW_SEC = 1_745_083_211;
const NOW = NOW_SEC * 1000;

const callEnded = {
  event: 'agent.call_ended',
  channel: 'voice',
  timestamp: '2026-04-19T17:21:40Z',
  agentId: 'agt_0a1b2c3d4e5f6071',
  data: {
    callId: 'call_9d8c7b6a5f4e3d21',
    numberId: 'num_8f3a2b7c9d4e5f01',
    from: '+14155551234',
    to: '+14155559999',
    contact: null,
    direction: 'outbound',
    status: 'completed',
    startedAt: '2026-04-19T17:20:11Z',
    endedAt: '2026-04-19T17:21:40Z',
    durationSeconds: 89,
    disconnectionReason: 'user_hangup',
    transcript: [
      { role: 'agent', content: "Hi, I'd like to book a manicure." },
      { role: 'user', content: 'Saturday at 3 works.' },
    ],
    summary: 'Booked a manicure for Saturday 3pm.',
    userSentiment: 'Positive',
    callSuccessful: true,
  },
  conversationState: null,
  recentHistory: [],
};

/** The spec's algorithm, written out independently of signWebhook. */
function sign(body: string, secret: string, timestamp: number | string): Record<string, string> {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return { 'x-webhook-signature': `sha256=${mac}`, 'x-webhook-timestamp': String(timestamp) };
}

function reasonOf(run: () => unknown): WebhookVerificationReason | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof WebhookVerificationError) return error.reason;
    throw error;
  }
  return undefined;
}

describe('verifyWebhook', () => {
  const body = JSON.stringify(callEnded);

  test('accepts a valid delivery, whose envelope parseWebhookEvent reads as the typed event', () => {
    const event = parseWebhookEvent(
      verifyWebhook({
        rawBody: body,
        headers: sign(body, SECRET, NOW_SEC),
        secrets: SECRET,
        now: NOW,
      }),
    );
    assert.ok(isCallEndedEvent(event));
    assert.equal(event.data.callId, 'call_9d8c7b6a5f4e3d21');
    assert.equal(event.data.transcript?.[1]?.content, 'Saturday at 3 works.');
  });

  test('accepts raw bytes and a fetch Headers object with canonical casing', () => {
    const signed = sign(body, SECRET, NOW_SEC);
    const headers = new Headers({
      'X-Webhook-Signature': signed['x-webhook-signature']!,
      'X-Webhook-Timestamp': String(NOW_SEC),
    });
    const event = verifyWebhook({
      rawBody: Buffer.from(body),
      headers,
      secrets: [SECRET],
      now: new Date(NOW),
    });
    assert.equal(event.event, 'agent.call_ended');
  });

  test('reads plain-object headers case-insensitively', () => {
    const signed = sign(body, SECRET, NOW_SEC);
    const headers = {
      'X-WEBHOOK-SIGNATURE': signed['x-webhook-signature'],
      'X-Webhook-Timestamp': [String(NOW_SEC)],
    };
    assert.equal(
      verifyWebhook({ rawBody: body, headers, secrets: SECRET, now: NOW }).event,
      'agent.call_ended',
    );
  });

  test('accepts a delivery signed with the second of two secrets (rotation)', () => {
    const event = verifyWebhook({
      rawBody: body,
      headers: sign(body, OLD_SECRET, NOW_SEC),
      secrets: [SECRET, OLD_SECRET],
      now: NOW,
    });
    assert.equal(event.event, 'agent.call_ended');
  });

  test('accepts a timestamp at the edge of the window', () => {
    const headers = sign(body, SECRET, NOW_SEC - 300);
    assert.equal(
      verifyWebhook({ rawBody: body, headers, secrets: SECRET, now: NOW }).event,
      'agent.call_ended',
    );
  });

  const rejections: { name: string; reason: WebhookVerificationReason; run: () => unknown }[] = [
    {
      name: 'a stale timestamp',
      reason: 'stale',
      run: () =>
        verifyWebhook({
          rawBody: body,
          headers: sign(body, SECRET, NOW_SEC - 301),
          secrets: SECRET,
          now: NOW,
        }),
    },
    {
      name: 'a timestamp from the future',
      reason: 'stale',
      run: () =>
        verifyWebhook({
          rawBody: body,
          headers: sign(body, SECRET, NOW_SEC + 301),
          secrets: SECRET,
          now: NOW,
        }),
    },
    {
      name: 'a tampered body',
      reason: 'bad_signature',
      run: () =>
        verifyWebhook({
          rawBody: body.replace('"durationSeconds":89', '"durationSeconds":1'),
          headers: sign(body, SECRET, NOW_SEC),
          secrets: SECRET,
          now: NOW,
        }),
    },
    {
      name: 'a wrong secret',
      reason: 'bad_signature',
      run: () =>
        verifyWebhook({
          rawBody: body,
          headers: sign(body, 'whsec_wrong', NOW_SEC),
          secrets: SECRET,
          now: NOW,
        }),
    },
    {
      name: 'a signature over a different timestamp',
      reason: 'bad_signature',
      run: () =>
        verifyWebhook({
          rawBody: body,
          headers: { ...sign(body, SECRET, NOW_SEC - 10), 'x-webhook-timestamp': String(NOW_SEC) },
          secrets: SECRET,
          now: NOW,
        }),
    },
    {
      name: 'a truncated signature',
      reason: 'bad_signature',
      run: () =>
        verifyWebhook({
          rawBody: body,
          headers: {
            ...sign(body, SECRET, NOW_SEC),
            'x-webhook-signature': sign(body, SECRET, NOW_SEC)['x-webhook-signature']!.slice(0, 40),
          },
          secrets: SECRET,
          now: NOW,
        }),
    },
    {
      name: 'no secrets configured',
      reason: 'bad_signature',
      run: () =>
        verifyWebhook({ rawBody: body, headers: sign(body, SECRET, NOW_SEC), secrets: [], now: NOW }),
    },
    {
      name: 'a missing signature header',
      reason: 'missing_header',
      run: () =>
        verifyWebhook({
          rawBody: body,
          headers: { 'x-webhook-timestamp': String(NOW_SEC) },
          secrets: SECRET,
          now: NOW,
        }),
    },
    {
      name: 'a missing timestamp header',
      reason: 'missing_header',
      run: () =>
        verifyWebhook({
          rawBody: body,
          headers: { 'x-webhook-signature': sign(body, SECRET, NOW_SEC)['x-webhook-signature'] },
          secrets: SECRET,
          now: NOW,
        }),
    },
    {
      name: 'a timestamp that is not Unix seconds',
      reason: 'bad_timestamp',
      run: () =>
        verifyWebhook({
          rawBody: body,
          headers: sign(body, SECRET, '2026-04-19T17:21:40Z'),
          secrets: SECRET,
          now: NOW,
        }),
    },
    {
      name: 'a correctly signed body that is not JSON',
      reason: 'bad_json',
      run: () =>
        verifyWebhook({
          rawBody: 'not json',
          headers: sign('not json', SECRET, NOW_SEC),
          secrets: SECRET,
          now: NOW,
        }),
    },
    {
      name: 'a correctly signed JSON body with no event name',
      reason: 'bad_payload',
      run: () => {
        const bad = JSON.stringify({ data: { callId: 'call_1' } });
        return verifyWebhook({
          rawBody: bad,
          headers: sign(bad, SECRET, NOW_SEC),
          secrets: SECRET,
          now: NOW,
        });
      },
    },
    {
      name: 'a known event with the wrong shape, read strictly by parseWebhookEvent',
      reason: 'bad_payload',
      run: () => parseWebhookEvent({ ...callEnded, data: { callId: 'call_1' } }),
    },
  ];

  for (const { name, reason, run } of rejections) {
    test(`rejects ${name} with reason ${reason}`, () => {
      assert.equal(reasonOf(run), reason);
    });
  }

  test('reads a known event leniently: a signed call_ended with only its callId verifies', () => {
    const minimal = JSON.stringify({ event: 'agent.call_ended', data: { callId: 'call_1' } });
    const envelope = verifyWebhook({
      rawBody: minimal,
      headers: sign(minimal, SECRET, NOW_SEC),
      secrets: SECRET,
      now: NOW,
    });
    assert.equal(envelope.event, 'agent.call_ended');
    assert.deepEqual(envelope.data, { callId: 'call_1' });
    assert.equal(envelope.agentId, undefined);
  });

  test('verifyWebhookSignature checks the signature without reading the body', () => {
    const notJson = 'not json at all';
    assert.doesNotThrow(() =>
      verifyWebhookSignature({
        rawBody: notJson,
        headers: sign(notJson, SECRET, NOW_SEC),
        secrets: SECRET,
        now: NOW,
      }),
    );
    assert.equal(
      reasonOf(() =>
        verifyWebhookSignature({
          rawBody: notJson,
          headers: sign(notJson, 'whsec_other', NOW_SEC),
          secrets: SECRET,
          now: NOW,
        }),
      ),
      'bad_signature',
    );
  });

  test('parses an unknown event name instead of failing', () => {
    const unknown = JSON.stringify({
      event: 'agent.contact_shared',
      timestamp: '2026-04-19T17:21:40Z',
      agentId: null,
      data: { x: 1 },
    });
    const event = verifyWebhook({
      rawBody: unknown,
      headers: sign(unknown, SECRET, NOW_SEC),
      secrets: SECRET,
      now: NOW,
    });
    assert.equal(event.event, 'agent.contact_shared');
    assert.equal(isCallEndedEvent(parseWebhookEvent(event)), false);
  });

  test('parses an inbound SMS event', () => {
    const sms = JSON.stringify({
      event: 'agent.message',
      channel: 'sms',
      timestamp: '2026-04-19T17:25:02Z',
      agentId: 'agt_1',
      data: {
        messageId: 'msg_1',
        conversationId: 'conv_1',
        numberId: 'num_1',
        from: '+14155559999',
        to: '+14155551234',
        contact: null,
        message: 'YES',
        mediaUrl: null,
        mediaUrls: [],
        direction: 'inbound',
        receivedAt: '2026-04-19T17:25:02Z',
      },
      conversationState: { orderId: 'ORD-12345' },
      recentHistory: [
        {
          messageId: 'msg_0',
          content: 'Hello',
          direction: 'outbound',
          channel: 'sms',
          at: '2026-04-19T17:24:10Z',
        },
      ],
    });
    const event = verifyWebhook({
      rawBody: sms,
      headers: sign(sms, SECRET, NOW_SEC),
      secrets: SECRET,
      now: NOW,
    });
    const typed = parseWebhookEvent(event);
    assert.ok(isMessageEvent(typed));
    assert.equal(typed.data.message, 'YES');
  });
});

describe('signWebhook', () => {
  test('produces the spec signature over the exact body, with id and event headers', () => {
    const signed = signWebhook({ payload: callEnded, secret: SECRET, timestamp: NOW_SEC, id: 'whd_1' });
    assert.equal(signed.body, JSON.stringify(callEnded));
    const expected = sign(signed.body, SECRET, NOW_SEC);
    assert.equal(signed.headers['X-Webhook-Signature'], expected['x-webhook-signature']);
    assert.equal(signed.headers['X-Webhook-Timestamp'], String(NOW_SEC));
    assert.equal(signed.headers['X-Webhook-ID'], 'whd_1');
    assert.equal(signed.headers['X-Webhook-Event'], 'agent.call_ended');
    assert.match(signed.headers['X-Webhook-Signature']!, /^sha256=[0-9a-f]{64}$/);
  });

  test('signs a raw body as given and round-trips through verifyWebhook', () => {
    const rawBody = `{"event":"agent.call_ended" , ${JSON.stringify(callEnded).slice(28)}`;
    const signed = signWebhook({ rawBody, secret: SECRET, timestamp: new Date(NOW) });
    assert.equal(signed.body, rawBody);
    const event = verifyWebhook({ rawBody: signed.body, headers: signed.headers, secrets: SECRET, now: NOW });
    assert.equal(event.event, 'agent.call_ended');
  });
});
