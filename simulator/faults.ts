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

  /** The fault for this request, if one applies; consumes one of its `times`. */
  takeRouteFault(method: string, routeTemplate: string | undefined, path: string): RouteFault | undefined {
    const armed = this.routes.find(
      (a) => a.remaining > 0 && routeMatches(a.fault.on, method, routeTemplate, path),
    );
    return armed ? this.consume(armed) : undefined;
  }

  /** The fault for this webhook event, if one applies; consumes one of its `times`. */
  takeWebhookFault(event: string): WebhookFault | undefined {
    const armed = this.webhooks.find((a) => a.remaining > 0 && (!a.fault.event || a.fault.event === event));
    return armed ? this.consume(armed) : undefined;
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
