import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { AgentPhone } from '../../../agentphone';
import * as f from './helpers/fixtures';
import { ScriptedServer, type RecordedRequest } from './helpers/scripted-server';
import { countByRoute } from '../../helpers/routes';

const AGENT = 'agt_0a1b2c3d4e5f6071';
const NUMBER = 'num_8f3a2b7c9d4e5f01';

/** Serves `all` in offset pages shaped by `envelope`. */
function offsetPages<T>(all: T[], envelope: (page: T[], offset: number, limit: number) => unknown) {
  return (request: RecordedRequest) => {
    const limit = Number(request.query.get('limit') ?? 20);
    const offset = Number(request.query.get('offset') ?? 0);
    return { body: envelope(all.slice(offset, offset + limit), offset, limit) };
  };
}

/** Serves `all` (newest first) in time-cursor pages: `before` is exclusive. */
function cursorPages<T extends { receivedAt: string }>(all: T[]) {
  return (request: RecordedRequest) => {
    const limit = Number(request.query.get('limit') ?? 50);
    const before = request.query.get('before');
    const older = before ? all.filter((item) => Date.parse(item.receivedAt) < Date.parse(before)) : all;
    return { body: { data: older.slice(0, limit), hasMore: older.length > limit } };
  };
}

const minutesAgo = (n: number) => new Date(Date.parse('2026-04-19T18:00:00Z') - n * 60_000).toISOString();

describe('pagination over the five list shapes', () => {
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

  test('offset pages with hasMore: for await walks every call across pages', async () => {
    const calls = Array.from({ length: 7 }, (_, i) => f.callSummary(`call_${i}`));
    server.reply(
      offsetPages(calls, (page, offset) => ({
        data: page,
        hasMore: offset + page.length < calls.length,
        total: calls.length,
      })),
    );
    const ids: string[] = [];
    for await (const call of client.calls.list({ limit: 3 })) ids.push(call.id);
    assert.deepEqual(
      ids,
      calls.map((call) => call.id),
    );
    assert.deepEqual(
      server.requests.map((r) => r.query.get('offset')),
      [null, '3', '6'],
    );
  });

  test('awaiting a list gives one page with nextPage', async () => {
    const numbers = Array.from({ length: 3 }, (_, i) => f.phoneNumber(`num_${i}`));
    server.reply(
      offsetPages(numbers, (page, offset) => ({
        data: page,
        hasMore: offset + page.length < numbers.length,
        total: 3,
      })),
    );
    const first = await client.numbers.list({ limit: 2 });
    assert.deepEqual(
      first.data.map((n) => n.id),
      ['num_0', 'num_1'],
    );
    assert.equal(first.hasMore, true);
    assert.equal(first.total, 3);
    const second = await first.nextPage();
    assert.deepEqual(
      second?.data.map((n) => n.id),
      ['num_2'],
    );
    assert.equal(second?.hasMore, false);
    assert.equal(await second?.nextPage(), undefined);
    assert.deepEqual(countByRoute(server.requests), { 'GET /v1/numbers': 2 });
  });

  test('offset pages without hasMore (agents): derives more from total', async () => {
    const agents = Array.from({ length: 5 }, (_, i) => f.agent(`agt_${i}`));
    server.reply(offsetPages(agents, (page) => ({ data: page, total: agents.length })));
    const ids: string[] = [];
    for await (const agent of client.agents.list({ limit: 2 })) ids.push(agent.id);
    assert.deepEqual(ids, ['agt_0', 'agt_1', 'agt_2', 'agt_3', 'agt_4']);
    assert.deepEqual(countByRoute(server.requests), { 'GET /v1/agents': 3 });
  });

  test('time-cursor pages: walks number messages by passing the oldest receivedAt as before', async () => {
    const messages = Array.from({ length: 5 }, (_, i) => f.numberMessage(`msg_${i}`, minutesAgo(i)));
    server.reply(cursorPages(messages));
    const ids: string[] = [];
    for await (const message of client.numbers.messages(NUMBER, { limit: 2 })) ids.push(message.id);
    assert.deepEqual(ids, ['msg_0', 'msg_1', 'msg_2', 'msg_3', 'msg_4']);
    assert.deepEqual(
      server.requests.map((r) => r.query.get('before')),
      [null, minutesAgo(1), minutesAgo(3)],
    );
  });

  test('time-cursor pages keep the caller after bound on every page', async () => {
    const messages = Array.from({ length: 4 }, (_, i) => f.conversationMessage(`msg_${i}`, minutesAgo(i)));
    server.reply(cursorPages(messages));
    const ids: string[] = [];
    for await (const message of client.conversations.messages('conv_1', { limit: 3, after: minutesAgo(60) }))
      ids.push(message.id);
    assert.deepEqual(ids, ['msg_0', 'msg_1', 'msg_2', 'msg_3']);
    assert.deepEqual(
      server.requests.map((r) => r.query.get('after')),
      [minutesAgo(60), minutesAgo(60)],
    );
  });

  test('delivery-log pages {items,total,offset,limit}: walks every delivery', async () => {
    const deliveries = Array.from({ length: 5 }, (_, i) => f.delivery(`whd_${i}`));
    server.reply(
      offsetPages(deliveries, (page, offset, limit) => ({
        items: page,
        total: deliveries.length,
        offset,
        limit,
      })),
    );
    const ids: string[] = [];
    for await (const delivery of client.webhooks.deliveries({ limit: 2 })) ids.push(delivery.id);
    assert.deepEqual(ids, ['whd_0', 'whd_1', 'whd_2', 'whd_3', 'whd_4']);
    assert.deepEqual(
      server.requests.map((r) => r.query.get('offset')),
      [null, '2', '4'],
    );
  });

  test('bare-array lists are one page', async () => {
    server.reply({ body: [f.delivery('whd_a'), f.delivery('whd_b')] });
    const ids: string[] = [];
    for await (const delivery of client.webhooks.deliveriesForAgent(AGENT)) ids.push(delivery.id);
    assert.deepEqual(ids, ['whd_a', 'whd_b']);
    const page = await client.webhooks.deliveriesForAgent(AGENT);
    assert.equal(page.hasMore, false);
    assert.equal(page.total, undefined);
  });

  test('an empty page ends the walk even if the server claims more', async () => {
    server.reply({ body: { data: [], hasMore: true, total: 10 } });
    const ids: string[] = [];
    for await (const call of client.calls.list()) ids.push(call.id);
    assert.deepEqual(ids, []);
    assert.deepEqual(countByRoute(server.requests), { 'GET /v1/calls': 1 });
  });

  test('a page promise fetches nothing until awaited or iterated', async () => {
    server.reply({ body: { data: [], hasMore: false, total: 0 } });
    const pending = client.calls.list();
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(countByRoute(server.requests), {});
    await pending;
    assert.deepEqual(countByRoute(server.requests), { 'GET /v1/calls': 1 });
  });
});
