import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApplicationFailure } from '@temporalio/common';
import { APIConnectionError, makeAPIError } from '../../../agentphone';
import { dialableOrFail, resolveAgentId, toActivityFailure } from '../../../activities/failures';

const apiError = (status: number, headers: Record<string, string> = {}, path = '/v1/messages') =>
  makeAPIError({ status, headers, body: { detail: `status ${status}` }, method: 'POST', path });

function asFailure(err: unknown): ApplicationFailure {
  assert.ok(err instanceof ApplicationFailure, `expected an ApplicationFailure, got ${String(err)}`);
  return err;
}

describe('client errors become Temporal failures', () => {
  test('a 429 is retryable after the server’s Retry-After, typed by the error name', () => {
    const failure = asFailure(toActivityFailure(apiError(429, { 'retry-after': '7' })));
    assert.equal(failure.type, 'RateLimitError');
    assert.equal(failure.nonRetryable, false);
    assert.equal(failure.nextRetryDelay, 7_000);
  });

  test('a 409 on POST /v1/calls (the concurrency cap) is retryable; on another route it is not', () => {
    assert.equal(asFailure(toActivityFailure(apiError(409, {}, '/v1/calls'))).nonRetryable, false);
    assert.equal(asFailure(toActivityFailure(apiError(409, {}, '/v1/agents'))).nonRetryable, true);
  });

  test('validation, auth and permission errors are not retried', () => {
    for (const status of [400, 401, 403, 404, 422]) {
      assert.equal(asFailure(toActivityFailure(apiError(status))).nonRetryable, true, String(status));
    }
  });

  test('a 5xx and a lost connection are retried (the next attempt reconciles first)', () => {
    assert.equal(asFailure(toActivityFailure(apiError(503))).nonRetryable, false);
    const lost = new APIConnectionError({ method: 'POST', path: '/v1/calls' }, 'socket hang up');
    const failure = asFailure(toActivityFailure(lost));
    assert.equal(failure.type, 'APIConnectionError');
    assert.equal(failure.nonRetryable, false);
  });

  test('errors that are not the client’s pass through untouched', () => {
    const error = new TypeError('bug');
    assert.equal(toActivityFailure(error), error);
  });
});

describe('bad input fails for good before any request', () => {
  test('an emergency number is a non-retryable EmergencyNumberError', () => {
    for (const number of ['911', '+1 911', '988', '411']) {
      assert.throws(
        () => dialableOrFail(number),
        (err: unknown) =>
          asFailure(err).type === 'EmergencyNumberError' && asFailure(err).nonRetryable === true,
        number,
      );
    }
  });

  test('a malformed number is a non-retryable InvalidPhoneNumberError; a good one is normalised', () => {
    assert.throws(
      () => dialableOrFail('12345'),
      (err: unknown) => asFailure(err).type === 'InvalidPhoneNumberError',
    );
    assert.equal(dialableOrFail('(415) 555-0123'), '+14155550123');
  });

  test('no agent named and none configured is a non-retryable configuration failure', () => {
    assert.equal(resolveAgentId(undefined, 'agt_default'), 'agt_default');
    assert.equal(resolveAgentId('agt_named', 'agt_default'), 'agt_named');
    assert.throws(
      () => resolveAgentId(undefined, undefined),
      (err: unknown) => asFailure(err).type === 'ConfigError',
    );
  });
});
