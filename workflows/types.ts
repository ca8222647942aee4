/**
 * Domain shapes that cross the workflow boundary (workflow inputs, results, signal payloads). They are
 * small, plain and independent of the AgentPhone wire format: activities and the ingress convert.
 */

/** One line of a call transcript, in spoken order. */
export interface TranscriptTurn {
  role: 'agent' | 'user';
  content: string;
}

/** A terminal call as ringflow sees it, from the `agent.call_ended` webhook or from fetching the call. */
export interface CallRecord {
  callId: string;
  /** `completed` | `failed` (or MCP-style `busy` / `no-answer`). */
  status: string;
  disconnectionReason: string | null;
  durationSeconds: number | null;
  startedAt: string | null;
  endedAt: string | null;
  from: string | null;
  to: string | null;
  direction: string | null;
  transcript: TranscriptTurn[];
  summary: string | null;
  userSentiment: string | null;
  callSuccessful: boolean | null;
}

/** What the ingress hands a call's mailbox when `agent.call_ended` arrives. */
export interface CallEndedNotice {
  call: CallRecord;
  /** X-Webhook-ID of the delivery, for tracing. */
  webhookId: string | null;
  /**
   * The transcript as the ingress read it for a spoken opt-out ("stop calling me"), design decision 11:
   * the turn it rests on, or null for none, so the call workflow records one only when there is one.
   * Absent when nobody read it (a notice from before the ingress read transcripts): then an activity does.
   */
  spokenOptOut?: { index: number; text: string } | null;
}

/**
 * What a person's text says, read where it arrives (the ingress, the CLI) rather than in workflow code
 * (design decision 11): the reading travels with the signal or update, so history records it and a
 * better reader needs no workflow patch. `stop` / `start`: an opt-out keyword (STOP, UNSUBSCRIBE…) or
 * its undoing; `help`: HELP or INFO; `time`: another time, "HH:MM" 24-hour.
 */
export type ReplyReading =
  | { kind: 'yes' }
  | { kind: 'no' }
  | { kind: 'time'; time: string }
  | { kind: 'stop' }
  | { kind: 'start' }
  | { kind: 'help' }
  | { kind: 'unknown' };

/** An inbound SMS routed to a workflow waiting for a human's reply. */
export interface InboundSms {
  messageId: string;
  agentId: string | null;
  from: string;
  to: string;
  body: string;
  receivedAt: string;
  /** The body as read at the edge. */
  reading: ReplyReading;
  /** A one-time code the body carries, read at the edge (outcome/one-time-code.ts); absent otherwise. */
  oneTimeCode?: OneTimeCode;
  /**
   * The sender is a short code or a name, not a phone number: nothing is ever texted back to it (no HELP
   * answer, no first-contact text). Absent when `from` is a phone number.
   */
  serviceSender?: 'short-code' | 'alphanumeric';
}

/** A verification code found in an inbound SMS, and the service that sent it when known. */
export interface OneTimeCode {
  code: string;
  service: string | null;
}

/** A workflow that wants a mailbox's next delivery (call ended, SMS received). */
export interface MailboxSubscription {
  workflowId: string;
}

/** Timing of the safety net that checks a call only when its webhook did not come. */
export interface CallCheckSchedule {
  /** First check this long after the call was placed. */
  firstCheckMs: number;
  /** Each later wait doubles, up to this. */
  maxIntervalMs: number;
  /** Give up (and end the call) this long after placing it. */
  giveUpAfterMs: number;
}

export const DEFAULT_CALL_CHECKS: CallCheckSchedule = {
  firstCheckMs: 3 * 60_000,
  maxIntervalMs: 15 * 60_000,
  giveUpAfterMs: 6 * 60 * 60_000,
};
