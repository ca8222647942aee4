import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import type { CampaignStatus } from '../../../workflows/campaign/types';
import {
  StatusLines,
  countsText,
  etaText,
  statusLine,
  watchExitCode,
} from '../../../client/campaign/watch-view';
import { watchCampaign } from '../../../client/campaign/watch';

function status(over: Partial<CampaignStatus> = {}): CampaignStatus {
  return {
    campaignId: 'spring',
    state: 'running',
    total: 50,
    pending: 40,
    active: 5,
    done: 5,
    byState: { answered: 4, busy: 1 },
    byAnswer: { confirmed: 3, declined: 1 },
    attempts: 6,
    concurrency: 5,
    deadlineMs: 0,
    etaMs: 90_000,
    ...over,
  };
}

/** A stream that records what was written, as a terminal (isTTY) or as a pipe. */
function sink(isTTY: boolean) {
  const stream = new PassThrough() as PassThrough & { isTTY?: boolean; columns?: number };
  if (isTTY) {
    stream.isTTY = true;
    stream.columns = 200;
  }
  let text = '';
  stream.on('data', (d: Buffer) => (text += d.toString()));
  return { stream, text: () => text };
}

test('counts read largest first, with words for underscores, and "none yet" when empty', () => {
  assert.equal(countsText({ no_answer: 2, answered: 7, busy: 2 }), 'answered 7, busy 2, no answer 2');
  assert.equal(countsText({}), 'none yet');
  assert.equal(countsText({ busy: 0 }), 'none yet');
});

test('the ETA reads in seconds, minutes, hours or days, and unknown before a rate exists', () => {
  assert.deepEqual([null, 45_000, 200_000, 3_900_000, 3 * 86_400_000 + 7_200_000].map(etaText), [
    'unknown',
    '45s',
    '3m 20s',
    '1h 05m',
    '3d 2h',
  ]);
});

test('completed exits 0, cancelled exits 3, and every other state keeps watching', () => {
  assert.deepEqual(
    (['completed', 'cancelled', 'running', 'paused', 'cancelling'] as const).map(watchExitCode),
    [0, 3, null, null, null],
  );
});

test('a status line gives done/total, counts by state and answer, calls and the ETA', () => {
  assert.equal(
    statusLine(status()),
    'campaign spring running: 5/50 done (10%), 5 in progress, 40 waiting; results: answered 4, busy 1; ' +
      'answers: confirmed 3, declined 1; 6 calls; ETA 1m 30s',
  );
  // The final line has no ETA: there is nothing left to wait for.
  assert.doesNotMatch(statusLine(status({ state: 'completed', done: 50, pending: 0, active: 0 })), /ETA/);
});

test('lines are written on change only, at most once per interval, and the final one always', () => {
  const lines = new StatusLines(5_000);
  assert.ok(lines.next(status(), 0), 'the first status is written');
  assert.equal(lines.next(status({ etaMs: 80_000 }), 1_000), null, 'an ETA that moved is not a change');
  assert.equal(lines.next(status({ done: 6 }), 2_000), null, 'a change inside the interval waits');
  assert.match(lines.next(status({ done: 6 }), 5_000) ?? '', /6\/50 done/, 'and is written after it');
  assert.equal(lines.next(status({ done: 6 }), 20_000), null, 'no change, no line, however long');
  assert.match(
    lines.next(status({ done: 50, state: 'completed' }), 20_001) ?? '',
    /completed: 50\/50/,
    'the final state is written even inside the interval',
  );
});

test('watch on a pipe writes quiet lines and exits 0 with the final counts line when the campaign completes', async () => {
  const sequence = [
    status({ done: 0, byState: {}, byAnswer: {}, attempts: 0, etaMs: null }),
    status({ done: 10 }),
    status({ done: 20 }),
    status({ state: 'completed', done: 50, pending: 0, active: 0, byState: { answered: 50 } }),
  ];
  let reads = 0;
  let clock = 0;
  const out = sink(false);
  const err = sink(false);
  const code = await watchCampaign({
    readStatus: async () => sequence[Math.min(reads++, sequence.length - 1)]!,
    out: out.stream,
    err: err.stream,
    pollMs: 1,
    lineIntervalMs: 5_000,
    // Each poll is 3 s apart: the 10-done line falls inside the interval after the first, 20 does not.
    now: () => (clock += 3_000),
  });
  assert.equal(code, 0);
  const lines = out.text().trimEnd().split('\n');
  assert.equal(lines.length, 3, out.text());
  assert.match(lines[0]!, /0\/50 done .*ETA unknown/);
  assert.match(lines[1]!, /20\/50 done/);
  assert.equal(
    lines[2],
    'campaign spring completed: 50/50 done (100%), 0 in progress, 0 waiting; results: answered 50; ' +
      'answers: confirmed 3, declined 1; 6 calls',
  );
  assert.equal(err.text(), '');
});

test('watch exits 3 when the campaign is cancelled', async () => {
  const out = sink(false);
  const code = await watchCampaign({
    readStatus: async () => status({ state: 'cancelled', byState: { cancelled: 45, answered: 5 } }),
    out: out.stream,
    err: sink(false).stream,
    pollMs: 1,
  });
  assert.equal(code, 3);
  assert.match(out.text(), /campaign spring cancelled: 5\/50 done .*cancelled 45/);
});

test('watch exits 1 and says why when the first read fails, or when reads keep failing', async () => {
  const err = sink(false);
  const unknown = await watchCampaign({
    readStatus: async () => {
      throw new Error('no campaign "nope"');
    },
    out: sink(false).stream,
    err: err.stream,
    pollMs: 1,
  });
  assert.equal(unknown, 1);
  assert.match(err.text(), /Cannot read the campaign's status: no campaign "nope"/);

  // A blip after the first read is ridden out; a run of failures is not.
  let reads = 0;
  const blips = await watchCampaign({
    readStatus: async () => {
      reads += 1;
      if (reads === 1) return status();
      if (reads === 2) throw new Error('unavailable');
      if (reads === 3) return status({ state: 'completed', done: 50 });
      throw new Error('not reached');
    },
    out: sink(false).stream,
    err: sink(false).stream,
    pollMs: 1,
  });
  assert.equal(blips, 0);
  const down = sink(false);
  reads = 0;
  const gone = await watchCampaign({
    readStatus: async () => {
      reads += 1;
      if (reads === 1) return status();
      throw new Error('unavailable');
    },
    out: sink(false).stream,
    err: down.stream,
    pollMs: 1,
    maxFailedPolls: 3,
  });
  assert.deepEqual([gone, reads], [1, 4]);
  assert.match(down.text(), /unavailable/);
});

test('Ctrl-C stops the watch (exit 130) without a final state, and says the campaign keeps running', async () => {
  const stop = new AbortController();
  const err = sink(false);
  let reads = 0;
  const code = await watchCampaign({
    readStatus: async () => {
      reads += 1;
      // Pressed while the watch waits for its next poll.
      setImmediate(() => stop.abort());
      return status();
    },
    out: sink(false).stream,
    err: err.stream,
    pollMs: 60_000,
    signal: stop.signal,
  });
  assert.deepEqual([code, reads], [130, 1]);
  assert.match(err.text(), /Stopped watching; campaign spring keeps running/);
});

test('on a terminal watch draws a progress bar with the counts, then leaves the final counts line', async () => {
  const sequence = [status({ done: 10 }), status({ state: 'completed', done: 50, pending: 0, active: 0 })];
  let reads = 0;
  const out = sink(true);
  const code = await watchCampaign({
    readStatus: async () => sequence[Math.min(reads++, 1)]!,
    out: out.stream,
    err: sink(false).stream,
    pollMs: 1,
  });
  assert.equal(code, 0);
  const text = out.text();
  assert.match(text, /spring running \[[█░]+\] 10\/50 done \| answered 4, busy 1 \| answers: confirmed 3/);
  assert.match(text, /ETA 1m 30s/);
  assert.match(text, /\ncampaign spring completed: 50\/50 done \(100%\)[^\n]*\n$/);
});

test('watch --json writes one JSON line per change (even on a terminal, ETA moves ignored), then the final status with its exit code', async () => {
  const sequence = [
    status({ done: 0, etaMs: null }),
    status({ done: 0, etaMs: 50_000 }),
    status({ done: 10 }),
    status({ state: 'cancelled', done: 12, byState: { cancelled: 38, answered: 12 } }),
  ];
  let reads = 0;
  const out = sink(true);
  const code = await watchCampaign({
    readStatus: async () => sequence[Math.min(reads++, sequence.length - 1)]!,
    out: out.stream,
    err: sink(false).stream,
    pollMs: 1,
    json: true,
  });
  assert.equal(code, 3);
  const events = out
    .text()
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as { type: string; exitCode?: number; status: CampaignStatus });
  assert.deepEqual(
    events.map((e) => [e.type, e.status.done, e.exitCode]),
    [
      ['progress', 0, undefined],
      ['progress', 10, undefined],
      ['final', 12, 3],
    ],
  );
  assert.equal(events[2]!.status.state, 'cancelled');
});

test('watch --json ends with a final line carrying exit 1 when reads keep failing', async () => {
  let reads = 0;
  const out = sink(false);
  const code = await watchCampaign({
    readStatus: async () => {
      reads += 1;
      if (reads === 1) return status();
      throw new Error('unavailable');
    },
    out: out.stream,
    err: sink(false).stream,
    pollMs: 1,
    maxFailedPolls: 2,
    json: true,
  });
  assert.equal(code, 1);
  const last = JSON.parse(out.text().trimEnd().split('\n').pop()!) as { type: string; exitCode: number };
  assert.deepEqual([last.type, last.exitCode], ['final', 1]);
});
