import { test } from 'node:test';
import assert from 'node:assert/strict';
import { usageRefusal } from '../../helpers/usage-refusal';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../client/commands/suppress';

// Each of these is refused before any connection is made: TEMPORAL_ADDRESS points nowhere on purpose.
process.env.TEMPORAL_ADDRESS = '127.0.0.1:1';

const refusal = (argv: string[]) => usageRefusal(main, argv);

test('ringflow suppress refuses bad input by name, before anything is written', async () => {
  assert.match(await refusal(['forget', '+14155550123']), /^unknown command 'forget'/);
  assert.match(await refusal(['chek', '+14155550123']), /^unknown command 'chek'\n\(Did you mean check\?\)/);
  assert.match(await refusal(['add']), /^missing required argument 'number'/);
  assert.match(await refusal(['add', '']), /^Missing the number/);
  assert.match(await refusal(['add', '911']), /^number "911": .*\(nothing was changed\)\.$/);
  assert.match(await refusal(['add', 'call me']), /^number "call me": /);
  assert.match(
    await refusal(['add', '+14155550123', '--reason', 'x'.repeat(201)]),
    /^--reason: at most 200 characters/,
  );
  assert.match(await refusal(['import']), /^missing required argument 'file'/);
  assert.match(await refusal(['export', '--json']), /^export --json needs a <file>/);
  assert.match(
    await refusal(['import', '/nonexistent/dnc.csv']),
    /^\/nonexistent\/dnc\.csv: .*nothing was imported/,
  );
});

test('a file with a bad row is refused whole, without connecting to Temporal', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'ringflow-suppress-')), 'dnc.csv');
  writeFileSync(file, 'number\n+14155550123\n112\n');
  const written: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = (chunk: string) => (written.push(String(chunk)), true);
  try {
    assert.equal(await main(['import', file]), 2, 'bad input');
  } finally {
    process.stderr.write = write;
  }
  assert.match(written.join(''), /dnc\.csv:3: number "112": /);
  assert.match(written.join(''), /1 bad row\(s\); nothing was imported\. Fix them, or pass --skip-invalid/);
});

test('a good number reaches the connection step', async () => {
  assert.match(await refusal(['add', '(415) 555-0123']), /^Cannot reach Temporal at 127\.0\.0\.1:1/);
});

test('suppress without a subcommand exits 2 with the subcommands listed on stderr', async () => {
  const written: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = (chunk: string) => (written.push(String(chunk)), true);
  try {
    assert.equal(await main([]), 2);
  } finally {
    process.stderr.write = write;
  }
  assert.match(written.join(''), /Usage: ringflow suppress/);
  assert.match(written.join(''), /import \[options\] <file>/);
});
