/**
 * Shapes of the cross-flow call limiter (plain data: safe in history). Two kinds of workflow share
 * them: `call-slots:<scope>` leases live-call slots (per account and per our number) and
 * `call-attempts:<scope>:<day>:<shard>` counts dial attempts per recipient per day.
 */

/** The configured caps, as the worker read them (RINGFLOW_MAX_LIVE_CALLS_PER_*), sent with each request. */
export interface LiveCallCaps {
  /** Live calls of the whole AgentPhone account (AgentPhone answers 409 above its own limit). */
  perAccount: number;
  /** Live calls placed from one of our numbers. */
  perNumber: number;
}

/** A holder (a call workflow run) asking the limiter for one live-call slot. */
export interface CallSlotRequest {
  holderWorkflowId: string;
  /** The holder's run: a reset or a new run with the same id is a different holder. */
  holderRunId: string;
  /** Unique per holder run; a repeated request with the same id changes nothing. */
  requestId: string;
  /** Our number the call goes out from (the agent's first attached number, as AgentPhone picks it). */
  numberId: string;
  /** How long the slot is held at most before the limiter checks whether the holder still lives. */
  leaseMs: number;
  caps: LiveCallCaps;
}

/** A granted slot. */
export interface CallSlotLease {
  leaseId: string;
  requestId: string;
  holderWorkflowId: string;
  holderRunId: string;
  numberId: string;
  leaseMs: number;
  grantedAtMs: number;
  expiresAtMs: number;
}

/** What the limiter signals a holder when its slot is granted. */
export interface CallSlotGrant {
  requestId: string;
  leaseId: string;
  expiresAtMs: number;
}

/** The holder gives its slot back (or withdraws a request still queued). */
export interface CallSlotRelease {
  requestId: string;
}

/** Counters of one limiter run and its predecessors (carried across continue-as-new). */
export interface CallSlotCounters {
  granted: number;
  released: number;
  /** Leases taken back from holders that had closed without releasing. */
  reclaimed: number;
  /** The most slots held at once, ever. */
  maxHeld: number;
}

/** Everything a limiter holds; carried whole across continue-as-new. */
export interface CallSlotsSnapshot {
  caps: LiveCallCaps | undefined;
  queue: CallSlotRequest[];
  leases: CallSlotLease[];
  counters: CallSlotCounters;
  /** Lease ids are `<n>`-numbered per limiter; carried so they stay unique. */
  nextLeaseNumber: number;
}

/** A holder's request to count one dial attempt to a recipient today. */
export interface CallAttemptRequest {
  holderWorkflowId: string;
  /** Unique per holder run; a repeated request gets the verdict the first one got. */
  requestId: string;
  /** The recipient's keyed hash (common/process/number-key.ts), never the number. */
  recipientKey: string;
  /** RINGFLOW_MAX_ATTEMPTS_PER_RECIPIENT_PER_DAY. */
  cap: number;
  /** When the recipient's day ends (epoch ms): the counter lives until the last day it counts ends. */
  dayEndsAtMs: number;
}

/** The counter's answer to a holder. */
export interface CallAttemptVerdict {
  requestId: string;
  allowed: boolean;
  /** Attempts counted today for this recipient, this one included when allowed. */
  attemptsToday: number;
  cap: number;
}

/** Where a call workflow is in getting its slot, for status views (getCallSlotPhaseQuery). */
export type CallSlotPhase = 'counting_attempt' | 'waiting_for_slot' | 'holding_slot' | 'capped' | 'released';
