import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { main } from '../../../client/commands/outcome';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../../bin/ringflow.mjs');

let dir: string;
const file = (name: string) => join(dir, name);

/** An `agent.call_ended` webhook body, saved as the ingress would receive it. */
const webhookBody = {
  event: 'agent.call_ended',
  channel: 'voice',
  timestamp: '2026-12-04T18:05:00Z',
  agentId: 'agt_0a1b2c3d4e5f6071',
  data: {
    callId: 'call_9d8c7b6a5f4e3d21',
    status: 'completed',
    startedAt: '2026-12-04T18:03:00Z',
    endedAt: '2026-12-04T18:05:00Z',
    durationSeconds: 120,
    disconnectionReason: 'user_hangup',
    transcript: [
      { role: 'agent', content: "Hi, I'd like to book a table for two on Saturday at 7pm under Manav." },
      { role: 'user', content: "We don't have 7, but we could do half past eight or 9:15." },
      { role: 'agent', content: "Thanks, I'll check with my client and call back." },
    ],
    summary: null,
    userSentiment: 'Neutral',
    callSuccessful: null,
  },
  conversationState: null,
  recentHistory: [],
};

/** The same kind of call from GET /v1/calls/{id}: paired turns. */
const callDetail = {
  id: 'call_1',
  status: 'completed',
  endedAt: '2026-12-04T18:05:00Z',
  transcripts: [
    {
      id: 'tr_1',
      transcript: '',
      confidence: 1,
      response: 'Hi, a table for two on Saturday at 7pm under Manav?',
      createdAt: '2026-12-04T18:03:01Z',
    },
    {
      id: 'tr_2',
      transcript: "Yes, you're all set, see you Saturday!",
      confidence: 0.9,
      response: 'Thank you!',
      createdAt: '2026-12-04T18:03:09Z',
    },
  ],
};

function capture() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const text = { out: '', err: '' };
  stdout.on('data', (c) => (text.out += c));
  stderr.on('data', (c) => (text.err += c));
  return { io: { stdout, stderr, env: {} }, text };
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'ringflow-outcome-'));
  writeFileSync(file('webhook.json'), JSON.stringify(webhookBody));
  writeFileSync(file('detail.json'), JSON.stringify(callDetail));
  writeFileSync(
    file('busy.json'),
    JSON.stringify({ status: 'failed', disconnectionReason: 'dial_busy', transcript: [] }),
  );
  writeFileSync(file('broken.json'), '{"transcript": [');
  writeFileSync(file('odd.json'), JSON.stringify({ transcript: [{ role: 'robot', content: 'beep' }] }));
});

after(() => rmSync(dir, { recursive: true, force: true }));

describe('ringflow outcome', () => {
  test('prints the outcome of a saved webhook body as JSON', async () => {
    const { io, text } = capture();
    await main(
      [
        '--kind',
        'reservation',
        '--transcript',
        file('webhook.json'),
        '--party',
        '2',
        '--date',
        '2026-12-05',
        '--time',
        '19:00',
        '--name',
        'Manav',
        '--json',
      ],
      io,
    );
    const outcome = JSON.parse(text.out);
    assert.equal(outcome.kind, 'alternative_offered');
    assert.deepEqual(outcome.alternatives, [
      { date: '2026-12-05', time: '20:30' },
      { date: '2026-12-05', time: '21:15' },
    ]);
    assert.deepEqual(
      outcome.evidence.map((l: { index: number }) => l.index),
      [1],
    );
    assert.equal(text.err, '');
  });

  test('prints a readable booking from a call detail, noting the request details it assumed', async () => {
    const { io, text } = capture();
    await main(['--kind', 'reservation', '--transcript', file('detail.json')], io);
    assert.match(text.out, /^Outcome: +booked \(from transcript\)$/m);
    // "Saturday" resolves against the call's day (Friday the 4th); the name is the one the agent gave.
    assert.match(text.out, /^Booking: +2026-12-05 19:00, party of 2, under Manav$/m);
    assert.match(text.out, /\[1\] callee: Yes, you're all set/);
    assert.match(text.err, /assuming party 2, date 2026-12-04, time 19:00, name \(not given\)/);
  });

  test('prints a dial failure with no evidence lines', async () => {
    const { io, text } = capture();
    await main(['--kind', 'reservation', '--transcript', file('busy.json')], io);
    assert.match(text.out, /Outcome: +busy \(from analysis\)/);
    assert.match(text.out, /no transcript lines/);
  });

  const badInput: Array<[string, string[], RegExp]> = [
    [
      'a missing --transcript',
      ['--kind', 'reservation'],
      /--transcript: missing: pass --transcript <file.json>/,
    ],
    [
      'an unsupported --kind',
      ['--kind', 'campaign', '--transcript', 'x.json'],
      /--kind: only "reservation" is supported/,
    ],
    [
      'a malformed --time',
      ['--kind', 'reservation', '--transcript', 'x.json', '--time', '7pm'],
      /--time: must be HH:MM in 24-hour time/,
    ],
    [
      'a malformed --date',
      ['--kind', 'reservation', '--transcript', 'x.json', '--date', '05/12/2026'],
      /--date: must be YYYY-MM-DD/,
    ],
    [
      'a non-numeric --party',
      ['--kind', 'reservation', '--transcript', 'x.json', '--party', 'two'],
      /--party: must be a number of people/,
    ],
    [
      'an unknown --time-zone',
      ['--kind', 'reservation', '--transcript', 'x.json', '--time-zone', 'Mars/Olympus'],
      /--time-zone: must be an IANA time zone/,
    ],
  ];
  for (const [what, argv, message] of badInput) {
    test(`rejects ${what} with a ConfigError naming the flag`, async () => {
      await assert.rejects(
        main(argv, capture().io),
        (err: Error) => err.name === 'ConfigError' && message.test(err.message),
      );
    });
  }

  test('rejects an unknown flag with a UsageError naming it and the nearest real flag', async () => {
    await assert.rejects(
      main(['--kind', 'reservation', '--transcript', 'x.json', '--time-zon', 'UTC'], capture().io),
      (err: Error) =>
        err.name === 'UsageError' &&
        /unknown option '--time-zon'\n\(Did you mean --time-zone\?\)/.test(err.message),
    );
  });

  test('names the file problem: missing, not JSON, or not a transcript', async () => {
    const args = (name: string) => ['--kind', 'reservation', '--transcript', file(name)];
    await assert.rejects(
      main(args('nope.json'), capture().io),
      /--transcript: cannot read .*nope\.json \(ENOENT\)/,
    );
    await assert.rejects(
      main(args('broken.json'), capture().io),
      /--transcript: .*broken\.json is not valid JSON/,
    );
    await assert.rejects(main(args('odd.json'), capture().io), /--transcript: .*transcript\[0\]\.role/);
  });

  test('runs as `ringflow outcome` from the command line, and fails cleanly on a bad flag', async () => {
    const { stdout } = await run(process.execPath, [
      BIN,
      'outcome',
      '--kind',
      'reservation',
      '--transcript',
      file('webhook.json'),
      '--date',
      '2026-12-05',
      '--json',
    ]);
    assert.equal(JSON.parse(stdout).kind, 'alternative_offered');

    const failed = await run(process.execPath, [
      BIN,
      'outcome',
      '--kind',
      'reservation',
      '--transcript',
      file('webhook.json'),
      '--party',
      '0',
    ]).then(
      () => assert.fail('expected a non-zero exit'),
      (err: { code: number; stderr: string }) => err,
    );
    assert.equal(failed.code, 2, 'bad options are bad input');
    assert.match(failed.stderr, /ringflow outcome: Invalid options:\n {2}--party: must be at least 1/);
    assert.doesNotMatch(failed.stderr, /\n\s+at /, 'printed a stack trace');
  });
});
