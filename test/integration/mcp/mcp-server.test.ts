/**
 * `ringflow mcp` as an agent meets it: the SDK's own Client, over stdio (spawning `node bin/ringflow.mjs
 * mcp`) and over Streamable HTTP (`--http`, bearer token), against the dev server + simulator + ingress
 * + worker. Set RINGFLOW_MCP_TRANSCRIPT=<file> to keep the booking's tool calls and results as JSON.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  CallToolResultSchema,
  ResourceListChangedNotificationSchema,
  type CallToolResult,
} from '@modelcontextprotocol/sdk/types.js';
import { PROJECT_ROOT } from '../../../stack/temporal-server';
import { middayZone } from '../../helpers/campaign';
import { daysFromNow } from '../../helpers/dates';
import { freePort, runCli, type CliProcess } from '../../helpers/processes';
import { startTestStack, type TestStack } from '../../helpers/stack';

const DATE = daysFromNow(30);
const HUMAN = '+14155550199';
const TOKEN = randomUUID() + randomUUID();
/** Long tool calls report progress; the request timeout only guards a hung server. */
const LONG = { timeout: 120_000 };

let stack: TestStack;
let stdio: Client;
let http: Client;
let httpServer: CliProcess;
let httpUrl: string;
const transcript: { tool: string; arguments: unknown; result: unknown }[] = [];
/** resources/list_changed notifications the stdio client got. */
let listChanged = 0;

/** Only what the server needs: no AGENTPHONE_API_KEY, so the development number key is used, as the worker does. */
function serverEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    TEMPORAL_ADDRESS: stack.temporal.address,
    RINGFLOW_TASK_QUEUE: stack.taskQueue,
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

/** A tool call; `progress` collects the progress notifications when given. */
async function call(
  client: Client,
  name: string,
  args: Record<string, unknown>,
  progress?: { progress: number; total?: number; message?: string }[],
): Promise<CallToolResult> {
  const result = (await client.callTool(
    { name, arguments: args },
    CallToolResultSchema,
    progress ? { ...LONG, onprogress: (p) => progress.push(p), resetTimeoutOnProgress: true } : LONG,
  )) as CallToolResult;
  return result;
}

/** The structured result of a call that must succeed. */
function ok<T = Record<string, unknown>>(result: CallToolResult): T {
  assert.notEqual(result.isError, true, JSON.stringify(result.content));
  assert.ok(result.structuredContent, 'structured content');
  return result.structuredContent as T;
}

function errorText(result: CallToolResult): string {
  assert.equal(result.isError, true, JSON.stringify(result.structuredContent));
  return result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}

async function restaurant(phone: string, slots: string[]) {
  await stack.control('/_sim/callees', {
    phoneNumber: phone,
    persona: 'restaurant',
    options: { name: 'Lovely Thai', availability: { [DATE]: slots } },
  });
}

function booking(phone: string, requestId: string) {
  return {
    restaurants: [{ name: 'Lovely Thai', phone }],
    party_size: 2,
    date: DATE,
    time: '19:00',
    flex_minutes: 60,
    name: 'Manav',
    notify_number: HUMAN,
    calling_hours: 'any',
    request_id: requestId,
  };
}

before(async () => {
  stack = await startTestStack();
  stdio = new Client({ name: 'ringflow-test-stdio', version: '1.0.0' });
  stdio.setNotificationHandler(ResourceListChangedNotificationSchema, () => {
    listChanged += 1;
  });
  await stdio.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [join(PROJECT_ROOT, 'bin', 'ringflow.mjs'), 'mcp'],
      cwd: PROJECT_ROOT,
      env: serverEnv(),
      stderr: 'pipe',
    }),
  );
  httpServer = runCli(['mcp', '--http', '--port', '0'], serverEnv({ RINGFLOW_MCP_TOKEN: TOKEN }));
  httpUrl = (await httpServer.waitFor(/Streamable HTTP on (http:\/\/\S+)/, 60_000))[1]!;
  http = new Client({ name: 'ringflow-test-http', version: '1.0.0' });
  await http.connect(
    new StreamableHTTPClientTransport(new URL(httpUrl), {
      requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } },
    }),
  );
});

after(async () => {
  await stdio?.close();
  await http?.close();
  await httpServer?.stop();
  await stack?.stop();
  if (process.env.RINGFLOW_MCP_TRANSCRIPT)
    await writeFile(process.env.RINGFLOW_MCP_TRANSCRIPT, JSON.stringify(transcript, null, 2));
});

describe('ringflow mcp over stdio and HTTP', () => {
  test('lists every tool with input and output schemas and annotations, over both transports', async () => {
    for (const client of [stdio, http]) {
      const { tools } = await client.listTools();
      const byName = new Map(tools.map((t) => [t.name, t]));
      for (const name of [
        'book_table',
        'get_reservation',
        'answer_offer',
        'cancel_reservation',
        'place_call',
        'send_sms',
        'start_campaign',
        'campaign_status',
        'pause_campaign',
        'resume_campaign',
        'cancel_campaign',
        'campaign_results',
        'missed_calls_status',
        'suppress_number',
        'ringflow_status',
      ]) {
        const tool = byName.get(name);
        assert.ok(tool, `${name} is listed`);
        assert.equal(tool.inputSchema.type, 'object');
        assert.equal(tool.outputSchema?.type, 'object');
        assert.equal(typeof tool.annotations?.readOnlyHint, 'boolean');
      }
      assert.equal(byName.get('get_reservation')?.annotations?.readOnlyHint, true);
      assert.equal(byName.get('cancel_campaign')?.annotations?.destructiveHint, true);
      assert.deepEqual(Object.keys(byName.get('place_call')?.inputSchema.properties ?? {}).sort(), [
        'agent_id',
        'greeting',
        'prompt',
        'request_id',
        'to',
        'wait_seconds',
      ]);
    }
  });

  test('books a table over stdio and follows it to booked, with progress while it waits', async () => {
    const phone = '+14155550131';
    await restaurant(phone, ['18:00', '19:00', '20:30']);
    const requestId = `mcp-book-${randomUUID().slice(0, 8)}`;
    const args = { ...booking(phone, requestId), wait_seconds: 0 };
    const changedBefore = listChanged;
    const started = ok<{ status: { state: string }; already_started: boolean }>(
      await call(stdio, 'book_table', args),
    );
    transcript.push({ tool: 'book_table', arguments: args, result: started });
    assert.equal(started.already_started, false);
    const again = ok<{ already_started: boolean }>(await call(stdio, 'book_table', args));
    assert.equal(again.already_started, true, 'the same request_id finds the first reservation');
    const progress: { progress: number; message?: string }[] = [];
    const followArgs = { request_id: requestId, wait_seconds: 60 };
    const followed = ok<{ finished: boolean; status: { state: string; booking: { time: string } | null } }>(
      await call(stdio, 'get_reservation', followArgs, progress),
    );
    transcript.push({ tool: 'get_reservation', arguments: followArgs, result: followed });
    assert.equal(followed.status.state, 'booked');
    assert.equal(followed.finished, true);
    assert.equal(followed.status.booking?.time, '19:00');
    assert.ok(progress.length >= 1, 'progress notifications while waiting');
    assert.ok(
      progress.every((p, i) => i === 0 || p.progress > progress[i - 1]!.progress),
      'progress grows',
    );
    // The reservation as a resource, the same status.
    const resource = await stdio.readResource({ uri: `ringflow://reservation/${requestId}` });
    const content = resource.contents[0] as { text: string; mimeType: string };
    assert.equal(content.mimeType, 'application/json');
    assert.equal((JSON.parse(content.text) as { state: string }).state, 'booked');
    const calls = (await stack.list<{ toNumber: string }>('/_sim/calls')).filter((c) => c.toNumber === phone);
    assert.equal(calls.length, 1);
    assert.equal(listChanged - changedBefore, 1, 'one list_changed for the one reservation started');
  });

  test('answers an offer: the restaurant has no table at 19:00, the agent says YES, it is booked', async () => {
    const phone = '+14155550132';
    await restaurant(phone, ['18:00', '20:30']);
    const requestId = `mcp-offer-${randomUUID().slice(0, 8)}`;
    const waiting = ok<{ status: { state: string; offer: { time: string } | null } }>(
      await call(stdio, 'book_table', { ...booking(phone, requestId), wait_seconds: 60 }, []),
    );
    assert.equal(waiting.status.state, 'awaiting_reply', 'book_table returns when the human must answer');
    const offered = waiting.status.offer?.time;
    assert.ok(offered);
    // While it waits, the reservation is listed as a running resource.
    const { resources } = await stdio.listResources();
    assert.ok(resources.some((r) => r.uri === `ringflow://reservation/${requestId}`));
    const answered = ok<{ accepted: boolean; understood: { kind: string } }>(
      await call(stdio, 'answer_offer', { request_id: requestId, answer: 'YES' }),
    );
    assert.deepEqual([answered.accepted, answered.understood.kind], [true, 'yes']);
    const done = ok<{ status: { state: string; booking: { time: string } | null; calls: unknown[] } }>(
      await call(stdio, 'get_reservation', { request_id: requestId, wait_seconds: 60 }),
    );
    assert.equal(done.status.state, 'booked');
    assert.equal(done.status.booking?.time, offered);
    assert.equal(done.status.calls.length, 2, 'called back to book the offered time');
  });

  test('the same request_id twice (one after the other, and at once) places one call', async () => {
    const to = '+14155550133';
    await stack.control('/_sim/callees', { phoneNumber: to, persona: 'person', options: { answer: 'yes' } });
    const requestId = `mcp-call-${randomUUID().slice(0, 8)}`;
    const args = {
      to,
      prompt: 'Confirm the appointment tomorrow at 10.',
      request_id: requestId,
      wait_seconds: 60,
    };
    const [a, b] = await Promise.all([call(http, 'place_call', args), call(http, 'place_call', args)]);
    const first = ok<{ state: string; call: { call_id: string } | null; already_started: boolean }>(a);
    const second = ok<{ state: string; call: { call_id: string } | null; already_started: boolean }>(b);
    const again = ok<{ state: string; call: { call_id: string } | null; already_started: boolean }>(
      await call(http, 'place_call', args),
    );
    assert.deepEqual([first.state, second.state, again.state], ['ended', 'ended', 'ended']);
    assert.equal(first.call?.call_id, second.call?.call_id);
    assert.equal(again.call?.call_id, first.call?.call_id);
    assert.deepEqual([first.already_started || second.already_started, again.already_started], [true, true]);
    const calls = (await stack.list<{ toNumber: string }>('/_sim/calls')).filter((c) => c.toNumber === to);
    assert.equal(calls.length, 1, 'one call in the simulator');
  });

  test('texts once per request_id, and a suppressed number is neither called nor texted', async () => {
    const to = '+14155557301';
    const requestId = `mcp-sms-${randomUUID().slice(0, 8)}`;
    const args = { to, body: 'Your table is booked.', request_id: requestId };
    const first = ok<{ state: string; message_id: string }>(await call(http, 'send_sms', args));
    const second = ok<{ state: string; message_id: string; already_started: boolean }>(
      await call(stdio, 'send_sms', args),
    );
    assert.deepEqual([first.state, second.state, second.already_started], ['sent', 'sent', true]);
    assert.equal(second.message_id, first.message_id);
    const texts = (await stack.list<{ to: string; direction: string }>('/_sim/messages')).filter(
      (m) => m.to === to && m.direction === 'outbound',
    );
    assert.equal(texts.length, 1);

    const blocked = '+14155557302';
    const added = ok<{ added: boolean }>(await call(http, 'suppress_number', { number: '(415) 555-7302' }));
    assert.equal(added.added, true);
    const again = ok<{ added: boolean; already_listed: boolean }>(
      await call(http, 'suppress_number', { number: blocked }),
    );
    assert.deepEqual([again.added, again.already_listed], [false, true]);
    const before = (await stack.list('/_sim/requests')).length;
    const dial = ok<{ state: string }>(
      await call(http, 'place_call', { to: blocked, prompt: 'Hello', wait_seconds: 10 }),
    );
    const text = ok<{ state: string }>(await call(http, 'send_sms', { to: blocked, body: 'Hello' }));
    assert.deepEqual([dial.state, text.state], ['suppressed', 'suppressed']);
    assert.equal((await stack.list('/_sim/requests')).length, before, 'nothing reached AgentPhone');

    const status = ok<{ opt_out_list: { count: number }; running: Record<string, number> }>(
      await call(http, 'ringflow_status', {}),
    );
    assert.equal(status.opt_out_list.count, 1);
    assert.equal(typeof status.running.reservation, 'number');
    const missed = ok<{ pending: unknown[] }>(await call(http, 'missed_calls_status', {}));
    assert.deepEqual(missed.pending, []);
  });

  test('bad inputs are isError results naming the field, and reach nothing in the simulator', async () => {
    const before = (await stack.list('/_sim/requests')).length;
    const cases: [Client, string, Record<string, unknown>, RegExp][] = [
      [http, 'place_call', { to: '911', prompt: 'hello' }, /to: .*(emergency|N11)/i],
      [stdio, 'place_call', { to: '+14155550133' }, /prompt: required/],
      [
        http,
        'book_table',
        { ...booking('+14155550988', 'x'), restaurants: [{ name: 'Crisis', phone: '988' }] },
        /restaurants\[0\]\.phone/,
      ],
      [http, 'book_table', { ...booking('+14155550131', 'y'), date: '2020-01-01' }, /date\/time: .*passed/],
      [http, 'book_table', { ...booking('+14155550131', 'z'), party: 2 }, /party: not an argument/],
      [stdio, 'send_sms', { to: HUMAN, body: '   ' }, /body: the message is empty/],
      [http, 'send_sms', { to: '211', body: 'hi' }, /to: /],
      [
        http,
        'start_campaign',
        { prompt: 'Hi', contacts: [{ phone: '+14155550100' }], file: '/x.csv' },
        /exactly one of contacts/,
      ],
      [
        stdio,
        'start_campaign',
        { prompt: 'Hi', file: '/nonexistent/contacts.csv', dry_run: false },
        /file: cannot read it/,
      ],
      // Over HTTP a remote caller may not make the server read its own files.
      [
        http,
        'start_campaign',
        { prompt: 'Hi', file: '/etc/hosts.csv' },
        /file: this server is reached over HTTP/,
      ],
      [
        http,
        'start_campaign',
        { prompt: 'Hi', contacts: [{ phone: '+14155550100' }], window: '25:00-26:00' },
        /window: /,
      ],
      [http, 'suppress_number', { number: 'not a number' }, /number: /],
      [http, 'get_reservation', { request_id: `unknown-${randomUUID()}` }, /request_id: no reservation/],
      [http, 'campaign_status', { campaign_id: `unknown-${randomUUID()}` }, /campaign_id: no campaign/],
    ];
    for (const [client, tool, args, pattern] of cases) {
      const text = errorText(await call(client, tool, args));
      assert.match(text, pattern, `${tool} ${JSON.stringify(args)}`);
      assert.match(text, /nothing was/, text);
    }
    assert.equal((await stack.list('/_sim/requests')).length, before, 'no request reached the simulator');
  });

  test('starts a 5-contact campaign over HTTP after a dry run, and watches it to the end with done/total progress', async () => {
    const zone = middayZone(Date.now());
    const phones = Array.from({ length: 5 }, (_, i) => `+1415556${String(7001 + i)}`);
    const answers = ['yes', 'no', 'maybe', 'yes', 'yes'];
    for (const [i, phone] of phones.entries())
      await stack.control('/_sim/callees', {
        phoneNumber: phone,
        persona: 'person',
        options: { answer: answers[i] },
      });
    const campaignId = `mcp-camp-${randomUUID().slice(0, 8)}`;
    const args = {
      contacts: [
        ...phones.map((phone, i) => ({ phone, name: `Person ${i + 1}`, timezone: zone })),
        { phone: '911', name: 'x' },
      ],
      prompt: 'Remind {{name}} of the appointment tomorrow at 10 and ask whether they will come.',
      window: '08:00-21:00',
      days: 'mon-sun',
      request_id: campaignId,
    };
    const requestsBefore = (await stack.list('/_sim/requests')).length;
    const dry = ok<{
      outcome: string;
      check: {
        rows: number;
        callable: number;
        problem_counts: Record<string, number>;
        first_calls: { prompt: string }[];
      };
    }>(await call(http, 'start_campaign', args));
    assert.equal(dry.outcome, 'dry_run');
    assert.deepEqual(
      [dry.check.rows, dry.check.callable, dry.check.problem_counts],
      [6, 5, { not_dialable: 1 }],
    );
    assert.match(dry.check.first_calls[0]!.prompt, /Remind Person 1 of/);
    assert.equal((await stack.list('/_sim/requests')).length, requestsBefore, 'a dry run calls nobody');

    const started = ok<{ outcome: string; campaign_id: string }>(
      await call(http, 'start_campaign', { ...args, dry_run: false }),
    );
    assert.deepEqual([started.outcome, started.campaign_id], ['started', campaignId]);
    const progress: { progress: number; total?: number }[] = [];
    const watched = ok<{
      finished: boolean;
      status: { state: string; done: number; total: number; byAnswer: Record<string, number> };
    }>(await call(http, 'campaign_status', { campaign_id: campaignId, wait_seconds: 90 }, progress));
    assert.deepEqual([watched.status.state, watched.status.done, watched.status.total], ['completed', 5, 5]);
    assert.deepEqual(watched.status.byAnswer, { confirmed: 3, declined: 1, unclear: 1 });
    assert.ok(progress.length >= 1 && progress.every((p) => p.total === 5), JSON.stringify(progress));
    assert.equal(progress.at(-1)?.progress, 5);

    const again = ok<{ outcome: string }>(await call(http, 'start_campaign', { ...args, dry_run: false }));
    assert.equal(again.outcome, 'already_started', 'the same request_id starts nothing new');
    const results = ok<{ rows: { phone: string; state: string }[]; more: boolean }>(
      await call(http, 'campaign_results', { campaign_id: campaignId, limit: 3 }),
    );
    assert.deepEqual(
      results.rows.map((r) => r.phone),
      phones.slice(0, 3),
    );
    assert.equal(results.more, true);
    const calls = (await stack.list<{ toNumber: string }>('/_sim/calls')).filter((c) =>
      phones.includes(c.toNumber),
    );
    assert.equal(calls.length, 5, 'one call per contact, the retried start included');
    const resource = await http.readResource({ uri: `ringflow://campaign/${campaignId}` });
    assert.equal((JSON.parse((resource.contents[0] as { text: string }).text) as { done: number }).done, 5);
  });

  test('cancels a reservation waiting on the human', async () => {
    const phone = '+14155550134';
    await restaurant(phone, ['18:00', '20:30']);
    const requestId = `mcp-cancel-${randomUUID().slice(0, 8)}`;
    const waiting = ok<{ status: { state: string } }>(
      await call(http, 'book_table', { ...booking(phone, requestId), wait_seconds: 60 }),
    );
    assert.equal(waiting.status.state, 'awaiting_reply');
    const cancelled = ok<{ finished: boolean; status: { state: string } }>(
      await call(http, 'cancel_reservation', { request_id: requestId }),
    );
    assert.deepEqual([cancelled.status.state, cancelled.finished], ['cancelled', true]);
    const twice = ok<{ status: { state: string } }>(
      await call(http, 'cancel_reservation', { request_id: requestId }),
    );
    assert.equal(twice.status.state, 'cancelled');
  });

  test('pauses, resumes and cancels a campaign waiting for its window', async () => {
    // Midday in the contact's zone, a window of 08:00-09:00: nobody is called today.
    const zone = middayZone(Date.now());
    const campaignId = `mcp-ctl-${randomUUID().slice(0, 8)}`;
    const started = ok<{ outcome: string }>(
      await call(http, 'start_campaign', {
        contacts: [{ phone: '+14155557101', timezone: zone }],
        prompt: 'Hello.',
        window: '08:00-09:00',
        days: 'mon-sun',
        campaign_id: campaignId,
        dry_run: false,
      }),
    );
    assert.equal(started.outcome, 'started');
    const state = async (tool: string, args: Record<string, unknown> = {}) =>
      ok<{ status: { state: string } }>(await call(http, tool, { campaign_id: campaignId, ...args })).status
        .state;
    assert.equal(await state('pause_campaign'), 'paused');
    assert.equal(await state('resume_campaign'), 'running');
    assert.match(await state('cancel_campaign'), /^cancell(ing|ed)$/);
    assert.equal(await state('campaign_status', { wait_seconds: 30 }), 'cancelled');
    const calls = (await stack.list<{ toNumber: string }>('/_sim/calls')).filter(
      (c) => c.toNumber === '+14155557101',
    );
    assert.equal(calls.length, 0);
  });

  test('with Temporal unreachable, a tool call is a clear error and the server stays up', async () => {
    const client = new Client({ name: 'no-temporal', version: '1' });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [join(PROJECT_ROOT, 'bin', 'ringflow.mjs'), 'mcp'],
        cwd: PROJECT_ROOT,
        env: { ...serverEnv(), TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` },
        stderr: 'pipe',
      }),
    );
    try {
      for (let i = 0; i < 2; i += 1) {
        const text = errorText(
          await call(client, 'send_sms', { to: HUMAN, body: 'hello', request_id: `x-${i}` }),
        );
        assert.match(text, /Cannot reach Temporal .*still running/s);
      }
      assert.equal((await client.listTools()).tools.length, 15, 'the server still answers');
    } finally {
      await client.close();
    }
  });

  test('HTTP without the token, or with a wrong one, is 401 and reaches no tool', async () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} });
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    const none = await fetch(httpUrl, { method: 'POST', headers, body });
    assert.equal(none.status, 401);
    assert.match(none.headers.get('www-authenticate') ?? '', /^Bearer/);
    const wrong = await fetch(httpUrl, {
      method: 'POST',
      headers: { ...headers, authorization: `Bearer ${TOKEN.slice(0, -1)}x` },
      body,
    });
    assert.equal(wrong.status, 401);
    const right = await fetch(httpUrl, {
      method: 'POST',
      headers: { ...headers, authorization: `Bearer ${TOKEN}` },
      body,
    });
    assert.equal(right.status, 200);
    const client = new Client({ name: 'no-token', version: '1' });
    await assert.rejects(client.connect(new StreamableHTTPClientTransport(new URL(httpUrl))));
  });

  test('the HTTP transport refuses to start without a token unless on loopback with the flag', async () => {
    const refused = runCli(['mcp', '--http', '--port', '0'], serverEnv());
    assert.equal(await refused.exited(), 2, 'a missing token is bad input');
    assert.match(refused.output(), /RINGFLOW_MCP_TOKEN is not set/);
    const open = runCli(['mcp', '--http', '--port', '0', '--allow-no-token-on-loopback'], serverEnv());
    const url = (await open.waitFor(/Streamable HTTP on (http:\/\/\S+)/, 60_000))[1]!;
    const client = new Client({ name: 'loopback', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    const status = ok<{ temporal: string; task_queue: string }>(await call(client, 'ringflow_status', {}));
    // A page of another site reaching the loopback port through DNS rebinding names its own host.
    const rebound = await new Promise<number>((resolve, reject) => {
      const target = new URL(url);
      const req = request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: { host: `attacker.example:${target.port}`, 'content-type': 'application/json' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }));
    });
    assert.equal(rebound, 403);
    assert.deepEqual([status.temporal, status.task_queue], ['reachable', stack.taskQueue]);
    await client.close();
    await open.stop();
  });
});
