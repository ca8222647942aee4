import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, runCli } from '../../helpers/processes';

test('npm start runs Temporal with its Web UI and a worker, stops on Ctrl-C, and keeps history across restarts', async () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'ringflow-stack-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    RINGFLOW_STATE_DIR: stateDir,
    RINGFLOW_TEMPORAL_PORT: String(await freePort()),
    RINGFLOW_TEMPORAL_UI_PORT: String(await freePort()),
    LOG_LEVEL: 'info',
  };
  delete env.TEMPORAL_ADDRESS; // this test is about the stack starting its own server

  const first = runCli(['start'], env);
  try {
    await first.waitFor(/ringflow is running/);
    assert.match(first.output(), /0 earlier self-check run\(s\) found in history/);
    const ui = first.output().match(/Temporal Web UI: (http:\S+)/)?.[1];
    assert.ok(ui, first.output());
    const page = await fetch(ui);
    assert.equal(page.status, 200);
  } finally {
    assert.equal(await first.stop('SIGINT'), 0, first.output());
  }
  assert.match(first.output(), /ringflow: stopped\./);

  const second = runCli(['start'], env);
  try {
    await second.waitFor(/ringflow is running/);
    assert.match(second.output(), /1 earlier self-check run\(s\) found in history/);
  } finally {
    assert.equal(await second.stop('SIGTERM'), 0, second.output());
  }
});
