import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { runCli } from '../../helpers/processes';
import { restartablePorts } from '../../../common/process/free-port';
import { workflowIds } from '../../../workflows/messages';
import type { CampaignStatus } from '../../../workflows/campaign/types';

/**
 * Runs the one-line demo campaign command the banner printed, as a user would paste it, and checks the
 * campaign ends with each of the six simulated people's outcomes (awaited on the workflow's result).
 */
async function runPrintedDemoCampaign(banner: string, env: NodeJS.ProcessEnv): Promise<void> {
  const line = banner.match(/Try a campaign \(six simulated people\): (npx ringflow campaign start .*)/)?.[1];
  assert.ok(line, banner);
  const [start, status] = line.split(' && ');
  const args = (command: string) => command.replace(/^npx ringflow /, '').split(' ');
  const started = runCli(args(start!), env);
  assert.equal(await started.exited(), 0, started.output());
  const id = args(start!)[args(start!).indexOf('--id') + 1]!;
  const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS! });
  try {
    const client = new Client({ connection });
    const result: CampaignStatus = await client.workflow.getHandle(workflowIds.campaign(id)).result();
    assert.deepEqual(
      { state: result.state, total: result.total, byState: result.byState },
      { state: 'completed', total: 6, byState: { answered: 3, no_answer: 1, busy: 1, voicemail: 1 } },
    );
  } finally {
    await connection.close();
  }
  const shown = runCli(args(status!), env);
  assert.equal(await shown.exited(), 0, shown.output());
  assert.match(shown.output(), /completed/);
}

const earlierRuns = (output: string) => Number(output.match(/(\d+) earlier self-check run\(s\) found/)?.[1]);

test('npm start runs Temporal with its Web UI and a worker, stops on Ctrl-C, and keeps history across restarts', async () => {
  // With TEMPORAL_ADDRESS set (the user's own server), the stack must start none: use that one.
  const external = process.env.TEMPORAL_ADDRESS;
  const stateDir = mkdtempSync(join(tmpdir(), 'ringflow-stack-'));
  // Both starts use the same ports: from below the ephemeral range, so nothing takes them in between.
  const [temporalPort, uiPort] = (await restartablePorts(2)) as [number, number];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    RINGFLOW_STATE_DIR: stateDir,
    RINGFLOW_TEMPORAL_PORT: String(temporalPort),
    RINGFLOW_TEMPORAL_UI_PORT: String(uiPort),
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
    await runPrintedDemoCampaign(first.output(), {
      ...env,
      TEMPORAL_ADDRESS: external ?? `127.0.0.1:${env.RINGFLOW_TEMPORAL_PORT}`,
    });
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
