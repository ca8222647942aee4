import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { usageRefusal } from '../../helpers/usage-refusal';
import { main } from '../../../client/commands/campaign';

// Nothing here may reach Temporal: TEMPORAL_ADDRESS points nowhere, so a connection attempt fails loudly.
process.env.TEMPORAL_ADDRESS = '127.0.0.1:1';

test('campaign report and watch refuse a missing id or --out by name, before Temporal is reached', async () => {
  assert.match(await usageRefusal(main, ['report', 'spring']), /Missing --out \(the HTML file to write/);
  assert.match(
    await usageRefusal(main, ['report', '--out', 'r.html']),
    /missing required argument 'id'\n\(see `ringflow campaign report --help`\)/,
  );
  assert.match(await usageRefusal(main, ['watch']), /missing required argument 'id'/);
});

test('campaign report writes no file when the campaign cannot be read', async () => {
  const out = join(await mkdtemp(join(tmpdir(), 'campaign-report-cli-')), 'report.html');
  await assert.rejects(main(['report', 'spring', '--out', out]), /Cannot reach Temporal at 127\.0\.0\.1:1/);
  assert.equal(existsSync(out), false);
  assert.equal(existsSync(`${out}.partial`), false);
});
