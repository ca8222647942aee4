import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';

import {
  AgentPhone,
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  ConflictError,
  RateLimitError,
  ResponseValidationError,
  UnprocessableEntityError,
  isRetryable,
  retryAfterMs,
} from '../../../agentphone';
import { createLogger } from '../../../common/process/logger';
import * as f from './helpers/fixtures';
import { ScriptedServer } from './helpers/scripted-server';
import { countByRoute } from '../../helpers/routes';

const AGENT = 'agt_0a1b2c3d4e5f6071';

describe('AgentPhone client failures', () => {
  const server = new ScriptedServer();
  const sleeps: number[] = [];
  let client: AgentPhone;

  before(async () => {
    await server.start();
    client = new AgentPhone({
      apiKey: 'sk_live_testkey',
      baseUrl: server.url,
      maxRetries: 2,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
  });
  after(async () => {
    await client.close();
    await server.stop();
  });

  const statusCases = [
    { status: 400, name: 'BadRequestError', retryable: false },
    { status: 401, name: 'AuthenticationError', retryable: false },
    { status: 402, name: 'APIError', retryable: false },
    { status: 403, name: 'PermissionDeniedError', retryable: false },
    { status: 404, name: 'NotFoundError', retryable: false },
    { status: 409, name: 'ConflictError', retryable: false },
    { status: 422, name: 'UnprocessableEntityError', retryable: false },
    { status: 429, name: 'RateLimitError', retryable: true },
    { status: 500, name: 'InternalServerError', retryable: true },
    { status: 502, name: 'InternalServerError', retryable: true },
    { status: 503, name: 'InternalServerError', retryable: true },
  ];

  for (const { status, name, retryable } of statusCases) {
    test(`maps ${status} with a FastAPI detail body to ${name}`, async () => {
      server.reply({
        status,
        body: { detail: `nope ${status}` },
        headers: { 'x-request-id': `req_${status}` },
      });
      const error = await client.agents.retrieve(AGENT, { maxRetries: 0 }).then(
        () => assert.fail('expected a failure'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof APIError);
      assert.equal(error.name, name);
      assert.equal(error.status, status);
      assert.equal(error.requestId, `req_${status}`);
      assert.equal(error.detail, `nope ${status}`);
      assert.deepEqual(error.body, { detail: `nope ${status}` });
      assert.equal(error.retryable, retryable);
      assert.equal(isRetryable(error), retryable);
    });
  }

  test('reads the documented error envelope: message and code', async () => {
    server.reply({
      status: 409,
      body: {
        detail: 'Phone number limit reached',
        error: {
          message: 'Phone number limit reached',
          code: 'VALIDATION_ERROR_NUMBER_LIMIT',
          type: 'validation_error',
          details: [],
        },
      },
    });
    const error = await client.numbers.create({ areaCode: '415' }).catch((e: unknown) => e);
    assert.ok(error instanceof ConflictError);
    assert.equal(error.code, 'VALIDATION_ERROR_NUMBER_LIMIT');
    assert.equal(error.detail, 'Phone number limit reached');
  });

  test('reads an envelope without detail', async () => {
    server.reply({ status: 400, body: { error: { message: 'Invalid code', code: 'BAD_OTP' } } });
    const error = await client.account
      .verify({ verification_id: 'ver_1', otp_code: '000000' })
      .catch((e: unknown) => e);
    assert.ok(error instanceof APIError);
    assert.equal(error.name, 'BadRequestError');
    assert.equal(error.detail, 'Invalid code');
    assert.equal(error.code, 'BAD_OTP');
  });

  test('exposes field-level issues of a 422 from the FastAPI detail array', async () => {
    server.reply({
      status: 422,
      body: { detail: [{ loc: ['body', 'toNumber'], msg: 'field required', type: 'missing' }] },
    });
    const error = await client.agents.update(AGENT, { name: 'x' }).catch((e: unknown) => e);
    assert.ok(error instanceof UnprocessableEntityError);
    assert.deepEqual(error.issues, [{ loc: ['body', 'toNumber'], msg: 'field required', type: 'missing' }]);
    assert.match(error.message, /body\.toNumber: field required/);
  });

  test('exposes field-level issues of a 422 from the envelope details', async () => {
    server.reply({
      status: 422,
      body: {
        error: {
          message: 'bad',
          code: 'VALIDATION_ERROR',
          details: [{ field: 'url', message: 'must be https' }],
        },
      },
    });
    const error = await client.webhooks.set({ url: 'https://x.example.com' }).catch((e: unknown) => e);
    assert.ok(error instanceof UnprocessableEntityError);
    assert.deepEqual(error.issues, [{ loc: ['body', 'url'], msg: 'must be https' }]);
  });

  test('keeps a non-JSON error body as text', async () => {
    server.reply({ status: 502, body: 'Bad Gateway from carrier' });
    const error = await client.agents.retrieve(AGENT, { maxRetries: 0 }).catch((e: unknown) => e);
    assert.ok(error instanceof APIError);
    assert.equal(error.body, 'Bad Gateway from carrier');
    assert.equal(error.detail, 'Bad Gateway from carrier');
  });

  test('honours Retry-After seconds on a 429 and then succeeds', async () => {
    sleeps.length = 0;
    server.reply(
      { status: 429, headers: { 'retry-after': '3' }, body: { detail: 'slow down' } },
      { body: f.agent() },
    );
    const agent = await client.agents.retrieve(AGENT);
    assert.equal(agent.id, AGENT);
    assert.deepEqual(countByRoute(server.requests), { 'GET /v1/agents/{id}': 2 });
    assert.deepEqual(sleeps, [3000]);
  });

  test('honours Retry-After as an HTTP date', async () => {
    sleeps.length = 0;
    const inFiveSeconds = new Date(Date.now() + 5_000).toUTCString();
    server.reply(
      { status: 503, headers: { 'retry-after': inFiveSeconds }, body: { detail: 'busy' } },
      { body: f.agent() },
    );
    await client.agents.retrieve(AGENT);
    assert.equal(sleeps.length, 1);
    assert.ok(sleeps[0]! > 3_000 && sleeps[0]! <= 5_000, `slept ${sleeps[0]} ms`);
  });

  test('falls back to X-RateLimit-Reset epoch seconds and caps long waits', async () => {
    server.reply({
      status: 429,
      headers: { 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600) },
      body: {},
    });
    const error = await client.agents.retrieve(AGENT, { maxRetries: 0 }).catch((e: unknown) => e);
    assert.ok(error instanceof RateLimitError);
    assert.equal(error.retryAfterMs, 60_000);
    assert.equal(retryAfterMs(error), 60_000);
  });

  test('gives up after maxRetries retryable failures', async () => {
    sleeps.length = 0;
    server.reply({ status: 500, body: { detail: 'boom' } });
    await assert.rejects(client.agents.retrieve(AGENT), { name: 'InternalServerError' });
    assert.deepEqual(countByRoute(server.requests), { 'GET /v1/agents/{id}': 3 });
    assert.equal(sleeps.length, 2);
  });

  test('sends exactly one request when maxRetries is 0 for the call', async () => {
    server.reply({ status: 500, body: { detail: 'boom' } });
    await assert.rejects(client.agents.retrieve(AGENT, { maxRetries: 0 }), { name: 'InternalServerError' });
    assert.deepEqual(countByRoute(server.requests), { 'GET /v1/agents/{id}': 1 });
  });

  test('does not retry a non-retryable 4xx', async () => {
    server.reply({ status: 404, body: { detail: 'Agent not found' } }, { body: f.agent() });
    await assert.rejects(client.agents.retrieve(AGENT), { name: 'NotFoundError' });
    assert.deepEqual(countByRoute(server.requests), { 'GET /v1/agents/{id}': 1 });
  });

  test('a 500 on calls.create makes exactly one request', async () => {
    server.reply(
      { status: 500, body: { detail: 'boom' } },
      { body: { id: 'call_1', agentId: AGENT, toNumber: '+14155559999', status: 'in-progress' } },
    );
    await assert.rejects(
      client.calls.create({ agentId: AGENT, toNumber: '+14155559999' }, { maxRetries: 5 }),
      { name: 'InternalServerError' },
    );
    assert.deepEqual(countByRoute(server.requests), { 'POST /v1/calls': 1 });
  });

  test('a 500 on messages.send makes exactly one request', async () => {
    server.reply({ status: 500, body: { detail: 'boom' } });
    await assert.rejects(
      client.messages.send({ agent_id: AGENT, to_number: '+14155559999', body: 'hi' }, { maxRetries: 5 }),
      { name: 'InternalServerError' },
    );
    assert.deepEqual(countByRoute(server.requests), { 'POST /v1/messages': 1 });
  });

  test('a 409 on calls.create is the concurrency cap: retryable, with its Retry-After', async () => {
    server.reply({
      status: 409,
      headers: { 'retry-after': '7' },
      body: { detail: 'Too many concurrent calls' },
    });
    const error = await client.calls
      .create({ agentId: AGENT, toNumber: '+14155559999' })
      .catch((e: unknown) => e);
    assert.ok(error instanceof ConflictError);
    assert.equal(error.retryable, true);
    assert.equal(retryAfterMs(error), 7_000);
    assert.deepEqual(countByRoute(server.requests), { 'POST /v1/calls': 1 });
  });

  test('a 409 elsewhere is not retryable', async () => {
    server.reply({ status: 409, body: { detail: 'Call is not in progress' } });
    const error = await client.calls.end('call_1').catch((e: unknown) => e);
    assert.ok(error instanceof ConflictError);
    assert.equal(error.retryable, false);
    assert.deepEqual(countByRoute(server.requests), { 'POST /v1/calls/{id}/end': 1 });
  });

  test('refuses emergency and invalid numbers before any I/O', async () => {
    server.reply({ body: {} });
    await assert.rejects(client.calls.create({ agentId: AGENT, toNumber: '+1911' }), {
      name: 'EmergencyNumberError',
    });
    await assert.rejects(client.calls.create({ agentId: AGENT, toNumber: '+12115551234' }), {
      name: 'EmergencyNumberError',
    });
    await assert.rejects(client.messages.send({ agent_id: AGENT, to_number: '988', body: 'hi' }), {
      name: 'EmergencyNumberError',
    });
    await assert.rejects(client.calls.create({ agentId: AGENT, toNumber: '+18765551234' }), {
      name: 'InvalidPhoneNumberError',
    });
    await assert.rejects(client.messages.send({ agent_id: AGENT, to_number: 'not a number', body: 'hi' }), {
      name: 'InvalidPhoneNumberError',
    });
    assert.deepEqual(countByRoute(server.requests), {});
  });

  test('a slow response becomes APIConnectionTimeoutError, which is retryable', async () => {
    server.reply({ delayMs: 300, body: f.agent() });
    const error = await client.agents
      .retrieve(AGENT, { timeoutMs: 50, maxRetries: 0 })
      .catch((e: unknown) => e);
    assert.ok(error instanceof APIConnectionTimeoutError);
    assert.equal(error.name, 'APIConnectionTimeoutError');
    assert.equal(error.retryable, true);
  });

  test('a timed-out calls.create is not sent again', async () => {
    server.reply({ delayMs: 300, body: {} });
    await assert.rejects(
      client.calls.create({ agentId: AGENT, toNumber: '+14155559999' }, { timeoutMs: 50 }),
      {
        name: 'APIConnectionTimeoutError',
      },
    );
    assert.deepEqual(countByRoute(server.requests), { 'POST /v1/calls': 1 });
  });

  test('a dropped connection becomes APIConnectionError and is retried for reads', async () => {
    sleeps.length = 0;
    server.reply({ drop: true }, { body: f.agent() });
    const agent = await client.agents.retrieve(AGENT);
    assert.equal(agent.id, AGENT);
    assert.deepEqual(countByRoute(server.requests), { 'GET /v1/agents/{id}': 2 });

    server.reply({ drop: true });
    const error = await client.agents.retrieve(AGENT, { maxRetries: 0 }).catch((e: unknown) => e);
    assert.ok(error instanceof APIConnectionError);
    assert.equal(error.name, 'APIConnectionError');
  });

  test('a caller abort is passed through, not retried', async () => {
    server.reply({ delayMs: 300, body: f.agent() });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('caller gave up')), 30);
    await assert.rejects(client.agents.retrieve(AGENT, { signal: controller.signal }), {
      message: 'caller gave up',
    });
    assert.deepEqual(countByRoute(server.requests), { 'GET /v1/agents/{id}': 1 });
  });

  test('a 2xx body missing a required field raises ResponseValidationError with the raw body', async () => {
    const body = { id: 'call_1', fromNumber: '+14155551234', toNumber: '+14155559999', startedAt: f.T };
    server.reply({ body });
    const error = await client.calls.retrieve('call_1').catch((e: unknown) => e);
    assert.ok(error instanceof ResponseValidationError);
    assert.equal(error.name, 'ResponseValidationError');
    assert.equal(error.rawBody, JSON.stringify(body));
    assert.deepEqual(
      error.issues.map((issue) => issue.path.join('.')),
      ['status'],
    );
    assert.equal(error.retryable, false);
  });

  test('a 2xx body that is not JSON raises ResponseValidationError', async () => {
    server.reply({ body: '<html>oops</html>' });
    const error = await client.agents.retrieve(AGENT).catch((e: unknown) => e);
    assert.ok(error instanceof ResponseValidationError);
    assert.equal(error.rawBody, '<html>oops</html>');
  });

  test('accepts unknown extra fields in responses and keeps them', async () => {
    server.reply({ body: { ...f.agent(), brandNewField: 42 } });
    const agent = await client.agents.retrieve(AGENT);
    assert.equal(agent.brandNewField, 42);
  });

  test('isRetryable says no to foreign errors and retryAfterMs gives undefined', () => {
    assert.equal(isRetryable(new Error('x')), false);
    assert.equal(isRetryable('x'), false);
    assert.equal(retryAfterMs(new Error('x')), undefined);
  });

  test('logs method, path, status, duration and request id but never the key or secrets', async () => {
    const lines: string[] = [];
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
    const logged = new AgentPhone({
      apiKey: 'sk_live_TOPSECRETKEY',
      baseUrl: server.url,
      logger: createLogger({ level: 'debug', destination: stream }),
      sleep: async () => {},
    });
    try {
      server.reply({
        body: {
          account_id: 'acct_1',
          agent_id: AGENT,
          number_id: 'num_1',
          phone_number: '+14155551234',
          api_key: 'sk_live_FRESHKEY',
        },
        headers: { 'x-request-id': 'req_abc' },
      });
      await logged.account.verify({ verification_id: 'ver_1', otp_code: '123456' });
      server.reply({ body: f.webhook() });
      await logged.webhooks.get();
      server.reply(
        { status: 429, headers: { 'retry-after': '0' }, body: { detail: 'slow' } },
        { body: f.agent() },
      );
      await logged.agents.retrieve(AGENT);
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      await logged.close();
    }
    const all = lines.join('\n');
    for (const secret of [
      'sk_live_TOPSECRETKEY',
      'sk_live_FRESHKEY',
      'whsec_supersecretvalue123',
      'Bearer',
      '123456',
    ]) {
      assert.ok(!all.includes(secret), `log output contains ${secret}`);
    }
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const verify = entries.find((entry) => entry.path === '/v0/agent/verify');
    assert.ok(verify, 'the verify request was logged');
    assert.equal(verify.method, 'POST');
    assert.equal(verify.status, 200);
    assert.equal(verify.requestId, 'req_abc');
    assert.equal(typeof verify.durationMs, 'number');
    assert.ok(
      entries.some((entry) => entry.status === 429),
      'the failed attempt was logged',
    );
  });
});
