import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApplicationFailure } from '@temporalio/common';
import { isCallLive } from '../../../agentphone';
import { createCallActivities, type PlaceCallRequest, type PlacedCall } from '../../../activities/calls';
import type { Suppression } from '../../../common/opt-out';
import { silentLogger } from '../../../common/process/logger';
import { classifyCallEnd } from '../../../outcome/reservation';
import { countByRoute } from '../../helpers/routes';
import { ActivityAttempts, instantPauses, recordAsHeartbeat } from './attempts';
import { AGENT_ID, FakeAgentPhone } from './fake-agentphone';

const T0 = Date.parse('2026-12-01T10:00:00Z');
const RESTAURANT = '+14155550123';

function setUp(listed: Suppression[] = []) {
  const api = new FakeAgentPhone(T0);
  const checked: string[] = [];
  const pauses = instantPauses();
  const activities = createCallActivities({
    agentphone: api.client,
    logger: silentLogger,
    defaultAgentId: AGENT_ID,
    suppressionOf: async (number, contact) => {
      checked.push(`${contact} ${number}`);
      return listed.find((s) => s.number === number);
    },
    recordIntent: recordAsHeartbeat,
    pauseBeforeReread: pauses.pause,
  });
  return {
    api,
    checked,
    /** Every wait between look-up retries within an attempt, in ms. */
    waitedMs: pauses.waitedMs,
    /** placeCall for a number that is not listed: a suppressed result fails the test. */
    placeCall: async (r: PlaceCallRequest): Promise<PlacedCall> => {
      const result = await activities.placeCall(r);
      assert.equal(result.suppressed, false, 'not suppressed');
      return result;
    },
    placeCallAsIs: (r: PlaceCallRequest) => activities.placeCall(r),
    fetchCall: (r: { callId: string }) => activities.fetchCall(r),
  };
}

const request = (overrides: Partial<PlaceCallRequest> = {}): PlaceCallRequest => ({
  intentKey: 'reservation:r1:call:1',
  toNumber: RESTAURANT,
  systemPrompt: 'Book a table for 2.',
  ...overrides,
});

function asFailure(err: unknown): ApplicationFailure {
  assert.ok(err instanceof ApplicationFailure, `expected an ApplicationFailure, got ${String(err)}`);
  return err;
}

const LISTED: Suppression = {
  number: RESTAURANT,
  channel: 'voice',
  reason: 'said: "stop calling me"',
  source: 'call_earlier',
  at: '2026-12-01T09:00:00.000Z',
};

describe('placeCall: the opt-out list', () => {
  test('a number on the opt-out list is not called: the result says suppressed, and no request is made', async () => {
    const { api, checked, placeCallAsIs } = setUp([LISTED]);
    const result = await new ActivityAttempts(T0).next(placeCallAsIs, [request()]);
    assert.deepEqual(result, {
      suppressed: true,
      agentId: AGENT_ID,
      toNumber: RESTAURANT,
      suppression: LISTED,
    });
    assert.deepEqual(countByRoute(api.requests), {}, 'zero AgentPhone requests');
    assert.deepEqual(checked, [`call ${RESTAURANT}`]);
  });

  test('a retry reports the call an earlier attempt placed even if the number was listed since', async () => {
    const listed: Suppression[] = [];
    const { api, placeCallAsIs } = setUp(listed);
    api.fault('POST /v1/calls', { commitThenLose: true });
    const attempts = new ActivityAttempts(T0);
    await attempts.failing(placeCallAsIs, [request()]);
    listed.push(LISTED);
    const retry = await attempts.next(placeCallAsIs, [request()]);
    assert.equal(retry.suppressed, false, 'the live call is reported, so the workflow can follow it');
    assert.equal(countByRoute(api.requests)['POST /v1/calls'], 1);
  });

  test('a retry whose first POST never committed honours an opt-out made since', async () => {
    const listed: Suppression[] = [];
    const { api, placeCallAsIs } = setUp(listed);
    api.fault('POST /v1/calls', { status: 503 });
    const attempts = new ActivityAttempts(T0);
    await attempts.failing(placeCallAsIs, [request()]);
    listed.push(LISTED);
    const retry = await attempts.next(placeCallAsIs, [request()]);
    assert.equal(retry.suppressed, true);
    assert.equal(countByRoute(api.requests)['POST /v1/calls'], 1, 'only the failed first POST');
  });

  test('another number is checked and called as usual', async () => {
    const { api, checked, placeCall } = setUp([{ ...LISTED, number: '+14155550999' }]);
    await new ActivityAttempts(T0).next(placeCall, [request()]);
    assert.equal(countByRoute(api.requests)['POST /v1/calls'], 1);
    assert.deepEqual(checked, [`call ${RESTAURANT}`]);
  });
});

describe('placeCall: exactly once per intent', () => {
  test('a first attempt lists calls to the number, records them, and posts once', async () => {
    const { api, placeCall } = setUp();
    const earlier = api.addCall({
      toNumber: RESTAURANT,
      status: 'completed',
      endedAt: new Date(T0).toISOString(),
    });
    const attempts = new ActivityAttempts(T0);
    const placed = await attempts.next(placeCall, [request()]);
    assert.equal(placed.reconciled, false);
    assert.deepEqual(countByRoute(api.requests), { 'GET /v1/calls': 1, 'POST /v1/calls': 1 });
    assert.deepEqual(attempts.heartbeats, [{ existingIds: [earlier.id] }]);
  });

  test('does not place a second call when the first POST committed but the response was lost', async () => {
    const { api, placeCall } = setUp();
    api.fault('POST /v1/calls', { commitThenLose: true });
    const attempts = new ActivityAttempts(T0);
    const lost = asFailure(await attempts.failing(placeCall, [request()]));
    assert.equal(lost.nonRetryable, false, 'a lost response is retried');
    const retry = await attempts.next(placeCall, [request()]);
    assert.equal(retry.reconciled, true);
    assert.equal(retry.callId, api.calls[0]!.id);
    assert.deepEqual(countByRoute(api.requests), { 'GET /v1/calls': 2, 'POST /v1/calls': 1 });
  });

  test('calls on the retry when the first POST never reached the API', async () => {
    const { api, placeCall } = setUp();
    api.fault('POST /v1/calls', { lostBeforeCommit: true });
    const attempts = new ActivityAttempts(T0);
    await attempts.failing(placeCall, [request()]);
    const retry = await attempts.next(placeCall, [request()]);
    assert.equal(retry.reconciled, false);
    assert.equal(api.calls.length, 1);
    assert.deepEqual(countByRoute(api.requests), { 'GET /v1/calls': 2, 'POST /v1/calls': 2 });
  });

  test('a retry of a second call to a number called 10 s earlier does not take that call for its own', async () => {
    const { api, placeCall } = setUp();
    const first = await new ActivityAttempts(T0).next(placeCall, [request({ intentKey: 'call:a' })]);
    api.nowMs = T0 + 10_000;
    api.fault('POST /v1/calls', { lostBeforeCommit: true });
    const second = new ActivityAttempts(T0 + 10_000);
    await second.failing(placeCall, [request({ intentKey: 'call:b' })]);
    const retry = await second.next(placeCall, [request({ intentKey: 'call:b' })]);
    assert.equal(retry.reconciled, false, 'the first intent’s live call is not the second one’s');
    assert.notEqual(retry.callId, first.callId);
    assert.equal(api.calls.length, 2, 'both intents called');
  });

  test('does not post when what the attempt saw cannot be recorded in Temporal first', async () => {
    const { api, placeCall } = setUp();
    const attempts = new ActivityAttempts(T0);
    await attempts.failing(placeCall, [request()], { recordFails: true });
    assert.deepEqual(countByRoute(api.requests), { 'GET /v1/calls': 1 }, 'no POST without the record');
    const retry = await attempts.next(placeCall, [request()]);
    assert.equal(retry.reconciled, false);
    assert.equal(api.calls.length, 1);
  });

  test('a 409 concurrency cap with Retry-After is retried after that delay', async () => {
    const { api, placeCall } = setUp();
    api.fault('POST /v1/calls', { status: 409, headers: { 'retry-after': '12' } });
    const failure = asFailure(await new ActivityAttempts(T0).failing(placeCall, [request()]));
    assert.equal(failure.type, 'ConflictError');
    assert.equal(failure.nonRetryable, false);
    assert.equal(failure.nextRetryDelay, 12_000);
    assert.equal(api.calls.length, 0);
  });

  test('an emergency number fails for good before any request', async () => {
    const { api, placeCall } = setUp();
    const failure = asFailure(
      await new ActivityAttempts(T0).failing(placeCall, [request({ toNumber: '911' })]),
    );
    assert.equal(failure.type, 'EmergencyNumberError');
    assert.equal(failure.nonRetryable, true);
    assert.deepEqual(countByRoute(api.requests), {});
  });
});

describe('placeCall: a failed look-up is read again, never guessed around', () => {
  /**
   * The contact's previous call (a campaign's first try, busy), started 5 s before this intent and
   * ended as it began — by the API's clock, half a second ahead of the worker's.
   */
  const previousCall = (api: FakeAgentPhone) =>
    api.addCall({
      toNumber: RESTAURANT,
      status: 'busy',
      startedAt: new Date(T0 - 5_000).toISOString(),
      endedAt: new Date(T0 + 500).toISOString(),
    });

  test('a retry after the look-up failed in every read of the first attempt dials, and does not take the contact’s previous call for its own', async () => {
    const { api, placeCall } = setUp();
    const previous = previousCall(api);
    for (let i = 0; i < 4; i += 1) api.fault('GET /v1/calls', { status: 503 });
    const attempts = new ActivityAttempts(T0);
    const failed = asFailure(await attempts.failing(placeCall, [request()]));
    assert.equal(failed.type, 'InternalServerError');
    assert.equal(failed.nonRetryable, false);
    assert.equal(countByRoute(api.requests)['POST /v1/calls'], undefined, 'nothing posted yet');
    const retry = await attempts.next(placeCall, [request()]);
    assert.equal(retry.reconciled, false, 'the previous call is not this intent’s');
    assert.notEqual(retry.callId, previous.id);
    assert.equal(countByRoute(api.requests)['POST /v1/calls'], 1);
    assert.deepEqual(attempts.heartbeats, [{ existingIds: [previous.id] }]);
  });

  test('a 503 and a 429 on the look-up are read again within the attempt, waiting as Retry-After says', async () => {
    const { api, placeCall, waitedMs } = setUp();
    previousCall(api);
    api.fault('GET /v1/calls', { status: 503 });
    api.fault('GET /v1/calls', { status: 429, headers: { 'retry-after': '3' } });
    const placed = await new ActivityAttempts(T0).next(placeCall, [request()]);
    assert.equal(placed.reconciled, false);
    assert.deepEqual(countByRoute(api.requests), { 'GET /v1/calls': 3, 'POST /v1/calls': 1 });
    assert.deepEqual(waitedMs, [250, 3_000], 'backoff, then the server’s Retry-After');
  });

  test('a Retry-After longer than the attempt’s read budget goes to Temporal’s retry, with nothing posted', async () => {
    const { api, placeCall, waitedMs } = setUp();
    api.fault('GET /v1/calls', { status: 429, headers: { 'retry-after': '20' } });
    const failure = asFailure(await new ActivityAttempts(T0).failing(placeCall, [request()]));
    assert.equal(failure.type, 'RateLimitError');
    assert.equal(failure.nextRetryDelay, 20_000);
    assert.deepEqual(waitedMs, [], 'not waited out inside the attempt');
    assert.deepEqual(countByRoute(api.requests), { 'GET /v1/calls': 1 });
  });

  test('a look-up refused for good (401) is not read again', async () => {
    const { api, placeCall } = setUp();
    api.fault('GET /v1/calls', { status: 401 });
    const failure = asFailure(await new ActivityAttempts(T0).failing(placeCall, [request()]));
    assert.equal(failure.nonRetryable, true);
    assert.deepEqual(countByRoute(api.requests), { 'GET /v1/calls': 1 });
  });

  test('a retry whose first attempt posted and lost the response, after a failed look-up of its own, still finds that call', async () => {
    const { api, placeCall } = setUp();
    const previous = previousCall(api);
    api.fault('POST /v1/calls', { commitThenLose: true });
    const attempts = new ActivityAttempts(T0);
    await attempts.failing(placeCall, [request()]);
    for (let i = 0; i < 4; i += 1) api.fault('GET /v1/calls', { status: 500 });
    await attempts.failing(placeCall, [request()]);
    const third = await attempts.next(placeCall, [request()]);
    assert.equal(third.reconciled, true);
    assert.notEqual(third.callId, previous.id);
    assert.equal(countByRoute(api.requests)['POST /v1/calls'], 1, 'one call for the intent');
  });
});

describe('one rule for a live call', () => {
  const statuses = [
    'initiated',
    'queued',
    'ringing',
    'in-progress',
    'in_progress',
    'ending',
    'completed',
    'failed',
    'busy',
    'no-answer',
    'no_answer',
    'canceled',
  ];

  test('statuses that may still change are live, terminal ones are not, unknown ones are live', () => {
    assert.deepEqual(
      statuses.filter((s) => isCallLive(s)),
      ['initiated', 'queued', 'ringing', 'in-progress', 'in_progress', 'ending'],
    );
  });

  test('fetchCall and the outcome reader agree on every status', async () => {
    for (const status of statuses) {
      const { api, fetchCall } = setUp();
      const call = api.addCall({ toNumber: RESTAURANT, status });
      const fetched = await new ActivityAttempts(T0).next(fetchCall, [{ callId: call.id }]);
      const unclear =
        classifyCallEnd({ status, disconnectionReason: null, transcript: [] }, [])?.kind === 'unclear';
      assert.equal(fetched.ended, !isCallLive(status), status);
      assert.equal(unclear, isCallLive(status), status);
      assert.equal(
        countByRoute(api.requests)['GET /v1/calls/{id}/transcript'],
        fetched.ended ? 1 : undefined,
        status,
      );
    }
  });
});
