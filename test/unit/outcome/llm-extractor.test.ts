import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createLogger } from '../../../common/process/logger';
import { extractReservationOutcome, type OutcomeExtractor } from '../../../outcome/extractors';
import { createLlmExtractor } from '../../../outcome/llm-extractor';
import type { TableWanted } from '../../../outcome/reservation';

const API_KEY = 'sk-test-0123456789abcdef';
const request: TableWanted = { partySize: 2, date: '2026-12-05', time: '19:00', name: 'Manav' };
/** A call the deterministic readers cannot decide, so the model gets a say. */
const transcript = [
  { role: 'agent', content: "Hi, I'd like to book a table for two on Saturday at 7pm under Manav." },
  { role: 'user', content: 'Mm, hmm, the, uh, the 7:30 slot, yeah, I will put it in.' },
];

/** What the fake endpoint answers next: a chat completion whose content is this, or raw behaviour. */
type Reply = { content: string } | { status: number; body: string } | { delayMs: number };

interface Seen {
  headers: IncomingHttpHeaders;
  url: string;
  body: Record<string, unknown>;
}

let server: Server;
let baseUrl: string;
let reply: Reply;
const seen: Seen[] = [];
const logLines: string[] = [];
const logger = createLogger({
  level: 'debug',
  destination: new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  }),
});

before(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      seen.push({
        headers: req.headers,
        url: req.url ?? '',
        body: JSON.parse(raw) as Record<string, unknown>,
      });
      if ('delayMs' in reply) return void setTimeout(() => res.end('{}'), reply.delayMs).unref();
      if ('status' in reply)
        return void res.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body);
      const completion = {
        id: 'cmpl_1',
        object: 'chat.completion',
        choices: [{ index: 0, message: { role: 'assistant', content: reply.content } }],
      };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(completion));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen.length = 0;
});

/** Stands after the LLM in the chain to prove the chain fell through to it. */
const nextInChain: OutcomeExtractor = {
  name: 'next',
  extract: async (input) => ({
    kind: 'full',
    source: 'transcript',
    reason: 'fell through',
    evidence: input.lines.slice(1),
  }),
};

async function classify(answer: Reply, timeoutMs = 2_000) {
  reply = answer;
  const llm = createLlmExtractor({ baseUrl, apiKey: API_KEY, model: 'tiny-model', timeoutMs, logger });
  return extractReservationOutcome(
    { call: { status: 'completed', transcript }, request },
    { extractors: [llm, nextInChain], logger },
  );
}

describe('LLM outcome extractor', () => {
  test('uses a valid answer, with evidence taken from the cited lines', async () => {
    const outcome = await classify({
      content: JSON.stringify({
        kind: 'booked',
        time: '19:30',
        partySize: 2,
        evidence: [1],
        reason: 'restaurant put the 7:30 slot in',
      }),
    });
    assert.equal(outcome.source, 'llm');
    assert.equal(outcome.kind, 'booked');
    assert.ok(outcome.kind === 'booked');
    assert.equal(outcome.time, '19:30');
    assert.equal(outcome.date, '2026-12-05');
    assert.deepEqual(outcome.assumedFromRequest, ['date', 'name']);
    assert.deepEqual(outcome.evidence, [{ index: 1, role: 'callee', text: transcript[1]!.content }]);
  });

  test('posts an OpenAI-style JSON-mode request with the key as a bearer header', async () => {
    await classify({ content: JSON.stringify({ kind: 'full', evidence: [1], reason: 'no room' }) });
    const [call] = seen;
    assert.ok(call);
    assert.equal(call.url, '/v1/chat/completions');
    assert.equal(call.headers.authorization, `Bearer ${API_KEY}`);
    assert.equal(call.body.model, 'tiny-model');
    assert.deepEqual(call.body.response_format, { type: 'json_object' });
    const messages = call.body.messages as Array<{ role: string; content: string }>;
    assert.equal(messages[0]?.role, 'system');
    assert.match(messages[1]?.content ?? '', /\[1\] callee: Mm, hmm/);
  });

  const failures: Array<[string, Reply, RegExp]> = [
    ['an answer that is not JSON', { content: 'The table is booked!' }, /JSON/],
    [
      'an answer that breaks the schema',
      { content: JSON.stringify({ kind: 'booked', time: '7:30pm', evidence: [1], reason: 'x' }) },
      /time must be HH:MM/,
    ],
    [
      'an answer of an unknown kind',
      { content: JSON.stringify({ kind: 'maybe', evidence: [1], reason: 'x' }) },
      /validation/,
    ],
    [
      'evidence pointing past the transcript',
      { content: JSON.stringify({ kind: 'full', evidence: [1, 7], reason: 'x' }) },
      /line\(s\) 7/,
    ],
    [
      'evidence citing no line',
      { content: JSON.stringify({ kind: 'full', evidence: [], reason: 'x' }) },
      /at least one line/,
    ],
    ['an HTTP 500', { status: 500, body: '{"error":{"message":"boom"}}' }, /HTTP 500/],
    ['a completion without choices', { status: 200, body: '{"choices":[]}' }, /validation/],
  ];
  for (const [what, answer, logged] of failures) {
    test(`falls through to the next extractor on ${what}`, async () => {
      logLines.length = 0;
      const outcome = await classify(answer);
      assert.equal(outcome.reason, 'fell through');
      assert.ok(
        logLines.some((l) => l.includes('"extractor":"llm"') && logged.test(l)),
        logLines.join('\n'),
      );
    });
  }

  test('falls through when the endpoint does not answer within the timeout', async () => {
    logLines.length = 0;
    // The endpoint would answer (a valid reading) after 5 s: falling through proves the 150 ms cut.
    const outcome = await classify({ delayMs: 5_000 }, 150);
    assert.equal(outcome.reason, 'fell through');
    assert.ok(logLines.some((l) => /timed out/.test(l)));
  });

  test('lets the chain go on when the model itself is unsure', async () => {
    const outcome = await classify({ content: JSON.stringify({ kind: 'unclear', reason: 'mumbling' }) });
    assert.equal(outcome.reason, 'fell through');
  });

  test('never writes the API key to the log', async () => {
    logLines.length = 0;
    await classify({ status: 401, body: `{"error":"bad key ${API_KEY}"}` });
    await classify({ content: 'not json' });
    assert.ok(logLines.length >= 2);
    assert.ok(logLines.every((l) => !l.includes(API_KEY) && !l.includes('0123456789abcdef')));
  });

  test('sends no authorization header when no key is configured', async () => {
    reply = { content: JSON.stringify({ kind: 'voicemail', evidence: [0], reason: 'machine' }) };
    const llm = createLlmExtractor({ baseUrl, model: 'tiny-model', timeoutMs: 2_000 });
    const outcome = await llm.extract({
      call: { status: 'completed', transcript },
      request,
      lines: [{ index: 0, role: 'callee', text: 'Leave a message.' }],
    });
    assert.equal(outcome?.kind, 'voicemail');
    assert.equal(seen[0]?.headers.authorization, undefined);
  });
});
