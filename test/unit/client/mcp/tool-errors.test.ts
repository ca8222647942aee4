/**
 * A bad tool argument is reported by the field the agent wrote, with what did not happen; the server
 * answers it with isError before any tool code (or Temporal) is reached.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { fieldPath, fieldProblems, refusalText, type RingflowTool } from '../../../../client/mcp/tool';
import { buildMcpServer, failureText, listedTool } from '../../../../client/mcp/server';
import { RingflowConnection } from '../../../../client/mcp/connection';
import { reservationProblem, bookTableTool } from '../../../../client/mcp/tools/reservation';
import { RINGFLOW_TOOLS } from '../../../../client/mcp/tools';
import { silentLogger } from '../../../../common/process/logger';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';

describe('field errors', () => {
  test('a path is written as an agent writes it', () => {
    assert.equal(fieldPath(['restaurants', 0, 'phone']), 'restaurants[0].phone');
    assert.equal(fieldPath([]), '(arguments)');
  });

  test('each zod issue names its field: missing, wrong type, unknown argument', () => {
    const schema = z.strictObject({
      name: z.string(),
      party_size: z.number().int('a whole number'),
      restaurants: z.array(z.strictObject({ phone: z.string() })),
    });
    const parsed = schema.safeParse({ party_size: 2.5, restaurants: [{ phone: 5 }], party: 2 });
    assert.ok(!parsed.success);
    assert.deepEqual(fieldProblems(parsed.error, ['name', 'party_size', 'restaurants']), [
      { field: 'name', message: 'required' },
      { field: 'party_size', message: 'a whole number' },
      { field: 'restaurants[0].phone', message: 'Invalid input: expected string, received number' },
      { field: 'party', message: 'not an argument of this tool (it takes name, party_size, restaurants)' },
    ]);
  });

  test('the refusal says what did not happen', () => {
    assert.equal(
      refusalText([{ field: 'to', message: 'emergency number' }], 'nothing was called'),
      'Invalid arguments (nothing was called):\n- to: emergency number',
    );
  });

  test("the reservation validator's field names become the tool's", () => {
    assert.deepEqual(reservationProblem('restaurants.1.phone: 911 is an emergency number'), {
      field: 'restaurants[1].phone',
      message: '911 is an emergency number',
    });
    assert.deepEqual(reservationProblem('partySize: at least 1'), {
      field: 'party_size',
      message: 'at least 1',
    });
    assert.deepEqual(reservationProblem('policy.callingHours.start: HH:MM'), {
      field: 'calling_hours',
      message: 'HH:MM',
    });
  });

  test('an unreachable Temporal is told as such, with the server still up', () => {
    const text = failureText(
      bookTableTool,
      Object.assign(new Error('14 UNAVAILABLE: No connection'), { code: 14 }),
    );
    assert.match(text, /lost its Temporal server/);
    assert.match(text, /still running/);
  });
});

describe('the server', () => {
  async function connected(tools: readonly RingflowTool[], localFiles = true) {
    let connects = 0;
    const connection = new RingflowConnection(() => {
      connects += 1;
      return Promise.reject(new Error('Cannot reach Temporal at nowhere:1 (test).'));
    });
    const server = buildMcpServer({ connection, logger: silentLogger, tools, localFiles });
    const client = new Client({ name: 'unit', version: '1' });
    const [a, b] = InMemoryTransport.createLinkedPair();
    await Promise.all([server.connect(a), client.connect(b)]);
    return { client, connects: () => connects };
  }

  test('refuses bad arguments without reaching Temporal', async () => {
    const { client, connects } = await connected(RINGFLOW_TOOLS);
    const result = await client.callTool({ name: 'place_call', arguments: { to: '+14155550123' } });
    assert.equal(result.isError, true);
    assert.deepEqual(result.content, [
      { type: 'text', text: 'Invalid arguments (nothing was called):\n- prompt: required' },
    ]);
    const emergency = await client.callTool({ name: 'place_call', arguments: { to: '911', prompt: 'hi' } });
    assert.equal(emergency.isError, true);
    assert.match(JSON.stringify(emergency.content), /- to: .*emergency/i);
    assert.equal(connects(), 0, 'Temporal was never asked');
  });

  test('over HTTP (no local files) a contact file is refused by name, before Temporal is reached', async () => {
    const { client, connects } = await connected(RINGFLOW_TOOLS, false);
    const result = await client.callTool({
      name: 'start_campaign',
      arguments: { prompt: 'Hi', file: '/etc/hosts.csv' },
    });
    assert.equal(result.isError, true);
    assert.match(JSON.stringify(result.content), /- file: this server is reached over HTTP/);
    assert.equal(connects(), 0);
  });

  test('a tool whose Temporal is unreachable fails with a clear error, and the next call tries again', async () => {
    const { client, connects } = await connected(RINGFLOW_TOOLS);
    for (let i = 0; i < 2; i += 1) {
      const result = await client.callTool({ name: 'ringflow_status', arguments: {} });
      assert.equal(result.isError, true);
      assert.match(JSON.stringify(result.content), /Cannot reach Temporal.*still running/);
    }
    assert.equal(connects(), 2);
  });

  test('lists every tool with its input and output schema and all four hints', async () => {
    const { client } = await connected(RINGFLOW_TOOLS);
    const { tools } = await client.listTools();
    assert.equal(tools.length, 15);
    for (const tool of tools) {
      assert.equal(tool.inputSchema.type, 'object', tool.name);
      assert.equal(tool.outputSchema?.type, 'object', tool.name);
      assert.ok((tool.description ?? '').length > 80, `${tool.name} has a description an agent can act on`);
      for (const hint of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const)
        assert.equal(typeof tool.annotations?.[hint], 'boolean', `${tool.name} ${hint}`);
    }
    assert.deepEqual(listedTool(bookTableTool).inputSchema.required, [
      'restaurants',
      'party_size',
      'date',
      'time',
      'name',
      'notify_number',
    ]);
  });
});
