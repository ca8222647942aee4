import { z } from 'zod';

import type { Random } from './random';

/**
 * Scripted faults (spec: "faults, scripted not random"). A fault matches by route or webhook event and
 * applies to the next `times` matches (every match until cleared when `times` is absent). With
 * `probability` it applies to that share of matches, drawn from the seeded generator.
 */
export const RouteFaultSchema = z
  .object({
    /** `METHOD /path`, the path as the spec writes it (`/v1/calls/{call_id}`), as fastify does
     * (`/v1/calls/:call_id`), or concrete (`/v1/calls/call_abc`). `*` matches any path. */
    on: z.string().regex(/^(GET|POST|PATCH|PUT|DELETE|\*) \S+$/, 'must look like "POST /v1/calls"'),
    status: z.number().int().min(400).max(599).optional(),
    retryAfterSec: z.number().int().min(0).optional(),
    latencyMs: z.number().int().min(0).optional(),
    timeout: z.literal(true).optional(),
    commitThenDrop: z.literal(true).optional(),
    times: z.number().int().min(1).optional(),
    probability: z.number().min(0).max(1).optional(),
  })
  .refine((f) => f.status !== undefined || f.latencyMs !== undefined || f.timeout || f.commitThenDrop, {
    message: 'a route fault needs status, latencyMs, timeout or commitThenDrop',
  });

export const WebhookFaultSchema = z.object({
  webhook: z
    .object({
      event: z.string().min(1).optional(),
      drop: z.literal(true).optional(),
      duplicate: z.literal(true).optional(),
      delayMs: z.number().int().min(0).optional(),
      reorder: z.literal(true).optional(),
      badSignature: z.literal(true).optional(),
      times: z.number().int().min(1).optional(),
      probability: z.number().min(0).max(1).optional(),
    })
    .refine((f) => f.drop || f.duplicate || f.delayMs !== undefined || f.reorder || f.badSignature, {
      message: 'a webhook fault needs drop, duplicate, delayMs, reorder or badSignature',
    }),
});

export const FaultSpecSchema = z.union([WebhookFaultSchema, RouteFaultSchema]);
export const FaultListSchema = z.array(FaultSpecSchema);

export type RouteFault = z.infer<typeof RouteFaultSchema>;
export type WebhookFault = z.infer<typeof WebhookFaultSchema>['webhook'];
export type FaultSpec = z.infer<typeof FaultSpecSchema>;

interface Armed<F> {
  id: number;
  fault: F;
  remaining: number;
}

/** The faults in force; routes and the webhook dispatcher ask it before doing their work. */
export class FaultBook {
  private routes: Armed<RouteFault>[] = [];
  private webhooks: Armed<WebhookFault>[] = [];
  private nextId = 1;

  constructor(private readonly random: Random) {}

  add(spec: FaultSpec): number {
    const id = this.nextId++;
    if ('webhook' in spec) {
      this.webhooks.push({ id, fault: spec.webhook, remaining: spec.webhook.times ?? Infinity });
    } else {
      this.routes.push({ id, fault: spec, remaining: spec.times ?? Infinity });
    }
    return id;
  }

  clear(): void {
    this.routes = [];
    this.webhooks = [];
  }

  list(): { id: number; remaining: number | null; spec: FaultSpec }[] {
    const remaining = (n: number) => (Number.isFinite(n) ? n : null);
    return [
      ...this.routes.map((a) => ({ id: a.id, remaining: remaining(a.remaining), spec: a.fault })),
      ...this.webhooks.map((a) => ({
        id: a.id,
        remaining: remaining(a.remaining),
        spec: { webhook: a.fault },
      })),
    ];
  }

  /**
   * What this request gets, if any fault applies. Every armed fault that matches is asked in turn, its
   * probability drawn on its own, so `10% 503` and `5% 429` on `*` are independent rather than the
   * first one added shadowing the rest: latencies add up, and the first fault that answers (`status`,
   * `timeout`, `commitThenDrop`) decides the answer; later answering faults are not consumed.
   */
  takeRouteFault(method: string, routeTemplate: string | undefined, path: string): RouteFault | undefined {
    let latencyMs = 0;
    let answer: RouteFault | undefined;
    let matched: RouteFault | undefined;
    for (const armed of this.routes) {
      if (armed.remaining <= 0 || !routeMatches(armed.fault.on, method, routeTemplate, path)) continue;
      const answers =
        armed.fault.status !== undefined ||
        armed.fault.timeout === true ||
        armed.fault.commitThenDrop === true;
      if (answers && answer) continue;
      const fault = this.consume(armed);
      if (!fault) continue;
      matched ??= fault;
      latencyMs += fault.latencyMs ?? 0;
      if (answers) answer = fault;
    }
    if (!matched) return undefined;
    const { latencyMs: _ownLatency, ...rest } = answer ?? matched;
    return { ...rest, ...(latencyMs > 0 ? { latencyMs } : {}) };
  }

  /**
   * The faults for this webhook event, merged: every armed fault that matches is asked in turn (its
   * probability drawn on its own) and the ones that fire combine — "duplicate every event" with "drop
   * 20%" and "hold 10% back 3 s" — the longest `delayMs` winning.
   */
  takeWebhookFault(event: string): WebhookFault | undefined {
    let merged: WebhookFault | undefined;
    for (const armed of this.webhooks) {
      if (armed.remaining <= 0 || (armed.fault.event && armed.fault.event !== event)) continue;
      const fault = this.consume(armed);
      if (!fault) continue;
      const delayMs = Math.max(merged?.delayMs ?? -1, fault.delayMs ?? -1);
      merged = {
        ...(fault.drop || merged?.drop ? { drop: true as const } : {}),
        ...(fault.duplicate || merged?.duplicate ? { duplicate: true as const } : {}),
        ...(fault.reorder || merged?.reorder ? { reorder: true as const } : {}),
        ...(fault.badSignature || merged?.badSignature ? { badSignature: true as const } : {}),
        ...(delayMs >= 0 ? { delayMs } : {}),
      };
    }
    return merged;
  }

  private consume<F extends { probability?: number | undefined }>(armed: Armed<F>): F | undefined {
    if (armed.fault.probability !== undefined && !this.random.chance(armed.fault.probability))
      return undefined;
    armed.remaining -= 1;
    return armed.fault;
  }
}

/** Normalises `{call_id}` and `:call_id` to one placeholder so either spelling matches. */
function normaliseTemplate(path: string): string {
  return path.replace(/\{[^}]+\}|:[A-Za-z_]+/g, ':param');
}

function routeMatches(on: string, method: string, routeTemplate: string | undefined, path: string): boolean {
  const [faultMethod, faultPath = ''] = on.split(' ');
  if (faultMethod !== '*' && faultMethod !== method) return false;
  if (faultPath === '*') return true;
  const bare = path.split('?')[0];
  if (faultPath === bare) return true;
  return routeTemplate !== undefined && normaliseTemplate(faultPath) === normaliseTemplate(routeTemplate);
}
