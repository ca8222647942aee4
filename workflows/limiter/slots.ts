import type {
  CallSlotCounters,
  CallSlotGrant,
  CallSlotLease,
  CallSlotRequest,
  CallSlotsSnapshot,
  LiveCallCaps,
} from './types';

/**
 * The state of one call limiter: who holds a slot (leases), who waits (a FIFO queue) and the caps. Pure
 * logic, no Temporal calls, so the workflow only wires signals and timers around it.
 *
 * Grants go in FIFO order, but a waiter whose number is at its cap does not block waiters on other
 * numbers (FIFO per number), so a campaign on one number cannot starve a reservation on another.
 */
export class CallSlots {
  private caps: LiveCallCaps | undefined;
  private readonly queue: CallSlotRequest[];
  private readonly leases: CallSlotLease[];
  private readonly counters: CallSlotCounters;
  private nextLeaseNumber: number;
  /** Leases granted but not yet signalled to their holder (or to be signalled again). */
  private readonly toNotify = new Set<string>();

  constructor(snapshot?: CallSlotsSnapshot) {
    this.caps = snapshot?.caps;
    this.queue = [...(snapshot?.queue ?? [])];
    this.leases = [...(snapshot?.leases ?? [])];
    this.counters = { granted: 0, released: 0, reclaimed: 0, maxHeld: 0, ...snapshot?.counters };
    this.nextLeaseNumber = snapshot?.nextLeaseNumber ?? 1;
    // A grant may have been made but not signalled when the previous run continued as new: say it again.
    for (const lease of this.leases) this.toNotify.add(lease.requestId);
  }

  /**
   * A holder asks for a slot. The newest caps win (they come from the worker's configuration). A repeat
   * of a queued request changes nothing; a repeat of a granted one has the grant signalled again (the
   * holder's activity was retried, or the first signal was lost).
   */
  request(req: CallSlotRequest): void {
    this.caps = req.caps;
    if (this.leases.some((l) => l.requestId === req.requestId)) {
      this.toNotify.add(req.requestId);
      return;
    }
    if (this.queue.some((q) => q.requestId === req.requestId)) return;
    this.queue.push(req);
  }

  /** The holder is done (or gave up waiting): frees its slot or drops its queued request. */
  release(requestId: string): void {
    const queued = this.queue.findIndex((q) => q.requestId === requestId);
    if (queued >= 0) this.queue.splice(queued, 1);
    if (this.dropLease(requestId)) this.counters.released += 1;
  }

  /** Takes back the slot of a holder that closed without releasing it. */
  reclaim(requestId: string): void {
    if (this.dropLease(requestId)) this.counters.reclaimed += 1;
  }

  /** A granted holder could not be told (it closed meanwhile): its slot is free again at once. */
  holderGone(requestId: string): void {
    this.reclaim(requestId);
  }

  /** Grants every queued request that fits the caps, in FIFO order per number. */
  grant(nowMs: number): void {
    if (!this.caps) return;
    const { perAccount, perNumber } = this.caps;
    for (let i = 0; i < this.queue.length && this.leases.length < perAccount;) {
      const req = this.queue[i]!;
      if (this.heldOn(req.numberId) >= perNumber) {
        i += 1;
        continue;
      }
      this.queue.splice(i, 1);
      this.leases.push({
        leaseId: `lease-${this.nextLeaseNumber++}`,
        requestId: req.requestId,
        holderWorkflowId: req.holderWorkflowId,
        holderRunId: req.holderRunId,
        numberId: req.numberId,
        leaseMs: req.leaseMs,
        grantedAtMs: nowMs,
        expiresAtMs: nowMs + req.leaseMs,
      });
      this.toNotify.add(req.requestId);
      this.counters.granted += 1;
      this.counters.maxHeld = Math.max(this.counters.maxHeld, this.leases.length);
    }
  }

  /**
   * The grant of `requestId` to hand back in the request's own answer (it will not be signalled too),
   * or null while it waits in the queue.
   */
  answerNow(requestId: string): CallSlotGrant | null {
    const lease = this.leases.find((l) => l.requestId === requestId);
    if (!lease) return null;
    this.toNotify.delete(requestId);
    return { requestId, leaseId: lease.leaseId, expiresAtMs: lease.expiresAtMs };
  }

  /** Grants to signal now; each is signalled once unless asked for again. */
  takeGrantsToNotify(): CallSlotLease[] {
    const out = this.leases.filter((l) => this.toNotify.has(l.requestId));
    this.toNotify.clear();
    return out;
  }

  hasGrantsToNotify(): boolean {
    return this.toNotify.size > 0;
  }

  /** Leases past their expiry: the limiter asks whether their holders still run. */
  overdue(nowMs: number): CallSlotLease[] {
    return this.leases.filter((l) => l.expiresAtMs <= nowMs);
  }

  /** A holder past its lease is still running (a long call): it keeps the slot for another lease term. */
  extend(requestId: string, nowMs: number): void {
    const lease = this.leases.find((l) => l.requestId === requestId);
    if (lease) lease.expiresAtMs = nowMs + lease.leaseMs;
  }

  /** When the next lease expires, if any. */
  nextExpiryMs(): number | undefined {
    return this.leases.length ? Math.min(...this.leases.map((l) => l.expiresAtMs)) : undefined;
  }

  /** Someone waits although a slot of theirs would be needed: the limiter checks its holders sooner. */
  isBlocked(): boolean {
    return this.queue.length > 0 && this.leases.length > 0;
  }

  isIdle(): boolean {
    return this.queue.length === 0 && this.leases.length === 0;
  }

  allLeases(): readonly CallSlotLease[] {
    return this.leases;
  }

  snapshot(): CallSlotsSnapshot {
    return {
      caps: this.caps,
      queue: [...this.queue],
      leases: [...this.leases],
      counters: { ...this.counters },
      nextLeaseNumber: this.nextLeaseNumber,
    };
  }

  private heldOn(numberId: string): number {
    return this.leases.filter((l) => l.numberId === numberId).length;
  }

  private dropLease(requestId: string): boolean {
    const i = this.leases.findIndex((l) => l.requestId === requestId);
    if (i < 0) return false;
    this.leases.splice(i, 1);
    this.toNotify.delete(requestId);
    return true;
  }
}
