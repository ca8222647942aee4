/**
 * A campaign's budget cap: what its calls cost, what is reserved for calls about to be dialled, and
 * whether one more call could still fit. Plain code, run inside the campaign workflow.
 *
 * Spend is the sum over calls of AgentPhone's billing: per second of the call's `durationSeconds`, at
 * the campaign's price per minute, with a minimum charge of 1¢ per connected call (a call with no
 * duration — no answer, busy — is not billed). Before each dial a child asks the campaign for a
 * reservation of the worst case (`maxCallMinutes`); a dial is granted only while
 * spent + reserved + that worst case stays within the cap, so no call can take the spend past it.
 */

/** AgentPhone's price per minute for calls in webhook mode (agentphone-api.md, "Pricing"). */
export const DEFAULT_PRICE_PER_MINUTE_USD = 0.13;
/** The worst-case length reserved for a call when the campaign does not say (`--max-call-minutes`). */
export const DEFAULT_MAX_CALL_MINUTES = 10;
/** 1¢, in millionths of a dollar: AgentPhone's minimum charge for a call. */
export const MINIMUM_CALL_CHARGE_MICROS = 10_000;

/** The cap: call minutes, dollars, or both (whichever is reached first stops dialling). */
export interface CampaignBudget {
  minutes?: number | undefined;
  usd?: number | undefined;
}

/** How a campaign's calls are priced and estimated (defaults: AgentPhone webhook mode, 10 minutes). */
export interface CampaignPricing {
  pricePerMinuteUsd: number;
  maxCallMinutes: number;
}

/** Billed call time and its cost (millionths of a dollar, so sums stay exact). */
export interface CallSpend {
  billedSeconds: number;
  costMicros: number;
}

export const NO_SPEND: CallSpend = { billedSeconds: 0, costMicros: 0 };

/** What one call of `durationSeconds` is billed. */
export function callCharge(durationSeconds: number | null | undefined, pricePerMinuteUsd: number): CallSpend {
  if (!durationSeconds || !(durationSeconds > 0)) return NO_SPEND;
  const billedSeconds = Math.ceil(durationSeconds);
  const costMicros = Math.max(
    MINIMUM_CALL_CHARGE_MICROS,
    Math.round((billedSeconds * pricePerMinuteUsd * 1_000_000) / 60),
  );
  return { billedSeconds, costMicros };
}

export function addSpend(a: CallSpend, b: CallSpend): CallSpend {
  return { billedSeconds: a.billedSeconds + b.billedSeconds, costMicros: a.costMicros + b.costMicros };
}

/** A child's request to dial its `callNumber`-th call (1-based); answered by a dial verdict. */
export interface DialRequest {
  row: number;
  callNumber: number;
}

/** The campaign's answer to a dial request: `granted` reserves the worst case until the call's spend is reported. */
export interface DialVerdict {
  callNumber: number;
  granted: boolean;
}

/** A child's spend so far (cumulative over its calls), reported after each call of a budgeted campaign. */
export interface ContactSpendReport extends CallSpend {
  row: number;
}

/** The ledger's state, carried across continue-as-new (rows in flight only: a short list). */
export interface BudgetCarry {
  spent: CallSpend;
  /** Rows holding a reservation, with the call number it was granted for. */
  reserved: DialRequest[];
  /** Requests waiting for reservations to be released (not refused: one more call may still fit). */
  waiting: DialRequest[];
  /** Each row's cumulative spend as last reported, so a repeat report adds nothing. */
  reportedByRow: Record<string, CallSpend>;
}

export function emptyBudgetCarry(): BudgetCarry {
  return { spent: { ...NO_SPEND }, reserved: [], waiting: [], reportedByRow: {} };
}

/** The budget's view in `get-campaign-status`. */
export interface CampaignSpendStatus {
  billedMinutes: number;
  usd: number;
  /** Calls holding a reservation (about to be dialled or live). */
  reservedCalls: number;
  budget: {
    minutes: number | null;
    usd: number | null;
    minutesLeft: number | null;
    usdLeft: number | null;
  } | null;
}

/**
 * The budget's rules over its carried state. `budget` and `pricing` are read through getters so an
 * `update` of the budget applies at once.
 */
export class BudgetLedger {
  constructor(
    readonly carry: BudgetCarry,
    private readonly budgetOf: () => CampaignBudget | undefined,
    private readonly pricingOf: () => CampaignPricing,
  ) {}

  get capped(): boolean {
    const b = this.budgetOf();
    return b !== undefined && (b.minutes !== undefined || b.usd !== undefined);
  }

  /** The worst case one call is reserved at. */
  estimate(): CallSpend {
    const p = this.pricingOf();
    return callCharge(p.maxCallMinutes * 60, p.pricePerMinuteUsd);
  }

  private fits(reservations: number): boolean {
    const b = this.budgetOf();
    if (!b) return true;
    const est = this.estimate();
    const seconds = this.carry.spent.billedSeconds + est.billedSeconds * reservations;
    const micros = this.carry.spent.costMicros + est.costMicros * reservations;
    return (
      (b.minutes === undefined || seconds <= b.minutes * 60) &&
      (b.usd === undefined || micros <= Math.round(b.usd * 1_000_000))
    );
  }

  /** True while one more reservation fits beside those held. */
  allowsAnother(): boolean {
    return this.fits(this.carry.reserved.length + 1);
  }

  /** True once not even one call fits with nothing reserved: no further call can ever be dialled. */
  get exhausted(): boolean {
    return !this.fits(1);
  }

  /** Queues a child's request (a repeat of one granted is granted again: the verdict may have been lost). */
  request(req: DialRequest): void {
    const same = (r: DialRequest) => r.row === req.row && r.callNumber === req.callNumber;
    if (this.carry.waiting.some(same)) return;
    // A newer request of the row replaces what the row held (its earlier call has ended).
    this.release(req.row);
    this.carry.waiting.push(req);
  }

  /** Decides what can be decided: grants in order while they fit, refuses all once none ever will. */
  decide(): { row: number; verdict: DialVerdict }[] {
    const decided: { row: number; verdict: DialVerdict }[] = [];
    while (this.carry.waiting.length > 0) {
      const next = this.carry.waiting[0]!;
      if (this.allowsAnother()) {
        this.carry.reserved.push(next);
        decided.push({ row: next.row, verdict: { callNumber: next.callNumber, granted: true } });
      } else if (this.exhausted) {
        decided.push({ row: next.row, verdict: { callNumber: next.callNumber, granted: false } });
      } else break;
      this.carry.waiting.shift();
    }
    return decided;
  }

  /** A row's cumulative spend: adds what is new and releases its reservation (its call has ended). */
  report(row: number, total: CallSpend): void {
    const before = this.carry.reportedByRow[String(row)] ?? NO_SPEND;
    const delta = {
      billedSeconds: Math.max(0, total.billedSeconds - before.billedSeconds),
      costMicros: Math.max(0, total.costMicros - before.costMicros),
    };
    this.carry.spent = addSpend(this.carry.spent, delta);
    this.carry.reportedByRow[String(row)] = total;
    this.release(row);
  }

  /** The row is done: its final spend counted, nothing of it kept. */
  close(row: number, total: CallSpend): void {
    this.report(row, total);
    delete this.carry.reportedByRow[String(row)];
    this.carry.waiting = this.carry.waiting.filter((r) => r.row !== row);
  }

  private release(row: number): void {
    this.carry.reserved = this.carry.reserved.filter((r) => r.row !== row);
  }

  /** The first problem of a new budget, or undefined: positive, and not below what is spent already. */
  problemOf(budget: CampaignBudget): string | undefined {
    return budgetProblem(budget, this.carry.spent);
  }

  status(): CampaignSpendStatus {
    const b = this.budgetOf();
    const minutes = this.carry.spent.billedSeconds / 60;
    const usd = this.carry.spent.costMicros / 1_000_000;
    const round = (n: number) => Math.round(n * 100) / 100;
    return {
      billedMinutes: round(minutes),
      usd: round(usd),
      reservedCalls: this.carry.reserved.length,
      budget:
        b && this.capped
          ? {
              minutes: b.minutes ?? null,
              usd: b.usd ?? null,
              minutesLeft: b.minutes === undefined ? null : round(Math.max(0, b.minutes - minutes)),
              usdLeft: b.usd === undefined ? null : round(Math.max(0, b.usd - usd)),
            }
          : null,
    };
  }
}

/** The first problem of a budget given `spent` so far, or undefined (also the update's check). */
export function budgetProblem(budget: CampaignBudget, spent: CallSpend = NO_SPEND): string | undefined {
  if (!budget || typeof budget !== 'object') return 'budget: give minutes and/or usd';
  const { minutes, usd } = budget;
  if (minutes === undefined && usd === undefined) return 'budget: give minutes and/or usd';
  if (minutes !== undefined) {
    if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes <= 0)
      return 'budget.minutes: a positive number of call minutes, e.g. 500';
    if (minutes * 60 < spent.billedSeconds)
      return `budget.minutes: ${minutes} is below the ${Math.ceil(spent.billedSeconds / 60)} minutes already spent`;
  }
  if (usd !== undefined) {
    if (typeof usd !== 'number' || !Number.isFinite(usd) || usd <= 0)
      return 'budget.usd: a positive amount of dollars, e.g. 50';
    if (Math.round(usd * 1_000_000) < spent.costMicros)
      return `budget.usd: $${usd} is below the $${(spent.costMicros / 1_000_000).toFixed(2)} already spent`;
  }
  return undefined;
}
