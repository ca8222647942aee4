import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApplicationFailure } from '@temporalio/common';
import { createSmsActivities, type SendSmsRequest, type SentSms } from '../../../activities/sms';
import type { ContactKind, Suppression } from '../../../common/opt-out';
import { silentLogger } from '../../../common/process/logger';
import { HELP_ANSWER, OPT_OUT_WORDING } from '../../../common/sms-consent';
import { countByRoute } from '../../helpers/routes';
import { ActivityAttempts, instantPauses, recordAsHeartbeat } from './attempts';
import { AGENT_ID, FakeAgentPhone, OUR_NUMBER } from './fake-agentphone';

const T0 = Date.parse('2026-12-01T10:00:00Z');
const HUMAN = '+14155550199';

/** An opt-out list holding `listed`, recording every check. */
function optOutList(listed: Suppression[] = []) {
  const checks: { number: string; contact: ContactKind }[] = [];
  const suppressionOf = async (number: string, contact: ContactKind) => {
    checks.push({ number, contact });
    return listed.find((s) => s.number === number);
  };
  return { checks, suppressionOf };
}

function setUp(listed: Suppression[] = []) {
  const api = new FakeAgentPhone(T0);
  const list = optOutList(listed);
  const pauses = instantPauses();
  const activities = createSmsActivities({
    agentphone: api.client,
    logger: silentLogger,
    defaultAgentId: AGENT_ID,
    smsSender: 'Ringflow',
    suppressionOf: list.suppressionOf,
    recordIntent: recordAsHeartbeat,
    pauseBeforeReread: pauses.pause,
  });
  /** sendSms for a number that is not listed: a suppressed result fails the test. */
  const sendSms = async (r: SendSmsRequest): Promise<SentSms> => {
    const result = await activities.sendSms(r);
    assert.equal(result.suppressed, false, 'not suppressed');
    return result;
  };
  return {
    api,
    list,
    waitedMs: pauses.waitedMs,
    sendSms,
    sendSmsAsIs: (r: SendSmsRequest) => activities.sendSms(r),
  };
}

const STOPPED: Suppression = {
  number: HUMAN,
  channel: 'sms',
  reason: 'texted STOP',
  source: 'msg_stop',
  at: '2026-12-01T09:00:00.000Z',
};

const request = (overrides: Partial<SendSmsRequest> = {}): SendSmsRequest => ({
  intentKey: 'reservation:r1:confirm',
  toNumber: HUMAN,
  body: 'Booked: Lovely Thai, 19:00, 2 people.',
  ...overrides,
});

const outbound = (api: FakeAgentPhone) => api.messages.filter((m) => m.direction === 'outbound');

function asFailure(err: unknown): ApplicationFailure {
  assert.ok(err instanceof ApplicationFailure, `expected an ApplicationFailure, got ${String(err)}`);
  return err;
}

describe('sendSms: exactly once per intent', () => {
  test('a first attempt reads the history, records what was there, and posts once', async () => {
    const { api, sendSms } = setUp();
    const attempts = new ActivityAttempts(T0);
    const sent = await attempts.next(sendSms, [request()]);
    assert.equal(sent.reconciled, false);
    assert.deepEqual(countByRoute(api.requests), {
      'GET /v1/agents/{id}': 1,
      'GET /v1/numbers/{id}/messages': 1,
      'POST /v1/messages': 1,
    });
    assert.deepEqual(attempts.heartbeats, [{ existingIds: [] }]);
  });

  test('does not send a second SMS when the first POST committed but the response was lost', async () => {
    const { api, sendSms } = setUp();
    api.fault('POST /v1/messages', { commitThenLose: true });
    const attempts = new ActivityAttempts(T0);
    const lost = asFailure(await attempts.failing(sendSms, [request()]));
    assert.equal(lost.nonRetryable, false, 'a lost response is retried');
    const retry = await attempts.next(sendSms, [request()]);
    assert.equal(retry.reconciled, true);
    assert.equal(retry.messageId, outbound(api)[0]!.id);
    assert.equal(outbound(api).length, 1);
    assert.equal(countByRoute(api.requests)['POST /v1/messages'], 1);
  });

  test('sends on the retry when the first POST never reached the API', async () => {
    const { api, sendSms } = setUp();
    api.fault('POST /v1/messages', { lostBeforeCommit: true });
    const attempts = new ActivityAttempts(T0);
    await attempts.failing(sendSms, [request()]);
    const retry = await attempts.next(sendSms, [request()]);
    assert.equal(retry.reconciled, false);
    assert.equal(outbound(api).length, 1);
    assert.equal(countByRoute(api.requests)['POST /v1/messages'], 2);
  });

  test('a retry of a second identical text sent within 30 s is not taken for the first one', async () => {
    const { api, sendSms } = setUp();
    // The first intent texts the human; five seconds later a second intent texts the same words.
    const first = await new ActivityAttempts(T0).next(sendSms, [request({ intentKey: 'sms:a' })]);
    api.nowMs = T0 + 5_000;
    api.fault('POST /v1/messages', { lostBeforeCommit: true });
    const second = new ActivityAttempts(T0 + 5_000);
    await second.failing(sendSms, [request({ intentKey: 'sms:b' })]);
    const retry = await second.next(sendSms, [request({ intentKey: 'sms:b' })]);
    assert.equal(retry.reconciled, false, 'the first intent’s text is not the second one’s');
    assert.notEqual(retry.messageId, first.messageId);
    assert.equal(outbound(api).length, 2, 'both intents texted');
  });

  test('a third attempt still knows what was there before the first one posted', async () => {
    const { api, sendSms } = setUp();
    await new ActivityAttempts(T0).next(sendSms, [request({ intentKey: 'sms:a' })]);
    api.fault('POST /v1/messages', { lostBeforeCommit: true });
    api.fault('POST /v1/messages', { commitThenLose: true });
    const second = new ActivityAttempts(T0 + 1_000);
    await second.failing(sendSms, [request({ intentKey: 'sms:b' })]);
    await second.failing(sendSms, [request({ intentKey: 'sms:b' })]);
    const third = await second.next(sendSms, [request({ intentKey: 'sms:b' })]);
    assert.equal(third.reconciled, true);
    assert.equal(third.messageId, outbound(api)[0]!.id, 'the second attempt’s committed text');
    assert.equal(outbound(api).length, 2);
  });

  test('does not post when what the attempt saw cannot be recorded in Temporal first', async () => {
    const { api, sendSms } = setUp();
    const attempts = new ActivityAttempts(T0);
    await attempts.failing(sendSms, [request()], { recordFails: true });
    assert.equal(countByRoute(api.requests)['POST /v1/messages'], undefined, 'no POST without the record');
    const retry = await attempts.next(sendSms, [request()]);
    assert.equal(retry.reconciled, false);
    assert.equal(outbound(api).length, 1);
  });

  test('a retry after the history read failed in every read of the first attempt sends, and does not take an identical earlier text for its own', async () => {
    const { api, sendSms } = setUp();
    // Another intent's identical text to the same human, a moment before this intent began.
    api.nowMs = T0 - 2_000;
    await new ActivityAttempts(T0 - 2_000).next(sendSms, [request({ intentKey: 'sms:a' })]);
    const earlier = outbound(api)[0]!;
    api.nowMs = T0;
    for (let i = 0; i < 4; i += 1) api.fault('GET /v1/numbers/{id}/messages', { status: 502 });
    const attempts = new ActivityAttempts(T0);
    const failed = asFailure(await attempts.failing(sendSms, [request({ intentKey: 'sms:b' })]));
    assert.equal(failed.nonRetryable, false);
    const retry = await attempts.next(sendSms, [request({ intentKey: 'sms:b' })]);
    assert.equal(retry.reconciled, false, 'the earlier text is not this intent’s');
    assert.notEqual(retry.messageId, earlier.id);
    assert.equal(outbound(api).length, 2, 'both intents texted');
  });

  test('a 503 and a 429 on the history read are read again within the attempt, waiting as Retry-After says', async () => {
    const { api, sendSms, waitedMs } = setUp();
    api.fault('GET /v1/numbers/{id}/messages', { status: 503 });
    api.fault('GET /v1/numbers/{id}/messages', { status: 429, headers: { 'retry-after': '2' } });
    const sent = await new ActivityAttempts(T0).next(sendSms, [request()]);
    assert.equal(sent.reconciled, false);
    assert.equal(countByRoute(api.requests)['GET /v1/numbers/{id}/messages'], 3);
    assert.equal(outbound(api).length, 1);
    assert.deepEqual(waitedMs, [250, 2_000]);
  });

  test('a failed agent look-up (the number to read the history of) is read again too', async () => {
    const { api, sendSms } = setUp();
    api.fault('GET /v1/agents/{id}', { status: 500 });
    await new ActivityAttempts(T0).next(sendSms, [request()]);
    assert.equal(countByRoute(api.requests)['GET /v1/agents/{id}'], 2);
    assert.equal(outbound(api).length, 1);
  });
});

describe('sendSms: consent and failures', () => {
  test('a number on the opt-out list is not texted: the result says suppressed, and no request is made', async () => {
    const { api, list, sendSmsAsIs } = setUp([STOPPED]);
    const result = await new ActivityAttempts(T0).next(sendSmsAsIs, [request()]);
    assert.deepEqual(result, { suppressed: true, toNumber: HUMAN, suppression: STOPPED });
    assert.deepEqual(countByRoute(api.requests), {}, 'zero AgentPhone requests');
    assert.deepEqual(list.checks, [{ number: HUMAN, contact: 'sms' }]);
  });

  test('a retry after an ambiguous failure finds its own text first, then honours an opt-out made since', async () => {
    const listed: Suppression[] = [];
    const { api, sendSmsAsIs } = setUp(listed);
    api.fault('POST /v1/messages', { status: 503 });
    const attempts = new ActivityAttempts(T0);
    await attempts.failing(sendSmsAsIs, [request()]);
    listed.push(STOPPED);
    const retry = await attempts.next(sendSmsAsIs, [request()]);
    assert.equal(retry.suppressed, true);
    assert.equal(outbound(api).length, 0);
    assert.equal(countByRoute(api.requests)['POST /v1/messages'], 1, 'only the failed first POST');
  });

  test('the message history no longer decides consent: a STOP there alone does not stop a text', async () => {
    const { api, sendSms } = setUp();
    api.addMessage({ direction: 'inbound', from: HUMAN, to: OUR_NUMBER, body: 'STOP' });
    await new ActivityAttempts(T0).next(sendSms, [request()]);
    assert.equal(outbound(api).length, 1);
  });

  test('the answer to HELP goes out after STOP, signed with the opt-out wording', async () => {
    const { api, list, sendSms } = setUp([STOPPED]);
    api.addMessage({
      direction: 'outbound',
      from: OUR_NUMBER,
      to: HUMAN,
      body: 'Ringflow: hello. Reply STOP to opt out.',
    });
    api.addMessage({ direction: 'inbound', from: HUMAN, to: OUR_NUMBER, body: 'STOP' });
    api.addMessage({ direction: 'inbound', from: HUMAN, to: OUR_NUMBER, body: 'HELP' });
    const sent = await new ActivityAttempts(T0).next(sendSms, [
      request({ body: HELP_ANSWER, helpAnswer: true }),
    ]);
    assert.equal(sent.body, `Ringflow: ${HELP_ANSWER} ${OPT_OUT_WORDING}`);
    assert.equal(outbound(api)[0]!.body, sent.body);
    assert.deepEqual(list.checks, [], 'a HELP answer is not checked against the list');
  });

  test('a 429 with Retry-After is retried after that delay', async () => {
    const { api, sendSms } = setUp();
    api.fault('POST /v1/messages', { status: 429, headers: { 'retry-after': '7' } });
    const failure = asFailure(await new ActivityAttempts(T0).failing(sendSms, [request()]));
    assert.equal(failure.type, 'RateLimitError');
    assert.equal(failure.nonRetryable, false);
    assert.equal(failure.nextRetryDelay, 7_000);
    assert.equal(outbound(api).length, 0);
  });

  test('an emergency number fails for good before any request', async () => {
    const { api, sendSms } = setUp();
    const failure = asFailure(
      await new ActivityAttempts(T0).failing(sendSms, [request({ toNumber: '911' })]),
    );
    assert.equal(failure.type, 'EmergencyNumberError');
    assert.equal(failure.nonRetryable, true);
    assert.deepEqual(countByRoute(api.requests), {});
  });
});
