/**
 * The state of one reservation: its status (what `get-status` answers), the human's pending answer, and
 * the counters that name each side effect's intent. Plain data and rules, no activities: the workflow
 * and its steps act, this remembers and decides what a reply means for the state.
 */
import { ApplicationFailure } from '@temporalio/workflow';
import type { ReplyReading } from '../types';
import {
  DEFAULT_RESERVATION_POLICY,
  type ReservationCallSummary,
  type ReservationPlan,
  type ReservationPolicy,
  type ReservationRequest,
  type ReservationState,
  type ReservationStatus,
} from './types';

export class ReservationRun {
  readonly request: ReservationRequest;
  readonly policy: ReservationPolicy;
  readonly status: ReservationStatus;
  private awaitingReply = false;
  private answer: ReplyReading | undefined;
  private smsCount = 0;

  constructor(readonly plan: ReservationPlan) {
    this.request = plan.request;
    this.policy = { ...DEFAULT_RESERVATION_POLICY, ...plan.request.policy };
    this.status = {
      requestId: plan.request.requestId,
      state: 'calling',
      message: 'Starting.',
      restaurant: null,
      calls: [],
      offer: null,
      booking: null,
      smsSent: [],
    };
  }

  setState(state: ReservationState, message: string): void {
    this.status.state = state;
    this.status.message = message;
  }

  // ── the human's answer to an offer ──
  /** From now on the next readable reply (SMS or update) answers `offer`. */
  awaitReply(offer: { date: string; time: string }): void {
    this.status.offer = offer;
    this.answer = undefined;
    this.awaitingReply = true;
  }

  stopAwaitingReply(): void {
    this.awaitingReply = false;
  }

  /** The reply received since the last `awaitReply` / `discardReply`, if any. */
  get reply(): ReplyReading | undefined {
    return this.answer;
  }

  /** An unreadable reply was answered with "didn't get that": wait for the next one. */
  discardReply(): void {
    this.answer = undefined;
  }

  /** An SMS reply as the ingress read it; the first one while waiting counts. */
  takeSmsReply(reading: ReplyReading): void {
    if (this.awaitingReply && this.answer === undefined) this.answer = reading;
  }

  /** The `reply` update's validator: refuses (before history) what cannot be an answer now. */
  checkReplyUpdate(reading: ReplyReading): void {
    if (!this.awaitingReply) throw new Error(`Not waiting for a reply (state: ${this.status.state}).`);
    if (!['yes', 'no', 'time', 'stop'].includes(reading.kind))
      throw new Error('Reply YES, NO, or a time like 8:30pm.');
  }

  takeReplyUpdate(reading: ReplyReading): { accepted: boolean; understood: ReplyReading } {
    this.answer = reading;
    return { accepted: true, understood: reading };
  }

  // ── what has been done ──
  /** The intent key of the next SMS to the human (the same on every attempt of that send). */
  nextSmsIntent(self: string): string {
    this.smsCount += 1;
    return `${self}:sms:${this.smsCount}`;
  }

  recordSms(sent: { toNumber: string; body: string; messageId: string }): void {
    this.status.smsSent.push({ to: sent.toNumber, body: sent.body, messageId: sent.messageId });
  }

  /** The calls' own ends (slot given back), which the reservation awaits before it finishes. */
  private readonly callEnds: Promise<unknown>[] = [];

  /** Keeps a call's end (its result may have come earlier, with the release) for {@link callsFinished}. */
  trackCall(end: Promise<unknown>): void {
    this.callEnds.push(end.then(noop, noop));
  }

  /** Settles once every call has ended (given its live-call slot back). */
  async callsFinished(): Promise<void> {
    await Promise.all(this.callEnds);
  }

  get callsMade(): number {
    return this.status.calls.length;
  }

  recordCall(summary: ReservationCallSummary): void {
    this.status.calls.push(summary);
  }

  /** How a reservation with bad input fails: for good, before any call or SMS, naming each problem. */
  static invalidRequest(problems: string[]): ApplicationFailure {
    return ApplicationFailure.create({
      type: 'InvalidReservationRequest',
      message: `Invalid reservation request:\n${problems.join('\n')}`,
      nonRetryable: true,
      details: problems,
    });
  }
}

function noop(): void {}
