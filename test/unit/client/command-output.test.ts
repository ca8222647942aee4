import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { CommandOutput, colourAllowed, type OutputStreams } from '../../../client/output';

/** Streams that record what was written; `tty` makes them look like a terminal. */
function streams(tty: boolean, env: NodeJS.ProcessEnv = {}) {
  const written = { stdout: '', stderr: '' };
  const make = (key: 'stdout' | 'stderr') => {
    const stream = new PassThrough() as PassThrough & { isTTY?: boolean };
    stream.isTTY = tty;
    if (tty) Object.assign(stream, { cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
    stream.on('data', (chunk: Buffer) => (written[key] += chunk.toString()));
    return stream;
  };
  const all: OutputStreams = { stdout: make('stdout'), stderr: make('stderr'), env };
  return { all, written };
}

test('--json prints the value as one JSON document and nothing else on stdout', () => {
  const { all, written } = streams(true);
  const output = new CommandOutput({ json: true }, all);
  output.result({ workflowId: 'call:1' }, 'Started call:1.');
  output.note('a hint for people');
  assert.deepEqual(JSON.parse(written.stdout), { workflowId: 'call:1' });
  assert.equal(written.stderr, 'a hint for people\n');
});

test('text goes to stdout; colour only on a terminal and never with NO_COLOR', () => {
  const pipe = streams(false);
  const plain = new CommandOutput({}, pipe.all);
  plain.result({}, [plain.ok('booked'), 'second line']);
  assert.equal(pipe.written.stdout, 'booked\nsecond line\n');

  const tty = streams(true);
  const coloured = new CommandOutput({}, tty.all);
  coloured.result({}, () => coloured.bad('failed'));
  assert.match(tty.written.stdout, /\u001b\[31mfailed\u001b\[39m/);

  assert.equal(colourAllowed({ isTTY: true }, { NO_COLOR: '1' }), false);
  assert.equal(colourAllowed({ isTTY: true }, { TERM: 'dumb' }), false);
  assert.equal(colourAllowed({ isTTY: false }, { FORCE_COLOR: '1' }), true);
  assert.equal(new CommandOutput({ json: true }, streams(true).all).ok('x'), 'x');
});

test('waitFor returns the work’s value, and its error, whether or not a spinner turns', async () => {
  for (const tty of [false, true]) {
    const { all, written } = streams(tty);
    const output = new CommandOutput({}, all);
    assert.equal(await output.waitFor('waiting…', Promise.resolve(42)), 42);
    await assert.rejects(output.waitFor('waiting…', Promise.reject(new Error('boom'))), /boom/);
    if (!tty) assert.equal(written.stderr, '', 'no spinner on a pipe');
    else assert.match(written.stderr, /waiting…/, 'the spinner drew its text');
  }
});
