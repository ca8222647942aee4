import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { AgentPhone, ResponseValidationError } from '../../../agentphone';
import { ScriptedServer } from './helpers/scripted-server';

// Bodies the docs show in full, served here with the fields ringflow does not read left out.
describe('response bodies: required is what ringflow reads', () => {
  const server = new ScriptedServer();
  let client: AgentPhone;
  before(async () => {
    await server.start();
    client = new AgentPhone({ apiKey: 'sk_live_testkey', baseUrl: server.url, maxRetries: 0 });
  });
  after(async () => {
    await client.close();
    await server.stop();
  });

  test('GET /v1/usage with partial stats, no period and no plan parses', async () => {
    server.reply({
      body: { numbers: { used: 1, limit: 10, remaining: 9 }, stats: { totalCalls: 3 } },
    });
    const usage = await client.account.usage();
    assert.equal(usage.numbers.used, 1);
    assert.equal(usage.stats?.totalCalls, 3);
    assert.equal(usage.stats?.messagesLast24h, undefined);
  });

  test('GET /v1/usage without its stats block at all parses', async () => {
    server.reply({ body: { numbers: { used: 1, limit: 10, remaining: 9 } } });
    assert.equal((await client.account.usage()).stats, undefined);
  });

  test('a sent SMS whose response echoes only its id parses (the send already happened)', async () => {
    server.reply({ body: { id: 'msg_1' } });
    const sent = await client.messages.send({ agent_id: 'agt_1', to_number: '+14155559999', body: 'hi' });
    assert.equal(sent.id, 'msg_1');
  });

  test('a placed call whose response echoes only its id parses (the call is already placed)', async () => {
    server.reply({ body: { id: 'call_1' } });
    const call = await client.calls.create({
      agentId: 'agt_1',
      toNumber: '+14155559999',
      systemPrompt: 'Book a table.',
    });
    assert.equal(call.id, 'call_1');
  });

  test('an agent with its id and numbers but no name, voice mode or creation time parses', async () => {
    server.reply({ body: { id: 'agt_1', numbers: [{ id: 'num_1' }] } });
    const agent = await client.agents.retrieve('agt_1');
    assert.equal(agent.numbers?.[0]?.id, 'num_1');
  });

  test('a usage body missing the number allowance still fails with ResponseValidationError', async () => {
    server.reply({ body: { stats: { totalCalls: 3 } } });
    const error = await client.account.usage().catch((e: unknown) => e);
    assert.ok(error instanceof ResponseValidationError);
    assert.deepEqual(
      error.issues.map((issue) => issue.path.join('.')),
      ['numbers'],
    );
  });

  test('a sent SMS response without the id ringflow records fails with ResponseValidationError', async () => {
    server.reply({ body: { status: 'sent', channel: 'sms' } });
    const error = await client.messages
      .send({ agent_id: 'agt_1', to_number: '+14155559999', body: 'hi' })
      .catch((e: unknown) => e);
    assert.ok(error instanceof ResponseValidationError);
    assert.deepEqual(
      error.issues.map((issue) => issue.path.join('.')),
      ['id'],
    );
  });
});
