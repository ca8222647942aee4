import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from '../../../client/cli';

/** Runs the CLI in-process with stderr captured, so the exit code and the message can be checked. */
async function runQuietly(argv: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = (chunk: string | Uint8Array) => ((stderr += String(chunk)), true);
  try {
    return { code: await run(argv), stderr };
  } finally {
    process.stderr.write = write;
  }
}

test('bad input exits 2 with the flag named and no stack trace: a bad flag, a missing one, an unknown command', async () => {
  const badFlag = await runQuietly(['call', '--to', '911', '--prompt', 'hi']);
  assert.equal(badFlag.code, 2, badFlag.stderr);
  assert.match(badFlag.stderr, /--to: .*nothing was called/);
  assert.doesNotMatch(badFlag.stderr, /\n\s+at /);

  const missing = await runQuietly(['sms', '--body', 'hi']);
  assert.equal(missing.code, 2, missing.stderr);
  assert.match(missing.stderr, /--to/);

  const unknown = await runQuietly(['bokk']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command 'bokk'\n\(Did you mean book\?\)/);
});

test('a failure that is not bad input exits 1: Temporal unreachable', async () => {
  const saved = process.env.TEMPORAL_ADDRESS;
  // A port nothing listens on: the command cannot reach Temporal.
  process.env.TEMPORAL_ADDRESS = '127.0.0.1:1';
  try {
    const down = await runQuietly(['reservation', 'status', 'nope']);
    assert.equal(down.code, 1, down.stderr);
  } finally {
    if (saved === undefined) delete process.env.TEMPORAL_ADDRESS;
    else process.env.TEMPORAL_ADDRESS = saved;
  }
});
