/**
 * The worker's HTTP side: `GET /metrics` (ringflow's counters, then the Temporal SDK's own metrics, in one
 * scrape), `/healthz` and `/readyz` (Temporal reachable). It listens only when
 * RINGFLOW_WORKER_METRICS_PORT is set.
 *
 * One endpoint rather than two: the SDK's exporter serves on an address of its own, so the worker binds it
 * to a free loopback port and appends its text to ringflow's registry. Operators then scrape one target per
 * replica, and the SDK's port never leaves the host or container. The two sets cannot collide: the SDK's
 * names start with `temporal_`, ringflow's with `ringflow_`, prom-client's defaults with `process_`/`nodejs_`.
 */
import { createServer } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Client } from '@temporalio/client';
import type { Registry } from 'prom-client';
import { registerHealthRoutes, registerMetricsRoute, temporalReadiness } from '../common/process/health';

export interface WorkerMetricsServerOptions {
  registry: Registry;
  /** The worker's client, asked by `/readyz`. */
  temporal: Client;
  /** Where the SDK's Prometheus exporter listens (see {@link freeLoopbackAddress}); none: ringflow's only. */
  sdkMetricsAddress?: string | undefined;
}

/** Builds the app without listening (tests inject requests or listen on port 0). */
export function buildWorkerMetricsServer(options: WorkerMetricsServerOptions): FastifyInstance {
  const app = Fastify();
  registerHealthRoutes(app, temporalReadiness(options.temporal));
  const sdk = options.sdkMetricsAddress;
  registerMetricsRoute(app, options.registry, sdk ? () => sdkMetricsText(sdk) : undefined);
  return app;
}

/** The SDK exporter's text; a comment instead when it cannot be read, so ringflow's still scrape. */
async function sdkMetricsText(address: string): Promise<string> {
  try {
    const res = await fetch(`http://${address}/metrics`, { signal: AbortSignal.timeout(2_000) });
    if (!res.ok) return `# Temporal SDK metrics unavailable: HTTP ${res.status}\n`;
    return await res.text();
  } catch (err) {
    return `# Temporal SDK metrics unavailable: ${(err as Error).message}\n`;
  }
}

/**
 * A loopback `host:port` free right now, for the SDK's exporter (it needs a fixed address before the
 * Runtime starts; the Runtime binds it moments later).
 */
export async function freeLoopbackAddress(): Promise<string> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(`127.0.0.1:${port}`));
    });
  });
}
