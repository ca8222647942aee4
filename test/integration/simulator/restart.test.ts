/**
 * `--data-dir`: state survives a restart, and a call that was live at shutdown finishes afterwards
 * (the embedded stack must not lose calls a workflow waits on). Also the CLI's one-line start-up output.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, test } from 'node:test';

import { startReceiver, startSimulator } from './harness';

describe('restart with a data directory', () => {
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ringflow-sim-'));
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  test('a call in progress at shutdown finishes after the restart and its webhook goes out', async () => {
    const receiver = await startReceiver();
    const dir = join(dataDir, 'live-call');
    const first = await startSimulator({ speed: 'realtime', dataDir: dir, webhookUrl: receiver.url });
    const { apiKey, webhookSecret } = first.sim.account;
    const placed = await first.api('POST', '/v1/calls', {
      agentId: first.sim.account.agentId,
      toNumber: '+14155550100',
      systemPrompt: 'Confirm the order.',
    });
    await first.api('POST', '/v1/messages', {
      agent_id: first.sim.account.agentId,
      to_number: '+14155550100',
      body: 'kept',
    });
    await first.close();

    const second = await startSimulator({ speed: 'realtime', dataDir: dir, webhookUrl: receiver.url });
    try {
      assert.equal(second.sim.account.apiKey, apiKey, 'the same account and key');
      assert.equal(
        second.sim.account.webhookSecret,
        webhookSecret,
        'the same webhook secret for the same URL',
      );
      const live = await second.api('GET', `/v1/calls/${placed.body.id}`);
      assert.equal(live.body.status, 'in-progress');
      assert.equal((await second.api('GET', '/v1/conversations')).body.data[0].lastMessagePreview, 'kept');
      await second.call('POST', '/_sim/clock/advance', { ms: 30 * 60_000 });
      assert.equal((await second.api('GET', `/v1/calls/${placed.body.id}`)).body.status, 'completed');
      const [ended] = await receiver.untilReceived(1);
      assert.equal(ended?.body.data.callId, placed.body.id);
      const clock = (await second.call('GET', '/_sim/clock')).body;
      assert.ok(clock.offsetMs >= 30 * 60_000, 'simulated time carried over and moved on');
    } finally {
      await second.close();
      await receiver.close();
    }
  });

  test('ringflow simulator prints the ready account as one JSON line and keeps it across restarts', async () => {
    const dir = join(dataDir, 'cli');
    const run = () =>
      new Promise<Record<string, string>>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          [
            'bin/ringflow.mjs',
            'simulator',
            '--port',
            '0',
            '--speed',
            'instant',
            '--seed',
            '9',
            '--data-dir',
            dir,
          ],
          {
            cwd: join(import.meta.dirname, '../../..'),
            env: { ...process.env, LOG_LEVEL: 'silent' },
            stdio: ['ignore', 'pipe', 'inherit'],
          },
        );
        const lines = createInterface({ input: child.stdout });
        lines.once('line', (line) => {
          const printed = JSON.parse(line) as Record<string, string>;
          child.once('exit', (code) => (code === 0 ? resolve(printed) : reject(new Error(`exit ${code}`))));
          child.kill('SIGTERM');
        });
        child.once('error', reject);
      });
    const first = await run();
    assert.match(first.baseUrl ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.match(first.apiKey ?? '', /^sk_live_/);
    assert.match(first.phoneNumber ?? '', /^\+1\d{10}$/);
    const second = await run();
    assert.deepEqual(
      [second.apiKey, second.agentId, second.numberId],
      [first.apiKey, first.agentId, first.numberId],
    );
  });
});
