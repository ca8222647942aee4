/** Settings, input, status and result of the missed-call callback workflow (plain data: safe in history). */
import type { CallbackSummary } from '../../outcome/callback-summary';
import type { CallCheckSchedule } from '../types';

/** The agent-settings section (workflows/agent-settings.ts) that holds these settings. */
export const MISSED_CALLS_SECTION = 'missedCalls';

/** Which answered inbound calls the owner hears about by SMS. */
export type TriageMode = 'every' | 'messages' | 'none';

/**
 * What the owner configured with `ringflow missed-calls enable` (validated at the edge by input.ts).
 *
 * @example
 * { delayMinutes: 5, hours: { start: '09:00', end: '18:00' }, days: [1, 2, 3, 4, 5],
 *   timeZone: 'America/New_York', notifyNumber: '+14155550199', businessName: 'Lovely Thai',
 *   prompt: null, maxAttempts: 2, triage: 'messages', retryAfterMinutes: 60, relayRepliesForHours: 72 }
 */
export interface MissedCallSettings {
  /** Wait this long after the first miss before calling back (repeated misses meanwhile join it). */
  delayMinutes: number;
  /** Business hours on the owner's clock ("HH:MM"; `end` may be "24:00"). */
  hours: { start: string; end: string };
  /** Open weekdays, 0 = Sunday … 6 = Saturday. */
  days: number[];
  /** The owner's IANA zone, e.g. America/New_York. */
  timeZone: string;
  /** The owner's phone (E.164): summaries and relayed replies go here. */
  notifyNumber: string;
  /** Who the callback says is calling. */
  businessName: string;
  /** The callback agent's instructions (from `--prompt-file`); the built-in script when null. */
  prompt: string | null;
  /** Callback calls per caller before texting them instead. */
  maxAttempts: number;
  triage: TriageMode;
  /** Wait between unanswered callback attempts (then business hours again). */
  retryAfterMinutes: number;
  /** How long a caller's SMS replies are relayed to the owner after the "sorry we missed you" text. */
  relayRepliesForHours: number;
}

/** One missed call (or answered call asking for a callback) that joins a caller's callback. */
export interface MissedCallNotice {
  callId: string;
  /** When the call ended (ISO 8601). */
  at: string;
  reason: 'missed' | 'callback_requested';
}

/**
 * `missed-call:<agentId>:<numberKey(caller)>`: started (or joined) by the inbound-call workflow.
 */
export interface MissedCallInput {
  agentId: string;
  /** E.164 of the caller (never in the workflow id). */
  callerNumber: string;
  /** numberKey(callerNumber): names the series' callbacks and intents (workflow code cannot hash). */
  callerKey: string;
  settings: MissedCallSettings;
  /** The misses so far (at least one); carried across continue-as-new. */
  misses: MissedCallNotice[];
  /** Safety-net timing of each callback (tests shorten it). */
  callChecks?: Partial<CallCheckSchedule>;
}

export type MissedCallState =
  | 'waiting_delay'
  | 'waiting_for_hours'
  | 'calling'
  | 'waiting_to_retry'
  | 'awaiting_caller_reply'
  | 'summarized'
  | 'not_reached'
  | 'suppressed'
  | 'capped'
  | 'cancelled';

export interface CallbackAttempt {
  workflowId: string;
  callId: string | null;
  status: string;
  reached: boolean;
}

export interface MissedCallStatus {
  agentId: string;
  callerNumber: string;
  state: MissedCallState;
  /** One human sentence about where things stand. */
  message: string;
  misses: MissedCallNotice[];
  /** When the next callback is due (ISO), while waiting. */
  nextCallAt: string | null;
  attempts: CallbackAttempt[];
  summary: CallbackSummary | null;
  smsSent: { to: string; body: string; messageId: string }[];
  repliesRelayed: number;
}
