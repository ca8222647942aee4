import type { CallAttemptRequest, CallAttemptVerdict } from './types';

/** One recipient's count today, with the requests counted (so a repeated request is not counted twice). */
export interface RecipientAttempts {
  count: number;
  requestIds: string[];
}

/** What an attempt counter holds; carried whole across continue-as-new. */
export interface CallAttemptsSnapshot {
  byRecipient: Record<string, RecipientAttempts>;
  /** When the last day it counts ends (epoch ms): the counter ends after that. */
  lastDayEndsAtMs: number;
}

/**
 * The attempts of one day's shard of recipients: check and count in one step, so two flows dialling
 * the same person at once cannot both slip under the cap. A request seen before gets the same verdict.
 */
export class CallAttemptTally {
  private readonly byRecipient: Record<string, RecipientAttempts>;
  private lastDayEndsAtMs: number;

  constructor(snapshot?: CallAttemptsSnapshot) {
    this.byRecipient = { ...snapshot?.byRecipient };
    this.lastDayEndsAtMs = snapshot?.lastDayEndsAtMs ?? 0;
  }

  count(req: CallAttemptRequest): CallAttemptVerdict {
    this.lastDayEndsAtMs = Math.max(this.lastDayEndsAtMs, req.dayEndsAtMs);
    const entry = (this.byRecipient[req.recipientKey] ??= { count: 0, requestIds: [] });
    const verdict = (allowed: boolean): CallAttemptVerdict => ({
      requestId: req.requestId,
      allowed,
      attemptsToday: entry.count,
      cap: req.cap,
    });
    if (entry.requestIds.includes(req.requestId)) return verdict(true);
    if (entry.count >= req.cap) return verdict(false);
    entry.count += 1;
    entry.requestIds.push(req.requestId);
    return verdict(true);
  }

  dayEndsAtMs(): number {
    return this.lastDayEndsAtMs;
  }

  snapshot(): CallAttemptsSnapshot {
    return { byRecipient: { ...this.byRecipient }, lastDayEndsAtMs: this.lastDayEndsAtMs };
  }
}
