/**
 * The API's plumbing and the simulated clock: sign-up and verify, error shapes and request ids, rate
 * limits, and calls that live on the clock in realtime, factor and instant modes.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { startSimulator, untilEnded } from './harness';

describe('sign-up, verify and the API shell', () => {
  test('sign-up emails a code; verify provisions account, hosted agent, number and key atomically', async () => {
    const sim = await startSimulator({ readyAccount: false });
    try {
      const signUp = await sim.call('POST', '/v0/agent/sign-up', {
        human_email: 'Owner@Example.com',
        agent_name: 'Front desk',
      });
      assert.equal(signUp.status, 200);
      assert.match(signUp.body.verification_id, /^ver_[0-9a-f]{16}$/);
      const [email] = (await sim.call('GET', '/_sim/outbox')).body.data;
      assert.equal(email.to, 'owner@example.com');
      assert.match(email.code, /^\d{6}$/);
      assert.ok(email.text.includes(email.code));

      const wrong = await sim.call('POST', '/v0/agent/verify', {
        verification_id: signUp.body.verification_id,
        otp_code: email.code === '000000' ? '111111' : '000000',
      });
      assert.equal(wrong.status, 400);
      const verified = await sim.call('POST', '/v0/agent/verify', {
        verification_id: signUp.body.verification_id,
        otp_code: email.code,
      });
      assert.equal(verified.status, 200);
      assert.deepEqual(Object.keys(verified.body).sort(), [
        'account_id',
        'agent_id',
        'api_key',
        'number_id',
        'phone_number',
      ]);
      assert.match(verified.body.api_key, /^sk_live_/);
      const agent = await sim.call(
        'GET',
        `/v1/agents/${verified.body.agent_id}`,
        undefined,
        verified.body.api_key,
      );
      assert.deepEqual(
        [agent.body.name, agent.body.voiceMode, agent.body.numbers[0].id],
        ['Front desk', 'hosted', verified.body.number_id],
      );

      const again = await sim.call('POST', '/v0/agent/sign-up', { human_email: 'owner@example.com' });
      assert.equal(again.status, 409);
    } finally {
      await sim.close();
    }
  });

  test('codes expire after 10 simulated minutes and five wrong codes exhaust a verification', async () => {
    const sim = await startSimulator({ speed: 'realtime', readyAccount: false });
    try {
      const first = await sim.call('POST', '/v0/agent/sign-up', { human_email: 'a@example.com' });
      const code = (await sim.call('GET', '/_sim/outbox')).body.data[0].code;
      await sim.call('POST', '/_sim/clock/advance', { ms: 10 * 60_000 + 1000 });
      const expired = await sim.call('POST', '/v0/agent/verify', {
        verification_id: first.body.verification_id,
        otp_code: code,
      });
      assert.deepEqual([expired.status, expired.body.error.code], [400, 'VERIFICATION_EXPIRED']);

      const second = await sim.call('POST', '/v0/agent/sign-up', { human_email: 'b@example.com' });
      const right = (await sim.call('GET', '/_sim/outbox')).body.data[1].code;
      const bad = right === '999999' ? '999998' : '999999';
      for (let i = 0; i < 5; i++)
        await sim.call('POST', '/v0/agent/verify', {
          verification_id: second.body.verification_id,
          otp_code: bad,
        });
      const exhausted = await sim.call('POST', '/v0/agent/verify', {
        verification_id: second.body.verification_id,
        otp_code: right,
      });
      assert.deepEqual([exhausted.status, exhausted.body.error.code], [400, 'VERIFICATION_EXHAUSTED']);
    } finally {
      await sim.close();
    }
  });

  test('unknown paths are 404, bad bodies 422, missing keys 401, all in the API error shape with a request id', async () => {
    const sim = await startSimulator();
    try {
      const missing = await sim.api('GET', '/v1/nothing-here');
      assert.equal(missing.status, 404);
      assert.deepEqual(missing.body.error.code, 'NOT_FOUND');
      const nameless = await sim.api('POST', '/v1/agents', {});
      assert.deepEqual(
        [nameless.status, nameless.body.detail[0].loc, nameless.body.detail[0].type],
        [422, ['body', 'name'], 'missing'],
      );
      const invalid = await sim.api('POST', '/v1/agents', { name: 'Host', voiceMode: 'hosted' });
      assert.equal(invalid.status, 422);
      assert.deepEqual(
        invalid.body.detail.map((d: { loc: string[] }) => d.loc.join('.')),
        ['body.systemPrompt'],
      );
      assert.equal(invalid.body.error.code, 'VALIDATION_ERROR');
      const badJson = await fetch(`${sim.baseUrl}/v1/agents`, {
        method: 'POST',
        headers: { authorization: `Bearer ${sim.sim.account.apiKey}`, 'content-type': 'application/json' },
        body: '{nope',
      });
      assert.equal(badJson.status, 422);
      const unauthorised = await sim.call('GET', '/v1/agents');
      assert.equal(unauthorised.status, 401);
      for (const response of [missing, invalid, unauthorised])
        assert.match(response.headers.get('x-request-id') ?? '', /^req_[0-9a-f]+$/);
      const page = await sim.api('GET', '/v1/calls?limit=101');
      assert.equal(page.status, 422);
      const subAccount = await fetch(`${sim.baseUrl}/v1/agents`, {
        headers: { authorization: `Bearer ${sim.sim.account.apiKey}`, 'x-sub-account-id': 'sub_1' },
      });
      assert.equal(subAccount.status, 200);
      const log = (await sim.call('GET', '/_sim/requests')).body.data;
      assert.ok(
        log.some(
          (r: { path: string; status: number; requestBody: { voiceMode?: string } }) =>
            r.path === '/v1/agents' && r.status === 422 && r.requestBody.voiceMode === 'hosted',
        ),
      );
    } finally {
      await sim.close();
    }
  });

  test('rate limits answer 429 with Retry-After once a route passes its per-minute limit', async () => {
    const sim = await startSimulator({ rateLimits: { 'POST /v1/webhooks': 2 } });
    try {
      const set = () => sim.api('POST', '/v1/webhooks', { url: 'http://127.0.0.1:9/hook' });
      assert.equal((await set()).status, 200);
      assert.equal((await set()).status, 200);
      const limited = await set();
      assert.equal(limited.status, 429);
      assert.ok(Number(limited.headers.get('retry-after')) >= 1);
      assert.equal((await sim.api('GET', '/v1/webhooks')).status, 200, 'other routes are unaffected');
    } finally {
      await sim.close();
    }
  });
});

describe('calls on the simulated clock', () => {
  const body = (sim: { sim: { account: { agentId: string } } }) => ({
    agentId: sim.sim.account.agentId,
    toNumber: '+14155550100',
    systemPrompt: 'Remind them about tomorrow.',
  });

  test('in realtime a call stays in progress, shows turns as they are spoken, and ends when the clock reaches its end', async () => {
    const sim = await startSimulator({ speed: 'realtime' });
    try {
      const placed = await sim.api('POST', '/v1/calls', body(sim));
      assert.deepEqual([placed.body.status, placed.body.endedAt], ['in-progress', null]);
      const live = await sim.api('GET', `/v1/calls/${placed.body.id}`);
      assert.deepEqual(
        [live.body.status, live.body.transcripts, live.body.durationSeconds],
        ['in-progress', [], null],
      );
      await sim.call('POST', '/_sim/clock/advance', { ms: 12_000 });
      const partial = await sim.api('GET', `/v1/calls/${placed.body.id}/transcript`);
      assert.equal(partial.body.status, 'in-progress');
      assert.ok(partial.body.transcript.length > 0, 'some turns are spoken');
      await sim.call('POST', '/_sim/clock/advance', { ms: 10 * 60_000 });
      const done = await sim.api('GET', `/v1/calls/${placed.body.id}`);
      assert.equal(done.body.status, 'completed');
      assert.ok(done.body.transcripts.length > partial.body.data.length - 1);
      assert.equal(
        done.body.durationSeconds,
        (Date.parse(done.body.endedAt) - Date.parse(done.body.startedAt)) / 1000,
      );
    } finally {
      await sim.close();
    }
  });

  test('POST /end answers "ending" and the call completes with agent_hangup', async () => {
    const sim = await startSimulator({ speed: 'realtime' });
    try {
      const placed = await sim.api('POST', '/v1/calls', body(sim));
      await sim.call('POST', '/_sim/clock/advance', { ms: 9000 });
      const ending = await sim.api('POST', `/v1/calls/${placed.body.id}/end`);
      assert.equal(ending.body.status, 'ending');
      await sim.call('POST', '/_sim/clock/advance', { ms: 2000 });
      const done = await sim.api('GET', `/v1/calls/${placed.body.id}`);
      assert.deepEqual([done.body.status, done.body.disconnectionReason], ['completed', 'agent_hangup']);
    } finally {
      await sim.close();
    }
  });

  // The exact ratio of simulated to real time is the clock's unit test (on mocked timers); here a
  // real-time bound would only measure how loaded the machine is.
  test('a speed factor runs simulated time ahead of the wall clock; instant ends a call on the next tick', async () => {
    for (const speed of [1000, 'instant'] as const) {
      const sim = await startSimulator({ speed });
      try {
        const before = (await sim.call('GET', '/_sim/clock')).body.offsetMs;
        const placed = await sim.api('POST', '/v1/calls', body(sim));
        const done = await sim.api('GET', untilEnded(placed.body.id));
        assert.equal(done.body.status, 'completed', String(speed));
        assert.ok(done.body.durationSeconds >= 15, 'the simulated call is long');
        const after = (await sim.call('GET', '/_sim/clock')).body.offsetMs;
        // A realtime clock never moves ahead of the wall clock; a faster one jumps to each due timer.
        assert.ok(after > before, `${speed}: simulated time jumped ahead (${before} → ${after} ms)`);
      } finally {
        await sim.close();
      }
    }
  });

  test('the concurrent-call cap answers 409 with Retry-After', async () => {
    const sim = await startSimulator({ speed: 'realtime', limits: { concurrentCalls: 1 } });
    try {
      assert.equal((await sim.api('POST', '/v1/calls', body(sim))).status, 200);
      const capped = await sim.api('POST', '/v1/calls', body(sim));
      assert.deepEqual([capped.status, capped.headers.get('retry-after')], [409, '5']);
    } finally {
      await sim.close();
    }
  });

  test('reset starts over with the same ready account', async () => {
    const sim = await startSimulator();
    try {
      const key = sim.sim.account.apiKey;
      await sim.api('POST', '/v1/calls', body(sim));
      await sim.call('POST', '/_sim/reset');
      assert.equal((await sim.call('GET', '/_sim/state')).body.counts.calls, 0);
      assert.equal(sim.sim.account.apiKey, key);
      assert.equal((await sim.api('GET', '/v1/agents')).body.total, 1);
    } finally {
      await sim.close();
    }
  });
});
