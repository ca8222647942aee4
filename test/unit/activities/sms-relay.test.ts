import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import type { Client } from '@temporalio/client';
import { createSmsRelayActivities, relayText, type RelaySmsRequest } from '../../../activities/sms-relay';
import type { SmsRelaySettings } from '../../../client/sms-relay-settings';
import { createLogger } from '../../../common/process/logger';
import { SMS_BODY_MAX_CHARS } from '../../../common/sms-consent';
import { inboundSmsFromEvent } from '../../../common/process/from-wire';
import { countByRoute } from '../../helpers/routes';
import { ActivityAttempts, recordAsHeartbeat } from './attempts';
import { AGENT_ID, FakeAgentPhone, OUR_NUMBER } from './fake-agentphone';

const T0 = Date.parse('2026-12-01T10:00:00Z');
const OWNER = '+14155550142';
const FRIEND = '+14155550199';
const INBOX = 'sms-inbox:agt_fake0000000001:nabc';
const CODE = '482913';

/** An inbound SMS as the ingress reads it (the code is read there, at the edge). */
const fromWire = (data: { messageId: string; from: string; message: string }) =>
  inboundSmsFromEvent(
    { ...data, to: OUR_NUMBER, direction: 'inbound', receivedAt: undefined },
    { agentId: AGENT_ID, receivedAt: new Date(T0).toISOString() },
  );

function setUp(settings: SmsRelaySettings | null, listed: string[] = []) {
  const api = new FakeAgentPhone(T0);
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  // Every level: a code must not appear even in a debug line.
  const logger = createLogger({ level: 'trace', destination });
  const activities = createSmsRelayActivities(
    // The Temporal client is never touched: the settings reader is replaced.
    {
      agentphone: api.client,
      logger,
      defaultAgentId: AGENT_ID,
      temporal: {} as Client,
      recordIntent: recordAsHeartbeat,
      // The opt-out list, as the real check answers for the numbers listed.
      suppressionOf: async (number: string) =>
        listed.includes(number)
          ? {
              number,
              channel: 'sms' as const,
              reason: 'texted STOP',
              source: 'msg_stop',
              at: new Date(T0).toISOString(),
            }
          : undefined,
    },
    { readSettings: async () => settings },
  );
  const relay = (r: RelaySmsRequest) => activities.relaySmsToOwner(r);
  const toOwner = () => api.messages.filter((m) => m.direction === 'outbound' && m.to === OWNER);
  return { api, relay, toOwner, logger, log: () => lines.join('') };
}

const codeSms = fromWire({
  messageId: 'msg_in_1',
  from: '22395',
  message: `G-${CODE} is your Google verification code.`,
});
const friendSms = fromWire({ messageId: 'msg_in_2', from: FRIEND, message: 'Are you open on Sunday?' });
const enabled: SmsRelaySettings = { notify: OWNER, codes: true, relaySms: false };

describe('relaySmsToOwner', () => {
  test('a code reaches the owner as "Code from <service>: <code>", and no log line holds the code', async () => {
    const { relay, toOwner, log } = setUp(enabled);
    assert.ok(codeSms.oneTimeCode, 'the edge read the code');
    const result = await new ActivityAttempts(T0).next(relay, [
      { inboxWorkflowId: INBOX, sms: codeSms, kind: 'code' },
    ]);
    assert.equal(result.relayed, true);
    assert.deepEqual(
      toOwner().map((m) => m.body),
      // The owner's first text from our number is signed, as every first contact is.
      [`Ringflow: Code from Google: G-${CODE} Reply STOP to opt out.`],
    );
    assert.match(log(), /SMS relayed to the owner/);
    assert.ok(!log().includes(CODE), `the code was logged: ${log()}`);
  });

  test('the logger blanks a one-time code passed to it by mistake, at any common depth', () => {
    const { logger, log } = setUp(enabled);
    logger.info({ oneTimeCode: codeSms.oneTimeCode }, 'one');
    logger.info({ sms: { oneTimeCode: codeSms.oneTimeCode } }, 'two');
    logger.info({ request: { sms: { oneTimeCode: codeSms.oneTimeCode } } }, 'three');
    assert.ok(!log().includes(CODE), `the code was logged: ${log()}`);
    assert.equal((log().match(/\[redacted\]/g) ?? []).length, 3);
  });

  test('does not text the owner twice when the first POST committed but the response was lost', async () => {
    const { api, relay, toOwner, log } = setUp(enabled);
    api.fault('POST /v1/messages', { commitThenLose: true });
    const attempts = new ActivityAttempts(T0);
    const request: RelaySmsRequest = { inboxWorkflowId: INBOX, sms: codeSms, kind: 'code' };
    await attempts.failing(relay, [request]);
    const retry = await attempts.next(relay, [request]);
    assert.equal(retry.relayed, true);
    assert.equal(toOwner().length, 1);
    assert.equal(countByRoute(api.requests)['POST /v1/messages'], 1);
    assert.ok(!log().includes(CODE), 'the code was logged');
  });

  test('another text nobody waited for is relayed only with --relay-sms', async () => {
    const off = setUp(enabled);
    const skipped = await new ActivityAttempts(T0).next(off.relay, [
      { inboxWorkflowId: INBOX, sms: friendSms, kind: 'message' },
    ]);
    assert.deepEqual(skipped, { relayed: false, skipped: 'relay-sms-off' });
    assert.deepEqual(off.api.requests, [], 'nothing was asked of AgentPhone');

    const on = setUp({ ...enabled, relaySms: true });
    const relayed = await new ActivityAttempts(T0).next(on.relay, [
      { inboxWorkflowId: INBOX, sms: friendSms, kind: 'message' },
    ]);
    assert.equal(relayed.relayed, true);
    assert.deepEqual(
      on.toOwner().map((m) => m.body),
      [`Ringflow: SMS from ${FRIEND}: Are you open on Sunday? Reply STOP to opt out.`],
    );
  });

  test('nothing is relayed when the relay is off, codes are off, the owner sent it, or it is a relay', async () => {
    const cases: [SmsRelaySettings | null, RelaySmsRequest, string][] = [
      [null, { inboxWorkflowId: INBOX, sms: codeSms, kind: 'code' }, 'relay-off'],
      [{ ...enabled, codes: false }, { inboxWorkflowId: INBOX, sms: codeSms, kind: 'code' }, 'codes-off'],
      [
        { ...enabled, relaySms: true },
        {
          inboxWorkflowId: INBOX,
          sms: fromWire({ messageId: 'msg_in_3', from: '(415) 555-0142', message: 'thanks!' }),
          kind: 'message',
        },
        'from-owner',
      ],
      [
        { ...enabled, relaySms: true },
        {
          inboxWorkflowId: INBOX,
          // Another ringflow number whose owner is our number: relaying its relay back would never end.
          sms: fromWire({
            messageId: 'msg_in_4',
            from: '+14155550177',
            message: 'Ringflow: SMS from +14155550123: are you open? Reply STOP to opt out.',
          }),
          kind: 'message',
        },
        'a-relay',
      ],
    ];
    for (const [settings, request, why] of cases) {
      const { api, relay } = setUp(settings);
      assert.deepEqual(await new ActivityAttempts(T0).next(relay, [request]), {
        relayed: false,
        skipped: why,
      });
      assert.deepEqual(api.requests, [], why);
    }
  });

  test('an owner who texted STOP to our number gets no relay, and that is a result', async () => {
    const { relay, toOwner } = setUp(enabled, [OWNER]);
    const result = await new ActivityAttempts(T0).next(relay, [
      { inboxWorkflowId: INBOX, sms: codeSms, kind: 'code' },
    ]);
    assert.deepEqual(result, { relayed: false, skipped: 'owner-opted-out' });
    assert.equal(toOwner().length, 0);
  });

  test('the relayed text: a code alone with its sender, a text whole (or cut to one SMS), a picture said', () => {
    const noService = fromWire({ messageId: 'm', from: '72166', message: 'Your PIN is 5521' });
    assert.equal(relayText({ sms: noService, kind: 'code' }), 'Code from 72166: 5521');
    const long = fromWire({ messageId: 'm', from: FRIEND, message: 'x'.repeat(2000) });
    const cut = relayText({ sms: long, kind: 'message' });
    assert.equal(cut.length, SMS_BODY_MAX_CHARS);
    assert.ok(cut.startsWith(`SMS from ${FRIEND}: xxx`) && cut.endsWith('…'));
    const picture = fromWire({ messageId: 'm', from: FRIEND, message: '' });
    assert.equal(
      relayText({ sms: picture, kind: 'message' }),
      `SMS from ${FRIEND}: (no text: a picture or a file)`,
    );
  });
});
