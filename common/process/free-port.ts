import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { randomInt } from 'node:crypto';

/** A free TCP port on 127.0.0.1, for processes that need a fixed port number up front. */
export async function freePort(): Promise<number> {
  return bindable(0).then((port) => {
    if (port === undefined) throw new Error('no free port on 127.0.0.1');
    return port;
  });
}

/** Linux's default range for ports it hands out on its own (bind to 0, outgoing connections). */
const DEFAULT_EPHEMERAL_RANGE = { low: 32768, high: 60999 };
/** Room above the chosen port for a server that also binds port + 1000 (Temporal's HTTP API, UI). */
const COMPANION_PORT_OFFSET = 1000;
const LOWEST_PORT = 10_000;

/**
 * `count` distinct free ports below the kernel's ephemeral range, for processes that are stopped and
 * started again on the same port (the chaos suite's ingress and Temporal server, `npm start` run
 * twice on one state dir). A port from `freePort()` lies in the ephemeral range, so while its owner is
 * down the kernel may give it to any outgoing connection as its local port — a client retrying a
 * connection to that very port can even connect to itself — and the restarted server fails with
 * EADDRINUSE (seen in CI: the ingress, down 8 s, could not listen again). The kernel never hands out
 * a port below the range, so only a process choosing it on purpose can take it.
 */
export async function restartablePorts(count: number): Promise<number[]> {
  const highest = ephemeralRange().low - 1 - COMPANION_PORT_OFFSET;
  const ports = new Set<number>();
  for (let tries = 0; ports.size < count; tries += 1) {
    if (tries === 50 * count)
      throw new Error(`no ${count} free ports on 127.0.0.1 between ${LOWEST_PORT} and ${highest}`);
    const port = randomInt(LOWEST_PORT, highest + 1);
    if (!ports.has(port) && (await bindable(port)) !== undefined) ports.add(port);
  }
  return [...ports];
}

/** The kernel's ephemeral port range (Linux), or its default where it cannot be read. */
export function ephemeralRange(): { low: number; high: number } {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    if (Number.isInteger(low) && Number.isInteger(high) && low! > LOWEST_PORT + COMPANION_PORT_OFFSET)
      return { low: low!, high: high! };
  } catch {
    // Not Linux: its default is as good a guess as any (macOS's range starts higher still).
  }
  return DEFAULT_EPHEMERAL_RANGE;
}

/** Binds `port` (0: any) on 127.0.0.1 and releases it; the port bound, or undefined if it was taken. */
async function bindable(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : undefined));
    });
  });
}
