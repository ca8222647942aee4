/**
 * Who answers: each built-in persona's outcomes, scripted callees, the default for unknown numbers,
 * determinism under a seed, and the humans behind inbound SMS, inbound calls and auto-replies.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { eventually } from '../../helpers/eventually';
import { startSimulator, untilEnded, type RunningSimulator } from './harness';

interface Done {
  status: string;
  disconnectionReason: string;
  durationSeconds: number;
  summary: string | null;
  userSentiment: string | null;
  callSuccessful: boolean | null;
  transcript: { role: string; content: string }[];
}

describe('callee personas', () => {
  let sim: RunningSimulator;
  let next = 200;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());

  async function callee(registration: Record<string, unknown>): Promise<string> {
    const phoneNumber = `+1415555${String(next++).padStart(4, '0')}`;
    const registered = await sim.call('POST', '/_sim/callees', { phoneNumber, ...registration });
    assert.equal(registered.status, 200, JSON.stringify(registered.body));
    return phoneNumber;
  }
  async function dial(toNumber: string, extra: Record<string, unknown> = {}): Promise<Done> {
    const placed = await sim.api('POST', '/v1/calls', {
      agentId: sim.sim.account.agentId,
      toNumber,
      ...extra,
    });
    assert.equal(placed.status, 200, JSON.stringify(placed.body));
    const detail = await sim.api('GET', untilEnded(placed.body.id));
    const flat = await sim.api('GET', `/v1/calls/${placed.body.id}/transcript`);
    return { ...detail.body, transcript: flat.body.transcript };
  }
  const said = (done: Done) => done.transcript.map((t) => t.content).join(' ');
  const alternates = (done: Done) =>
    done.transcript.every((t, i) => i === 0 || t.role !== done.transcript[i - 1]?.role);

  const restaurant = (options: Record<string, unknown> = {}) =>
    callee({
      persona: 'restaurant',
      options: {
        name: 'Lovely Thai',
        availability: { '2026-12-05': ['18:00', '19:00', '20:30'] },
        ...options,
      },
    });

  test('the restaurant confirms a free table and repeats the details from a plain English prompt', async () => {
    const done = await dial(await restaurant(), {
      systemPrompt: 'Book a table for 2 on 2026-12-05 at 19:00 under the name Manav',
    });
    assert.deepEqual([done.status, done.callSuccessful, done.userSentiment], ['completed', true, 'Positive']);
    assert.match(said(done), /Lovely Thai/);
    assert.match(said(done), /table for two on Saturday, December 5th at 7 PM, under Manav/);
    assert.equal(done.summary, 'Booked a table for 2 at Lovely Thai on 2026-12-05 at 19:00 under Manav.');
    assert.ok(alternates(done), 'agent and user take turns');
    assert.ok(done.transcript.length >= 6 && done.durationSeconds > 10);
    assert.match(done.transcript.at(-1)?.content ?? '', /bye/i);
  });

  test('the restaurant reads party size, date, time and name from variables', async () => {
    const done = await dial(await restaurant(), {
      systemPrompt: 'Book a table for {{party_size}} people on {{date}} at {{time}} for {{name}}.',
      variables: { party_size: '4', date: '2026-12-05', time: '18:00', name: 'Priya' },
    });
    assert.equal(done.summary, 'Booked a table for 4 at Lovely Thai on 2026-12-05 at 18:00 under Priya.');
  });

  test('the restaurant offers another time, and a second call accepting the offered time is confirmed', async () => {
    const number = await restaurant({ availability: { '2026-12-05': ['20:30'] } });
    const first = await dial(number, {
      systemPrompt: 'Book a table for 2 on 2026-12-05 at 7pm under the name Manav',
    });
    assert.match(said(first), /We don't have 7 but I could do 8:30/);
    assert.deepEqual([first.status, first.callSuccessful], ['completed', false]);
    assert.match(first.summary ?? '', /offered 20:30/);
    const second = await dial(number, {
      systemPrompt:
        "Call the restaurant back: we'd like the 8:30 you offered for Manav, party of 2 on 2026-12-05.",
    });
    assert.equal(second.callSuccessful, true);
    assert.match(said(second), /the 8:30/);
    assert.match(second.summary ?? '', /on 2026-12-05 at 20:30 under Manav/);
  });

  test('the restaurant books an offered time at once when it falls inside the caller window', async () => {
    const done = await dial(await restaurant({ availability: { '2026-12-05': ['19:30', '22:00'] } }), {
      systemPrompt: 'Book a table for 2 on 2026-12-05 between 7 and 8pm under Sam.',
    });
    assert.equal(done.callSuccessful, true);
    assert.match(done.summary ?? '', /at 19:30 under Sam \(asked for 19:00, took the offered 19:30\)/);
  });

  test('the restaurant says it is full, asks to call back, or refuses a large party', async () => {
    const prompt = { systemPrompt: 'Book a table for 2 on 2026-12-05 at 19:00 under Ana' };
    const full = await dial(await restaurant({ behaviour: 'full' }), prompt);
    assert.match(said(full), /fully booked on Saturday, December 5th/);
    assert.deepEqual([full.callSuccessful, full.userSentiment], [false, 'Negative']);
    const noSlots = await dial(await restaurant({ availability: { '2026-12-05': [] } }), prompt);
    assert.match(noSlots.summary ?? '', /fully booked/);
    const callBack = await dial(await restaurant({ behaviour: 'call-back' }), prompt);
    assert.match(said(callBack), /call back after 3/);
    assert.equal(callBack.callSuccessful, false);
    const party = await dial(await restaurant({ maxParty: 6 }), {
      systemPrompt: 'Book a table for 10 people on 2026-12-05 at 19:00',
    });
    assert.match(said(party), /events team/);
  });

  test('a booked slot is gone for the next caller', async () => {
    const number = await restaurant({ availability: { '2026-12-06': ['19:00', '21:00'] } });
    const first = await dial(number, { systemPrompt: 'Book a table for 2 on 2026-12-06 at 19:00 under Kai' });
    assert.equal(first.callSuccessful, true);
    const second = await dial(number, {
      systemPrompt: 'Book a table for 3 on 2026-12-06 at 19:00 under Lee',
    });
    assert.match(said(second), /We don't have 7 but I could do 9/);
  });

  test('the salon books appointments', async () => {
    const number = await callee({
      persona: 'salon',
      options: { availability: { '2026-12-07': ['10:00', '15:00'] } },
    });
    const done = await dial(number, {
      systemPrompt: 'Book a manicure on 2026-12-07 at 3pm under the name Jo.',
    });
    assert.equal(done.callSuccessful, true);
    assert.match(done.summary ?? '', /Booked a manicure .* on 2026-12-07 at 15:00 under Jo/);
  });

  test('the person answers yes or no, and analysis can be switched off', async () => {
    const yes = await dial(await callee({ persona: 'person', options: { name: 'Sam', answer: 'yes' } }), {
      systemPrompt: 'Call to confirm their appointment tomorrow.',
    });
    assert.deepEqual(
      [yes.status, yes.callSuccessful, yes.summary],
      ['completed', true, 'Spoke with Sam; they answered yes.'],
    );
    assert.match(said(yes), /I'm calling to confirm your appointment tomorrow/);
    const no = await dial(await callee({ persona: 'person', options: { answer: 'no', analysis: false } }), {
      systemPrompt: 'Call to confirm.',
    });
    assert.equal(no.status, 'completed');
    assert.deepEqual([no.summary, no.userSentiment, no.callSuccessful], [null, null, null]);
  });

  test('no answer, busy and invalid numbers fail with the Retell reasons and no transcript', async () => {
    for (const [persona, reason] of [
      ['no-answer', 'dial_no_answer'],
      ['busy', 'dial_busy'],
      ['invalid', 'invalid_destination'],
    ] as const) {
      const done = await dial(await callee({ persona }));
      assert.deepEqual(
        [done.status, done.disconnectionReason, done.durationSeconds, done.transcript],
        ['failed', reason, 0, []],
        persona,
      );
    }
  });

  test('voicemail gets the agent voicemail message; an early hang-up is short', async () => {
    await sim.api('PATCH', `/v1/agents/${sim.sim.account.agentId}`, {
      voicemailMessage: 'Hi, this is Ringflow. Please call us back.',
    });
    const voicemail = await dial(await callee({ persona: 'voicemail' }));
    assert.deepEqual([voicemail.status, voicemail.disconnectionReason], ['completed', 'voicemail_reached']);
    assert.deepEqual(
      voicemail.transcript.map((t) => [t.role, t.content]),
      [['agent', 'Hi, this is Ringflow. Please call us back.']],
    );
    const early = await dial(await callee({ persona: 'hangup-early' }), {
      systemPrompt: 'Sell them a subscription.',
    });
    assert.deepEqual(
      [early.status, early.disconnectionReason, early.callSuccessful],
      ['completed', 'user_hangup', false],
    );
    assert.ok(early.transcript.length === 3 && early.durationSeconds < 15);
  });

  test('a scripted callee plays its turns, status, reason and duration exactly', async () => {
    const number = await callee({
      script: {
        turns: [
          { role: 'user', content: 'Pronto?' },
          { role: 'agent', content: 'Hello!' },
        ],
        status: 'completed',
        disconnectionReason: 'inactivity',
        durationSeconds: 42,
        summary: 'Scripted.',
        userSentiment: 'Neutral',
        callSuccessful: false,
      },
    });
    const done = await dial(number);
    assert.deepEqual(
      [done.status, done.disconnectionReason, done.durationSeconds, done.summary],
      ['completed', 'inactivity', 42, 'Scripted.'],
    );
    assert.deepEqual(
      done.transcript.map((t) => t.content),
      ['Pronto?', 'Hello!'],
    );
  });

  test('an unknown number gets the chatty person, and the same call reads the same under the same seed', async () => {
    const prompt = { systemPrompt: 'Call to remind them about the dentist.' };
    const first = await dial('+14155559876', prompt);
    assert.equal(first.status, 'completed');
    assert.match(said(first), /remind you about the dentist/);
    const again = await startSimulator({ seed: 42 });
    try {
      const placed = await again.api('POST', '/v1/calls', {
        agentId: again.sim.account.agentId,
        toNumber: '+14155559876',
        ...prompt,
      });
      await again.api('GET', untilEnded(placed.body.id));
      const transcript = await again.api('GET', `/v1/calls/${placed.body.id}/transcript`);
      assert.deepEqual(
        transcript.body.transcript.map((t: { content: string }) => t.content),
        first.transcript.map((t) => t.content),
      );
    } finally {
      await again.close();
    }
  });

  test('inbound texts, auto-replies and inbound calls come from simulated humans', async () => {
    const { agentId, phoneNumber } = sim.sim.account;
    await sim.call('POST', '/_sim/auto-replies', {
      from: '+14155550999',
      match: '\\?$',
      reply: 'YES',
      delayMs: 30_000,
    });
    await sim.api('POST', '/v1/messages', {
      agent_id: agentId,
      to_number: '+14155550999',
      body: 'Shall we book 8:30?',
    });
    await sim.api('POST', '/v1/messages', {
      agent_id: agentId,
      to_number: '+14155550999',
      body: 'No question here.',
    });
    const replies = await eventually(async () => {
      const all = (await sim.call('GET', '/_sim/messages')).body.data as {
        from: string;
        body: string;
        direction: string;
      }[];
      const inbound = all.filter((m) => m.from === '+14155550999' && m.direction === 'inbound');
      return inbound.length ? inbound : undefined;
    });
    assert.deepEqual(
      replies.map((m) => m.body),
      ['YES'],
    );

    const answered = await sim.call('POST', '/_sim/inbound/call', { from: '+14155550888', to: phoneNumber });
    const call = (await sim.api('GET', untilEnded(answered.body.callId))).body;
    assert.deepEqual(
      [call.direction, call.status, call.fromNumber, call.toNumber],
      ['inbound', 'completed', '+14155550888', phoneNumber],
    );
    assert.match(call.summary, /asked for a callback/);
    const missed = await sim.call('POST', '/_sim/inbound/call', {
      from: '+14155550887',
      to: phoneNumber,
      missed: true,
    });
    const missedCall = (await sim.api('GET', untilEnded(missed.body.callId))).body;
    assert.deepEqual(
      [missedCall.status, missedCall.disconnectionReason, missedCall.transcripts],
      ['failed', 'user_hangup', []],
    );
  });
});

describe('MCP-style statuses', () => {
  test('busy and no-answer become their own statuses when the flag is on', async () => {
    const sim = await startSimulator({ mcpStatuses: true });
    try {
      for (const [persona, status] of [
        ['busy', 'busy'],
        ['no-answer', 'no-answer'],
      ]) {
        const to = persona === 'busy' ? '+14155550301' : '+14155550302';
        await sim.call('POST', '/_sim/callees', { phoneNumber: to, persona });
        const placed = await sim.api('POST', '/v1/calls', { agentId: sim.sim.account.agentId, toNumber: to });
        const done = await sim.api('GET', untilEnded(placed.body.id));
        assert.equal(done.body.status, status);
      }
    } finally {
      await sim.close();
    }
  });
});
