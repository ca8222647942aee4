import type { CampaignCallReading } from '../../outcome/campaign-answer';
import { NO_SPEND, addSpend, type CallSpend } from './budget';
import type { ContactFinalState, ContactResult, RetryableOutcome } from './types';

/**
 * The state of one contact's calls: attempts by outcome (what the retry rules count), the calls made,
 * and how it ended. The child workflow only loops and waits; this decides.
 */
export class ContactRun {
  /** Calls that reached AgentPhone (a `capped` one did not). */
  attempts = 0;
  /** Every call begun, `capped` ones included: numbers the calls' intent keys (`…:call:<n>`). */
  callsStarted = 0;
  readonly byOutcome: Partial<Record<RetryableOutcome, number>> = {};
  readonly callIds: string[] = [];
  /** When each call of `callIds` started, as AgentPhone recorded it (the report's calls by hour). */
  readonly callStartedAt: (string | null)[] = [];
  /** What this contact's calls were billed, summed (reported to the campaign). */
  spend: CallSpend = NO_SPEND;
  private lastOutcome: RetryableOutcome | undefined;

  constructor(readonly row: number) {}

  /** Counts a retryable outcome; true while the rule allows another call. */
  countOutcome(kind: RetryableOutcome, maxAttempts: number): boolean {
    this.lastOutcome = kind;
    const seen = (this.byOutcome[kind] ?? 0) + 1;
    this.byOutcome[kind] = seen;
    return seen < maxAttempts;
  }

  recordCall(
    callId: string | undefined,
    charge: CallSpend = NO_SPEND,
    startedAt: string | null = null,
  ): void {
    this.attempts += 1;
    if (callId) {
      this.callIds.push(callId);
      this.callStartedAt.push(startedAt);
    }
    this.spend = addSpend(this.spend, charge);
  }

  answered(reading: Extract<CampaignCallReading, { kind: 'answered' }>): ContactResult {
    // A spoken opt-out wins over whatever else was said (issue 9 files the number on the list).
    return this.result('answered', reading.optedOut ? 'opted_out' : reading.answer, reading.evidence);
  }

  /** The result when no more calls will be made: the last call's outcome, else `fallback`. */
  stopped(fallback: ContactFinalState): ContactResult {
    return this.result(fallback === 'cancelled' || !this.lastOutcome ? fallback : this.lastOutcome);
  }

  /** The result of a contact whose last retryable outcome used up its attempts. */
  exhausted(evidence: string[]): ContactResult {
    return this.result(this.lastOutcome ?? 'failed', null, evidence);
  }

  result(state: ContactFinalState, answer: string | null = null, evidence: string[] = []): ContactResult {
    return {
      row: this.row,
      state,
      answer,
      attempts: this.attempts,
      evidence,
      callIds: [...this.callIds],
      callStartedAt: [...this.callStartedAt],
      billedSeconds: this.spend.billedSeconds,
      costMicros: this.spend.costMicros,
    };
  }
}
