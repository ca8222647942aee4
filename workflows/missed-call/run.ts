/**
 * The state of one caller's callback series: its status (what `get-status` answers), the misses that
 * joined it, snoozes, the caller's replies waiting to be relayed, and the rules of the owner's updates.
 * Plain data and rules, no activities: the workflow and its steps act, this remembers.
 */
import type { CallbackSummary } from '../../outcome/callback-summary';
import { workflowIds } from '../messages';
import type { InboundSms } from '../types';
import type {
  CallbackAttempt,
  MissedCallInput,
  MissedCallNotice,
  MissedCallState,
  MissedCallStatus,
} from './types';

/** States in which nothing more will happen. */
const FINAL: readonly MissedCallState[] = ['summarized', 'not_reached', 'suppressed', 'capped', 'cancelled'];
/** States in which a snooze still moves the next call. */
const SNOOZABLE: readonly MissedCallState[] = ['waiting_delay', 'waiting_for_hours', 'waiting_to_retry'];
export const MAX_SNOOZE_MINUTES = 7 * 24 * 60;

export class MissedCallRun {
  readonly status: MissedCallStatus;
  /** The first miss's call id: names this series' callbacks and SMS intents. */
  readonly seriesId: string;
  /** No call before this instant (moved by snoozes). */
  notBeforeMs = 0;
  /** Bumped by each snooze, so a wait can tell it was moved. */
  snoozes = 0;
  /** Misses that came after this series' callback was made: they start the next series. */
  readonly laterMisses: MissedCallNotice[] = [];
  readonly replies: InboundSms[] = [];
  private readonly replyIds = new Set<string>();
  private callbackMade = false;
  private readonly startedAtMs = Date.now();

  constructor(readonly input: MissedCallInput) {
    this.seriesId = input.misses[0]?.callId ?? 'none';
    this.status = {
      agentId: input.agentId,
      callerNumber: input.callerNumber,
      state: 'waiting_delay',
      message: 'Waiting a moment before calling back.',
      misses: [...input.misses],
      nextCallAt: null,
      attempts: [],
      summary: null,
      smsSent: [],
      repliesRelayed: 0,
    };
  }

  get settings() {
    return this.input.settings;
  }

  get finished(): boolean {
    return FINAL.includes(this.status.state);
  }

  setState(state: MissedCallState, message: string, nextCallAtMs?: number): void {
    this.status.state = state;
    this.status.message = message;
    this.status.nextCallAt = nextCallAtMs === undefined ? null : new Date(nextCallAtMs).toISOString();
  }

  /** A miss joins this series until its callback has been made; after that it waits for the next. */
  takeMiss(miss: MissedCallNotice): void {
    const known = [...this.status.misses, ...this.laterMisses].some((m) => m.callId === miss.callId);
    if (known) return;
    if (this.callbackMade) this.laterMisses.push(miss);
    else this.status.misses.push(miss);
  }

  /**
   * The earliest instant the first callback may be made: the delay after this series learnt of its
   * first miss (the workflow's own clock, not the event's, which another machine stamped).
   */
  get firstCallAtMs(): number {
    return this.startedAtMs + this.settings.delayMinutes * 60_000;
  }

  /** A reply from the caller while their "sorry we missed you" text waits for one (once per message). */
  takeReply(sms: InboundSms): void {
    if (this.replyIds.has(sms.messageId)) return;
    this.replyIds.add(sms.messageId);
    this.replies.push(sms);
  }

  recordAttempt(attempt: CallbackAttempt): void {
    this.status.attempts.push(attempt);
    this.callbackMade = true;
  }

  recordSummary(summary: CallbackSummary): void {
    this.status.summary = summary;
  }

  recordSms(sent: { toNumber: string; body: string; messageId: string }): void {
    this.status.smsSent.push({ to: sent.toNumber, body: sent.body, messageId: sent.messageId });
  }

  /**
   * This workflow's id, from its input (not workflowInfo): the callbacks' ids derive from it, and a
   * replay under another id must command the same children.
   */
  get seriesWorkflowId(): string {
    return workflowIds.missedCall(this.input.agentId, this.input.callerKey);
  }

  /** The intent key of one SMS of this series (`what`: owner-summary, caller, relay:<messageId>). */
  smsIntent(what: string): string {
    return `${this.seriesWorkflowId}:${this.seriesId}:sms:${what}`;
  }

  // ── the owner's updates (validators throw before anything reaches history) ──
  checkCancel(): void {
    if (this.finished) throw new Error(`Already finished (state: ${this.status.state}).`);
  }

  checkSnooze(minutes: unknown): void {
    if (
      typeof minutes !== 'number' ||
      !Number.isInteger(minutes) ||
      minutes < 1 ||
      minutes > MAX_SNOOZE_MINUTES
    )
      throw new Error(`minutes: a whole number from 1 to ${MAX_SNOOZE_MINUTES} (a week).`);
    if (!SNOOZABLE.includes(this.status.state))
      throw new Error(`Cannot snooze now (state: ${this.status.state}); only a callback still waiting.`);
  }

  snooze(minutes: number, nowMs: number): void {
    this.notBeforeMs = Math.max(this.notBeforeMs, nowMs + minutes * 60_000);
    this.snoozes += 1;
  }
}
