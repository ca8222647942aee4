import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { ephemeralRange, restartablePorts } from '../../../common/process/free-port';

test('restartable ports are distinct, free, and below the range the kernel hands out on its own', async () => {
  const { low } = ephemeralRange();
  const ports = await restartablePorts(20);
  assert.equal(new Set(ports).size, 20);
  for (const port of ports) {
    // Room for a companion port 1000 above (Temporal's HTTP API) still below the range.
    assert.ok(port >= 10_000 && port + 1000 < low, `${port} is not below ${low} - 1000`);
    await new Promise<void>((resolve, reject) => {
      const server = createServer().once('error', reject);
      server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
    });
  }
});

test('the ephemeral range is read from the kernel where it can be', () => {
  const { low, high } = ephemeralRange();
  assert.ok(low < high, `${low}..${high}`);
  if (process.platform === 'linux') {
    const [kernelLow] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    assert.equal(low, kernelLow);
  }
});
