import type { CampaignChange } from '../messages';
import {
  BudgetLedger,
  DEFAULT_MAX_CALL_MINUTES,
  DEFAULT_PRICE_PER_MINUTE_USD,
  NO_SPEND,
  emptyBudgetCarry,
  type BudgetCarry,
} from './budget';
import type {
  CampaignContactsRef,
  CampaignDefinition,
  CampaignRunState,
  CampaignStatus,
  ContactFinalState,
  ContactResult,
} from './types';

/** What one run hands the next at continue-as-new: counters and position, never contacts. */
export interface CampaignCarry {
  state: CampaignRunState;
  /** Index (0-based, in stored order) of the next contact to hand to a child. */
  nextIndex: number;
  /** Rows whose children are running (at most `concurrency`, so a short list). */
  inFlight: number[];
  byState: Record<string, number>;
  byAnswer: Record<string, number>;
  attempts: number;
  done: number;
  startedAtMs: number;
  /** Set by cancel: whether in-flight children were told to end their calls. */
  endLiveCalls: boolean;
  /** The shared call settings are stored (`campaign-settings:<id>`), by the first run. */
  settingsStored?: boolean;
  /** Spend, reservations and waiting dial requests (the budget cap). */
  budget?: BudgetCarry;
  /** What the contacts never handed to a child ended as, once they were closed. */
  unstartedAs?: ContactFinalState;
  followUpsSent?: number;
}

/**
 * The state of a campaign: position in the contact list, the rows in flight, and counters by final
 * state and answer. It owns every rule of the handlers; the workflow function only wires and loops.
 */
export class CampaignState {
  readonly carry: CampaignCarry;
  readonly budget: BudgetLedger;

  constructor(
    public definition: CampaignDefinition,
    readonly contacts: CampaignContactsRef,
    carried: CampaignCarry | undefined,
    nowMs: number,
  ) {
    this.carry = carried ?? {
      state: 'running',
      nextIndex: 0,
      inFlight: [],
      byState: {},
      byAnswer: {},
      attempts: 0,
      done: 0,
      startedAtMs: nowMs,
      endLiveCalls: false,
    };
    this.carry.budget ??= emptyBudgetCarry();
    this.budget = new BudgetLedger(
      this.carry.budget,
      () => this.definition.budget,
      () => ({
        pricePerMinuteUsd: this.definition.pricePerMinuteUsd ?? DEFAULT_PRICE_PER_MINUTE_USD,
        maxCallMinutes: this.definition.maxCallMinutes ?? DEFAULT_MAX_CALL_MINUTES,
      }),
    );
  }

  get finished(): boolean {
    return this.carry.nextIndex >= this.contacts.contactCount && this.carry.inFlight.length === 0;
  }

  /** True when contacts are left to hand out but not one more call fits in the budget. */
  get budgetSpent(): boolean {
    return this.carry.nextIndex < this.contacts.contactCount && this.budget.capped && this.budget.exhausted;
  }

  /** True when the next contact may be handed to a child now. */
  canStartNext(nowMs: number): boolean {
    const c = this.carry;
    return (
      c.state === 'running' &&
      c.nextIndex < this.contacts.contactCount &&
      c.inFlight.length < this.definition.concurrency &&
      nowMs < this.definition.deadlineMs &&
      // No child starts while its first call could not fit in the budget beside those reserved.
      this.budget.allowsAnother()
    );
  }

  /** Contacts never handed to a child get `state` in one step (deadline passed, or cancelled). */
  closeRemaining(state: ContactFinalState): void {
    const left = this.contacts.contactCount - this.carry.nextIndex;
    if (left <= 0) return;
    this.carry.unstartedAs = state;
    this.carry.byState[state] = (this.carry.byState[state] ?? 0) + left;
    this.carry.done += left;
    this.carry.nextIndex = this.contacts.contactCount;
  }

  started(row: number): void {
    this.carry.inFlight.push(row);
    this.carry.nextIndex += 1;
  }

  /** Counts a child's result once; false for a repeat or a stranger (counts unchanged). */
  finish(result: ContactResult): boolean {
    const at = this.carry.inFlight.indexOf(result.row);
    if (at < 0) return false;
    this.carry.inFlight.splice(at, 1);
    const c = this.carry;
    c.byState[result.state] = (c.byState[result.state] ?? 0) + 1;
    if (result.answer !== null) c.byAnswer[result.answer] = (c.byAnswer[result.answer] ?? 0) + 1;
    c.attempts += result.attempts;
    if (result.followUp?.outcome === 'sent') c.followUpsSent = (c.followUpsSent ?? 0) + 1;
    this.budget.close(result.row, {
      billedSeconds: result.billedSeconds ?? NO_SPEND.billedSeconds,
      costMicros: result.costMicros ?? NO_SPEND.costMicros,
    });
    c.done += 1;
    if (c.state === 'cancelling' && c.inFlight.length === 0) c.state = 'cancelled';
    return true;
  }

  // ── control ──────────────────────────────────────────────────────────────────────────────────────
  checkControl(action: 'pause' | 'resume' | 'cancel'): void {
    const state = this.carry.state;
    if (action === 'pause' && state !== 'running') throw new Error(`Cannot pause: the campaign is ${state}.`);
    if (action === 'resume' && state !== 'paused')
      throw new Error(`Cannot resume: the campaign is ${state}.`);
    if (action === 'cancel' && state !== 'running' && state !== 'paused')
      throw new Error(`Cannot cancel: the campaign is ${state}.`);
  }

  pause(): void {
    this.carry.state = 'paused';
  }

  resume(): void {
    this.carry.state = 'running';
  }

  cancel(endLiveCalls: boolean): void {
    this.closeRemaining('cancelled');
    this.carry.endLiveCalls = endLiveCalls;
    this.carry.state = this.carry.inFlight.length === 0 ? 'cancelled' : 'cancelling';
  }

  apply(change: CampaignChange): void {
    this.definition = {
      ...this.definition,
      ...(change.concurrency !== undefined ? { concurrency: change.concurrency } : {}),
      ...(change.window !== undefined ? { window: change.window } : {}),
      ...(change.deadlineMs !== undefined ? { deadlineMs: change.deadlineMs } : {}),
      ...(change.budget !== undefined ? { budget: change.budget } : {}),
    };
  }

  status(nowMs: number): CampaignStatus {
    const c = this.carry;
    const total = this.contacts.contactCount;
    const elapsed = nowMs - c.startedAtMs;
    const etaMs = c.done > 0 && c.done < total ? Math.round((elapsed / c.done) * (total - c.done)) : null;
    return {
      campaignId: this.definition.campaignId,
      state: c.state,
      total,
      pending: total - c.nextIndex,
      active: c.inFlight.length,
      done: c.done,
      byState: { ...c.byState },
      byAnswer: { ...c.byAnswer },
      attempts: c.attempts,
      concurrency: this.definition.concurrency,
      deadlineMs: this.definition.deadlineMs,
      etaMs: c.done >= total ? 0 : etaMs,
      spend: this.budget.status(),
      unstartedAs: c.unstartedAs ?? null,
      followUpsSent: c.followUpsSent ?? 0,
    };
  }
}
