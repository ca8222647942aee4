/**
 * `/healthz`, `/readyz` and `/metrics` for ringflow's HTTP-serving processes (worker metrics server,
 * ingress): `/healthz` says the process is up; `/readyz` says it can reach Temporal, by one cheap call
 * (GetSystemInfo) under a short deadline, so a load balancer or an orchestrator tells "up" from "useful".
 */
import type { FastifyInstance } from 'fastify';
import type { Client } from '@temporalio/client';
import type { Registry } from 'prom-client';

/** How long `/readyz` waits for Temporal before answering 503. */
export const READINESS_TIMEOUT_MS = 2_000;

/** Resolves when Temporal answered; rejects with the reason otherwise. */
export type ReadinessCheck = () => Promise<void>;

/**
 * The readiness check of a process holding a Temporal client: GetSystemInfo, which every frontend
 * answers without touching a namespace's data.
 *
 * @example registerHealthRoutes(app, temporalReadiness(client));
 */
export function temporalReadiness(client: Client, timeoutMs = READINESS_TIMEOUT_MS): ReadinessCheck {
  return async () => {
    await client.connection.withDeadline(Date.now() + timeoutMs, () =>
      client.workflowService.getSystemInfo({}),
    );
  };
}

/** Adds `GET /healthz` (200 while the process runs) and `GET /readyz` (200 or 503 with the reason). */
export function registerHealthRoutes(app: FastifyInstance, ready: ReadinessCheck): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    try {
      await ready();
      return { status: 'ready', temporal: 'reachable' };
    } catch (err) {
      return reply.code(503).send({ status: 'not_ready', temporal: 'unreachable', error: errorText(err) });
    }
  });
}

/**
 * Adds `GET /metrics` in Prometheus's text format: `registry`, then any `extra` text (the Temporal
 * SDK's own metrics, on the worker).
 */
export function registerMetricsRoute(
  app: FastifyInstance,
  registry: Registry,
  extra?: () => Promise<string>,
): void {
  app.get('/metrics', async (_request, reply) => {
    const own = await registry.metrics();
    const more = extra ? await extra() : '';
    return reply.type(registry.contentType).send(more ? `${own}\n${more}` : own);
  });
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
