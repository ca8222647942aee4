/**
 * Shapes of a scheduled call campaign (`campaign:<id>`) and its per-contact children
 * (`campaign:<id>:contact:<row>`). Plain data: they cross the workflow boundary.
 */
import type { CampaignBudget, CampaignSpendStatus } from './budget';

/** Days of the week as JavaScript numbers them: 0 = Sunday … 6 = Saturday. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** The daily calling window on the recipient's own clock ("HH:MM", always inside 08:00–21:00). */
export interface CampaignWindow {
  start: string;
  end: string;
  /** The weekdays calls may be made on, on the recipient's clock. */
  days: Weekday[];
}

/** What a call attempt came to, as far as retrying goes. */
export const RETRYABLE_OUTCOMES = ['no_answer', 'busy', 'voicemail', 'failed'] as const;
export type RetryableOutcome = (typeof RETRYABLE_OUTCOMES)[number];

/** How often, and how far apart, one retryable outcome is tried again. */
export interface RetryRule {
  /** Calls that may end with this outcome before the contact's result is final (1: no retry). */
  maxAttempts: number;
  spacingMs: number;
}
export type CampaignRetryPolicy = Record<RetryableOutcome, RetryRule>;

/** The answers a call can end with (the agent asks `question`); `unclear` is always possible too. */
export interface CampaignOutcomeSchema {
  question: string;
  answers: string[];
}

/** A checked campaign definition: the CLI builds it, the workflow runs it. No contacts here. */
export interface CampaignDefinition {
  campaignId: string;
  /** The agent's instructions, with `{{variables}}` AgentPhone fills from each contact's columns. */
  prompt: string;
  greeting?: string | undefined;
  agentId?: string | undefined;
  concurrency: number;
  window: CampaignWindow;
  retry: CampaignRetryPolicy;
  /** No call starts at or after this instant. */
  deadlineMs: number;
  outcomes: CampaignOutcomeSchema;
  /** The cap on call minutes and/or dollars; absent: no cap (spend is still counted). */
  budget?: CampaignBudget | undefined;
  /** What a call minute costs (default AgentPhone's webhook-mode $0.13), for spend and the USD cap. */
  pricePerMinuteUsd?: number | undefined;
  /** The worst-case call length reserved before each dial of a capped campaign (default 10). */
  maxCallMinutes?: number | undefined;
  /**
   * What the agent leaves when a call reaches voicemail, with `{{variables}}` from the row; absent:
   * it hangs up without a message (`--voicemail hangup`, the default).
   */
  voicemailMessage?: string | undefined;
  /**
   * One SMS per contact at most, by how it ended: keyed by an answer (`confirmed`, …, `unclear`) or
   * `voicemail` / `no_answer`; each text a template with the row's `{{variables}}`.
   */
  followUps?: Record<string, string> | undefined;
}

/**
 * What every contact's calls share, stored once per campaign (`campaign-settings:<id>`) and read once
 * by each child: never repeated in the campaign's own history per contact.
 */
export type CampaignCallSettings = Pick<
  CampaignDefinition,
  | 'prompt'
  | 'greeting'
  | 'agentId'
  | 'outcomes'
  | 'retry'
  | 'pricePerMinuteUsd'
  | 'voicemailMessage'
  | 'followUps'
>;

/** One callable contact, as stored in a page. `row` (1-based data row) is its id. */
export interface CampaignContact {
  row: number;
  phone: string;
  /** Every column of the row but the phone, for the `{{variables}}` of the templates. */
  variables: Record<string, string>;
  /** The zones the call must be inside the window in: the `timezone` column, else the area code's. */
  timeZones: string[];
}

/** Where a campaign's contacts are stored (pages of `pageSize`, page 0 first). */
export interface CampaignContactsRef {
  contactCount: number;
  pageSize: number;
  pageCount: number;
  /** The key the pages are stored under when it is not the campaign id (a schedule's runs share one store). */
  storeId?: string;
}

/**
 * How one contact ended. `expired`: the deadline came first; `no_window`: no common calling hour;
 * `budget_reached`: the next call could have taken the campaign past its budget, so it was not made.
 */
export type ContactFinalState =
  | 'answered'
  | RetryableOutcome
  | 'suppressed'
  | 'capped'
  | 'expired'
  | 'no_window'
  | 'cancelled'
  | 'budget_reached';

/** The one final result of one contact. */
export interface ContactResult {
  row: number;
  state: ContactFinalState;
  /** The answer read from the call when `state` is `answered` (one of the schema's, or `unclear`). */
  answer: string | null;
  attempts: number;
  /** Transcript lines the answer rests on. */
  evidence: string[];
  callIds: string[];
  /**
   * When each call of `callIds` started, as AgentPhone recorded it (null: it did not say), in the same
   * order: the report's calls by hour of the recipient's day. Absent in results from before it was kept.
   */
  callStartedAt?: (string | null)[];
  /** Call seconds billed over the contact's calls (per second, connected calls only). */
  billedSeconds?: number;
  /** What those calls cost, in millionths of a dollar (1¢ minimum per connected call). */
  costMicros?: number;
  /** The follow-up SMS: sent, or not sent because the contact is on the opt-out list, or it failed. */
  followUp?: { key: string; outcome: 'sent' | 'suppressed' | 'failed'; messageId?: string };
}

export type CampaignRunState = 'running' | 'paused' | 'cancelling' | 'cancelled' | 'completed';

/** `get-campaign-status`: counters, never lists of contacts. */
export interface CampaignStatus {
  campaignId: string;
  state: CampaignRunState;
  total: number;
  /** Contacts not yet handed to a child. */
  pending: number;
  /** Children running (waiting for a window, calling, or waiting to retry). */
  active: number;
  done: number;
  /** Final results by state (`answered`, `no_answer`, …). */
  byState: Record<string, number>;
  /** Answered calls by answer (`confirmed`, `declined`, …, `unclear`). */
  byAnswer: Record<string, number>;
  attempts: number;
  concurrency: number;
  deadlineMs: number;
  /** A guess from the rate so far; null before the first result. */
  etaMs: number | null;
  /** Call minutes and dollars spent, what is reserved, and the budget left (null budget: no cap). */
  spend?: CampaignSpendStatus;
  /** Follow-up texts sent (one per contact at most). */
  followUpsSent?: number;
  /** What contacts never handed to a child ended as (`expired`, `cancelled`, `budget_reached`). */
  unstartedAs?: ContactFinalState | null;
}
