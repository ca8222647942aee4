/**
 * Campaign contacts played at scale: the persona mix (seeded per number, in the given proportions),
 * each persona's call as ringflow's campaign reader reads it, the ledger that counts every call, and
 * the pruning that keeps a 100k-call run small.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { readCampaignAnswer } from '../../../outcome/campaign-answer';
import { buildSimulator, type Simulator } from '../../../simulator';
import {
  CAMPAIGN_PERSONAS,
  DEFAULT_CAMPAIGN_MIX,
  campaignPersonaOf,
  parsePersonaProportions,
  type CampaignPersona,
  type PersonaMix,
} from '../../../simulator/callees/mix';
import { main as simulatorMain } from '../../../simulator/main';
import { DEFAULT_OUTCOMES } from '../../../workflows/campaign/input';
import { campaignCallPrompt } from '../../../workflows/campaign/text';

const numberAt = (i: number) =>
  `+1212${200 + Math.floor(i / 10_000) + 1}${String(i % 10_000).padStart(4, '0')}`;
const ALL: PersonaMix = { proportions: DEFAULT_CAMPAIGN_MIX };

async function inject(sim: Simulator, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) {
  const res = await sim.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${sim.account.apiKey}` },
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read JSON bodies loosely and assert on them
  const body: Record<string, any> = res.json();
  return { status: res.statusCode, body };
}

/** Places a campaign call to `toNumber` and returns the ended call with its flat transcript. */
async function campaignCall(sim: Simulator, toNumber: string) {
  const placed = await inject(sim, 'POST', '/v1/calls', {
    agentId: sim.account.agentId,
    toNumber,
    systemPrompt: campaignCallPrompt(
      'You are calling {{name}} to confirm their dental appointment on Friday at 10:00.',
      DEFAULT_OUTCOMES,
    ),
    variables: { name: 'Alex' },
  });
  assert.equal(placed.status, 200, JSON.stringify(placed.body));
  const detail = await inject(sim, 'GET', `/v1/calls/${placed.body.id}?wait=true&timeout=300`);
  const flat = await inject(sim, 'GET', `/v1/calls/${placed.body.id}/transcript`);
  return {
    status: detail.body.status as string,
    disconnectionReason: detail.body.disconnectionReason as string,
    transcript: flat.body.transcript as { role: string; content: string }[],
  };
}

describe('campaign persona mix', () => {
  test('the persona of a number depends on the seed and the number only, in the given proportions', () => {
    const numbers = Array.from({ length: 20_000 }, (_, i) => numberAt(i));
    const forward = numbers.map((n) => campaignPersonaOf(ALL, 7, n));
    const backward = [...numbers].reverse().map((n) => campaignPersonaOf(ALL, 7, n));
    assert.deepEqual(forward, backward.reverse(), 'call order changes nothing');
    const otherSeed = numbers.map((n) => campaignPersonaOf(ALL, 8, n));
    assert.ok(otherSeed.filter((p, i) => p !== forward[i]).length > 10_000, 'another seed, another run');
    const ownSeed = numbers.map((n) => campaignPersonaOf({ ...ALL, seed: 8 }, 7, n));
    assert.deepEqual(ownSeed, otherSeed, "the mix's own seed wins over the simulator's");

    const sum = Object.values(DEFAULT_CAMPAIGN_MIX).reduce((a, b) => a + b, 0);
    for (const persona of CAMPAIGN_PERSONAS) {
      const share = forward.filter((p) => p === persona).length / numbers.length;
      const expected = DEFAULT_CAMPAIGN_MIX[persona] / sum;
      assert.ok(Math.abs(share - expected) < 0.01, `${persona}: ${share} vs ${expected}`);
    }
    const two = numbers.map((n) => campaignPersonaOf({ proportions: { busy: 1, confirm: 3 } }, 7, n));
    assert.deepEqual([...new Set(two)].sort(), ['busy', 'confirm'], 'a persona left out never answers');
    assert.ok(Math.abs(two.filter((p) => p === 'confirm').length / numbers.length - 0.75) < 0.01);
  });

  test('--personas spells proportions; a bad part or no weight is refused by name', () => {
    assert.deepEqual(parsePersonaProportions('confirm=40, no-answer=2.5'), { confirm: 40, 'no-answer': 2.5 });
    assert.throws(() => parsePersonaProportions('confirm=40,maybe=3'), /"maybe=3" is not persona=weight/);
    assert.throws(() => parsePersonaProportions('confirm'), /"confirm" is not persona=weight/);
    assert.throws(() => parsePersonaProportions('confirm=0'), /at least one persona a weight above 0/);
  });

  test('the simulator command refuses a bad --personas by its flag, before it starts', async () => {
    await assert.rejects(
      simulatorMain(['--port', '0', '--personas', 'busy=x']),
      /^ConfigError: --personas: "busy=x"/,
    );
  });

  test('each campaign persona plays its part, and ringflow’s campaign reader reads it as intended', async () => {
    const sim = await buildSimulator({ speed: 'instant', seed: 7, rateLimits: false, personaMix: ALL });
    await sim.listen(); // the simulator's timers never hold the process open; a listening server does
    try {
      const expected: Record<CampaignPersona, string> = {
        confirm: 'answered:confirmed',
        decline: 'answered:declined',
        reschedule: 'answered:reschedule',
        'wrong-number': 'answered:wrong_person',
        'stop-calling': 'answered:unclear:opted-out',
        'hangup-early': 'answered:unclear',
        'no-answer': 'no_answer',
        busy: 'busy',
        voicemail: 'voicemail',
      };
      const found = new Map<CampaignPersona, string>();
      for (let i = 0; found.size < CAMPAIGN_PERSONAS.length; i++) {
        const persona = campaignPersonaOf(ALL, 7, numberAt(i));
        if (!found.has(persona)) found.set(persona, numberAt(i));
      }
      for (const [persona, number] of found) {
        const told = await inject(sim, 'GET', `/_sim/persona-mix?number=${encodeURIComponent(number)}`);
        assert.equal(told.body.persona, persona, 'the control API names the same persona');
        const reading = readCampaignAnswer(await campaignCall(sim, number), DEFAULT_OUTCOMES.answers);
        const got =
          reading.kind === 'answered'
            ? `answered:${reading.answer}${reading.optedOut ? ':opted-out' : ''}`
            : reading.kind;
        assert.equal(got, expected[persona], `${persona} (${number})`);
      }
      const calls = (await inject(sim, 'GET', '/_sim/calls')).body.data as { persona: string }[];
      assert.deepEqual(calls.map((c) => c.persona).sort(), [...CAMPAIGN_PERSONAS].sort());
      const ledger = await inject(sim, 'GET', '/_sim/ledger');
      assert.equal(ledger.body.outbound, CAMPAIGN_PERSONAS.length);
      assert.deepEqual(ledger.body.byCallCount, { '1': CAMPAIGN_PERSONAS.length });
      assert.equal(ledger.body.byPersona.busy, 1);
      assert.equal(ledger.body.byEnd['failed/dial_busy'], 1);
    } finally {
      await sim.close();
    }
  });

  test('a registered callee wins over the mix; the mix is set, read and cleared over the control API', async () => {
    const sim = await buildSimulator({ speed: 'instant', seed: 7, rateLimits: false });
    await sim.listen();
    try {
      const number = numberAt(1);
      assert.equal((await inject(sim, 'GET', '/_sim/persona-mix')).body.mix, null);
      const bad = await inject(sim, 'POST', '/_sim/persona-mix', { proportions: { confirm: -1 } });
      assert.equal(bad.status, 422);
      assert.match(JSON.stringify(bad.body), /proportions/);
      const set = await inject(sim, 'POST', '/_sim/persona-mix', { proportions: { busy: 1 } });
      assert.equal(set.status, 200);
      assert.equal((await campaignCall(sim, number)).disconnectionReason, 'dial_busy');
      await inject(sim, 'POST', '/_sim/callees', { phoneNumber: number, persona: 'voicemail' });
      assert.equal((await campaignCall(sim, number)).disconnectionReason, 'voicemail_reached');
      assert.equal((await campaignCall(sim, numberAt(2))).disconnectionReason, 'dial_busy');
      await inject(sim, 'DELETE', '/_sim/persona-mix');
      assert.equal(
        (await campaignCall(sim, numberAt(3))).disconnectionReason,
        'agent_hangup',
        'the default person',
      );
      const ledger = await inject(sim, 'GET', `/_sim/ledger?number=${encodeURIComponent(number)}`);
      assert.deepEqual(ledger.body.callsTo, { number, calls: 2 });
      assert.deepEqual(ledger.body.byPersona, { busy: 2, voicemail: 1, person: 1 });
      assert.equal(ledger.body.callsByNumber, undefined, 'every number only when asked');
      const everyNumber = await inject(sim, 'GET', '/_sim/ledger?numbers=true');
      assert.deepEqual(everyNumber.body.callsByNumber, { [number]: 2, [numberAt(2)]: 1, [numberAt(3)]: 1 });
    } finally {
      await sim.close();
    }
  });

  test('past retainEndedCalls the oldest ended calls are pruned; the ledger still counts every call', async () => {
    const sim = await buildSimulator({
      speed: 'instant',
      seed: 7,
      rateLimits: false,
      // Nobody listens there and nothing is retried: every delivery ends `failed` at once.
      webhookUrl: 'http://127.0.0.1:9/webhooks',
      webhookRetryDelaysMs: [],
      limits: { retainEndedCalls: 50 },
      personaMix: { proportions: { busy: 1 } },
    });
    await sim.listen();
    try {
      const ids: string[] = [];
      for (let i = 0; i < 400; i++) {
        const placed = await inject(sim, 'POST', '/v1/calls', {
          agentId: sim.account.agentId,
          toNumber: numberAt(i),
        });
        ids.push(placed.body.id as string);
        await inject(sim, 'GET', `/v1/calls/${placed.body.id}?wait=true&timeout=300`);
      }
      const kept = (await inject(sim, 'GET', '/_sim/calls')).body.data as { id: string }[];
      assert.ok(kept.length >= 50 && kept.length <= 150, `kept ${kept.length}`);
      assert.deepEqual(
        kept.map((c) => c.id),
        ids.slice(-kept.length),
        'the newest are kept',
      );
      assert.equal((await inject(sim, 'GET', `/v1/calls/${ids.at(-1)}`)).status, 200);
      assert.equal((await inject(sim, 'GET', `/v1/calls/${ids[0]}`)).status, 404, 'an old one is gone');
      const deliveries = (await inject(sim, 'GET', '/_sim/deliveries?settle=1')).body.data as unknown[];
      assert.ok(deliveries.length <= 150, `kept ${deliveries.length} deliveries`);
      const ledger = await inject(sim, 'GET', '/_sim/ledger');
      assert.equal(ledger.body.outbound, 400);
      assert.equal(ledger.body.numbersCalled, 400);
      assert.equal(ledger.body.byEnd['failed/dial_busy'], 400);
    } finally {
      await sim.close();
    }
  });
});
