/**
 * Route faults over real HTTP: scripted statuses with Retry-After, latency, timeouts, and
 * commit-then-drop, where the request takes effect but the caller sees a dropped connection.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';

import { startSimulator, type RunningSimulator } from './harness';

describe('route faults', () => {
  let sim: RunningSimulator;
  before(async () => {
    sim = await startSimulator();
  });
  afterEach(async () => {
    await sim.call('DELETE', '/_sim/faults');
  });
  after(() => sim.close());

  const callBody = () => ({
    agentId: sim.sim.account.agentId,
    toNumber: '+14155550100',
    systemPrompt: 'Say hi.',
  });
  const callCount = async () => (await sim.call('GET', '/_sim/calls')).body.data.length as number;

  test('a 429 fault answers with Retry-After in the API error shape, then the route works again', async () => {
    await sim.call('POST', '/_sim/faults', { on: 'POST /v1/calls', status: 429, retryAfterSec: 7, times: 1 });
    const before = await callCount();
    const limited = await sim.api('POST', '/v1/calls', callBody());
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '7');
    assert.ok(Number(limited.headers.get('x-ratelimit-reset')) > Date.now() / 1000);
    assert.equal(limited.body.error.code, 'RATE_LIMIT_EXCEEDED');
    assert.match(limited.headers.get('x-request-id') ?? '', /^req_/);
    assert.equal(await callCount(), before, 'a refused request has no effect');
    assert.equal((await sim.api('POST', '/v1/calls', callBody())).status, 200);
  });

  test('500 and 503 faults apply to their route only, for as many times as asked', async () => {
    await sim.call('POST', '/_sim/faults', [
      { on: 'POST /v1/messages', status: 500, times: 2 },
      { on: 'GET /v1/calls/{call_id}', status: 503, times: 1 },
    ]);
    const send = () =>
      sim.api('POST', '/v1/messages', {
        agent_id: sim.sim.account.agentId,
        to_number: '+14155550100',
        body: 'hi',
      });
    assert.equal((await send()).status, 500);
    assert.equal((await send()).status, 500);
    assert.equal((await send()).status, 200);
    const placed = await sim.api('POST', '/v1/calls', callBody());
    const unavailable = await sim.api('GET', `/v1/calls/${placed.body.id}`);
    assert.equal(unavailable.status, 503);
    assert.equal(unavailable.body.detail, 'Simulated 503 (fault injection)');
    assert.equal((await sim.api('GET', `/v1/calls/${placed.body.id}`)).status, 200);
  });

  test('a latency fault delays the answer but not its content', async () => {
    await sim.call('POST', '/_sim/faults', { on: 'GET /v1/usage', latencyMs: 250, times: 1 });
    const started = Date.now();
    const slow = await sim.api('GET', '/v1/usage');
    assert.ok(Date.now() - started >= 240);
    assert.equal(slow.status, 200);
    assert.equal(slow.body.plan.name, 'payg');
  });

  test('a timeout fault never answers, so the caller gives up', async () => {
    await sim.call('POST', '/_sim/faults', { on: 'GET /v1/numbers', timeout: true, times: 1 });
    await assert.rejects(
      fetch(`${sim.baseUrl}/v1/numbers`, {
        headers: { authorization: `Bearer ${sim.sim.account.apiKey}` },
        signal: AbortSignal.timeout(200),
      }),
      (err: Error) => err.name === 'TimeoutError',
    );
  });

  test('commit-then-drop on POST /v1/calls places the call but the caller sees a dropped connection', async () => {
    await sim.call('POST', '/_sim/faults', { on: 'POST /v1/calls', commitThenDrop: true, times: 1 });
    const before = await callCount();
    await assert.rejects(
      sim.api('POST', '/v1/calls', { ...callBody(), toNumber: '+14155550199' }),
      TypeError,
    );
    const calls = (await sim.call('GET', '/_sim/calls')).body.data as { toNumber: string }[];
    assert.equal(calls.length, before + 1);
    assert.ok(
      calls.some((c) => c.toNumber === '+14155550199'),
      'the call exists',
    );
    const log = (await sim.call('GET', '/_sim/requests')).body.data as {
      path: string;
      dropped: boolean;
      status: number;
    }[];
    assert.ok(log.some((r) => r.path === '/v1/calls' && r.dropped && r.status === 200));
  });

  test('commit-then-drop on POST /v1/messages sends the text but the caller sees a dropped connection', async () => {
    await sim.call('POST', '/_sim/faults', { on: 'POST /v1/messages', commitThenDrop: true, times: 1 });
    await assert.rejects(
      sim.api('POST', '/v1/messages', {
        agent_id: sim.sim.account.agentId,
        to_number: '+14155550111',
        body: 'Sent once?',
      }),
      TypeError,
    );
    const messages = (await sim.call('GET', '/_sim/messages')).body.data as { to: string; body: string }[];
    assert.equal(messages.filter((m) => m.to === '+14155550111' && m.body === 'Sent once?').length, 1);
  });

  test('fault specs are validated', async () => {
    const bad = await sim.call('POST', '/_sim/faults', { on: 'POST /v1/calls' });
    assert.equal(bad.status, 422);
    const listed = await sim.call('GET', '/_sim/faults');
    assert.deepEqual(listed.body.data, []);
  });
});
