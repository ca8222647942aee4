import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, runCli } from '../../helpers/processes';

const earlierRuns = (output: string) => Number(output.match(/(\d+) earlier self-check run\(s\) found/)?.[1]);

test('npm start runs Temporal with its Web UI and a worker, stops on Ctrl-C, and keeps history across restarts', async () => {
  // With TEMPORAL_ADDRESS set (the user's own server), the stack must start none: use that one.
  const external = process.env.TEMPORAL_ADDRESS;
  const stateDir = mkdtempSync(join(tmpdir(), 'ringflow-stack-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    RINGFLOW_STATE_DIR: stateDir,
    RINGFLOW_TEMPORAL_PORT: String(await freePort()),
    RINGFLOW_TEMPORAL_UI_PORT: String(await freePort()),
    RINGFLOW_INGRESS_PORT: '0',
    RINGFLOW_SIMULATOR_PORT: '0',
    LOG_LEVEL: 'info',
  };

  const first = runCli(['start'], env);
  try {
    await first.waitFor(/ringflow is running/);
    assert.match(first.output(), /Outcome after \d+ s: booked — Booked: table for 2 at Lovely Thai/);
    // The demo human has never been texted in a fresh state dir: the first text is signed, with opt-out.
    assert.match(first.output(), /SMS to \+14155550199: "Ringflow: Booked: .* Reply STOP to opt out\."/);
    if (!external) {
      assert.equal(earlierRuns(first.output()), 0);
      const ui = first.output().match(/Temporal Web UI: (http:\S+)/)?.[1];
      assert.ok(ui, first.output());
      const page = await fetch(ui);
      assert.equal(page.status, 200);
    }
  } finally {
    assert.equal(await first.stop('SIGINT'), 0, first.output());
  }
  assert.match(first.output(), /ringflow: stopped\./);

  const second = runCli(['start'], env);
  try {
    await second.waitFor(/ringflow is running/);
    const expected = earlierRuns(first.output()) + 1;
    if (external) assert.ok(earlierRuns(second.output()) >= expected, second.output());
    else assert.equal(earlierRuns(second.output()), expected, second.output());
  } finally {
    assert.equal(await second.stop('SIGTERM'), 0, second.output());
  }
});

test('with TEMPORAL_ADDRESS set, npm start uses that server and starts none of its own', async () => {
  const address = process.env.RINGFLOW_TEST_TEMPORAL_ADDRESS;
  assert.ok(address, 'the test harness provides a running server');
  const stateDir = mkdtempSync(join(tmpdir(), 'ringflow-external-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TEMPORAL_ADDRESS: address,
    // A CLI path that cannot run: if the stack tried to start a server, it would fail loudly.
    TEMPORAL_CLI_PATH: '/nonexistent/temporal',
    RINGFLOW_STATE_DIR: stateDir,
    RINGFLOW_INGRESS_PORT: '0',
    RINGFLOW_SIMULATOR_PORT: '0',
    RINGFLOW_DEMO: 'false',
    RINGFLOW_TASK_QUEUE: `external-${Date.now()}`,
  };
  const stack = runCli(['start'], env);
  try {
    await stack.waitFor(/ringflow is running/);
    assert.match(
      stack.output(),
      new RegExp(`Temporal: external server at ${address} \\(TEMPORAL_ADDRESS\\)`),
    );
    assert.ok(!existsSync(join(stateDir, 'temporal.db')), 'no SQLite file: no server was started');
  } finally {
    assert.equal(await stack.stop('SIGINT'), 0, stack.output());
  }
});
