import assert from 'node:assert/strict';
import { test } from 'node:test';
import { routeWebhookBody } from '../../../client/webhook-routing';

function routedSms(data: Record<string, unknown>) {
  const body = JSON.stringify({ event: 'agent.message', channel: 'sms', agentId: 'agt_1', data });
  const routed = routeWebhookBody(body, '2026-12-01T18:01:00.000Z');
  assert.equal(routed.kind, 'inbound-sms', JSON.stringify(routed));
  return routed;
}

test('an SMS from a short code is routed to its own inbox with the code and the kind of sender read', () => {
  const routed = routedSms({
    messageId: 'msg_1',
    from: '22000',
    to: '+14155551234',
    message: 'G-723210 is your Google verification code.',
  });
  assert.equal(routed.from, '22000', 'a short code is a sender like any other');
  assert.deepEqual(routed.sms.oneTimeCode, { code: 'G-723210', service: 'Google' });
  assert.equal(routed.sms.serviceSender, 'short-code');
});

test('a sender name is a service too, and names the service when the text does not', () => {
  const routed = routedSms({ messageId: 'msg_2', from: 'Chase', message: 'Your one-time code is 30495817' });
  assert.deepEqual(routed.sms.oneTimeCode, { code: '30495817', service: 'Chase' });
  assert.equal(routed.sms.serviceSender, 'alphanumeric');
});

test("a person's text carries neither field", () => {
  const routed = routedSms({ messageId: 'msg_3', from: '+14155550199', message: 'my PIN is 1234' });
  assert.equal('oneTimeCode' in routed.sms, false);
  assert.equal('serviceSender' in routed.sms, false);
});
