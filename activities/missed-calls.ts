import type { Client } from '@temporalio/client';
import { EmergencyNumberError, InvalidPhoneNumberError, assertDialable } from '../agentphone/phone';
import { readAgentSettings } from '../client/agent-settings';
import { nextBusinessOpening, type BusinessHours } from '../common/business-hours';
import type { Logger } from '../common/process/logger';
import type { NumberKeyer } from '../common/process/number-key';
import { wallClockAt } from '../common/zoned-time';
import { summarizeCallback } from '../outcome/callback-summary';
import { readInboundCall, type InboundCallReading } from '../outcome/inbound-call';
import { missedCallSignal, workflowIds } from '../workflows/messages';
import { missedCallWorkflow } from '../workflows/missed-call';
import { validateMissedCallSettings } from '../workflows/missed-call/input';
import {
  MISSED_CALLS_SECTION,
  type MissedCallNotice,
  type MissedCallSettings,
} from '../workflows/missed-call/types';
import type { CallRecord } from '../workflows/types';

export interface MissedCallActivityDeps {
  temporal: Client;
  taskQueue: string;
  logger: Logger;
  numberKey: NumberKeyer;
}

/** What the inbound-call workflow needs to decide about one ended inbound call. */
export interface InboundCallInspection {
  reading: InboundCallReading;
  /** The agent's missed-call settings; null when not enabled (or stored ones no longer validate). */
  settings: MissedCallSettings | null;
  /** A real, dialable caller: not withheld, not a short code, not emergency, not outside the NANP. */
  callerCallable: boolean;
  callerProblem: string | null;
  /** `missed-call:<agentId>:<callerKey>` of this caller, when the caller has a number. */
  missedCallWorkflowId: string | null;
}

/** Caller ids that mean "no number": withheld, anonymous, blocked. */
const NO_CALLER_ID = /^(anonymous|private|restricted|unknown|unavailable|blocked|withheld)?$/i;

/** Why a caller cannot be called back, or null when they can. */
export function callerProblemOf(from: string | null): string | null {
  const number = (from ?? '').trim();
  if (NO_CALLER_ID.test(number)) return 'no caller id';
  try {
    assertDialable(number);
    return null;
  } catch (err) {
    if (err instanceof EmergencyNumberError) return `an emergency or service number (${err.message})`;
    if (err instanceof InvalidPhoneNumberError)
      return `not a number that can be called back (${err.message})`;
    throw err;
  }
}

/**
 * The missed-call side of inbound calls: reading settings and the call (heuristics, in activities by
 * design decision 11), joining a caller's callback series (signalWithStart needs the client), reading
 * a callback's transcript, and the owner's business hours (tzdata: a local activity).
 */
export function createMissedCallActivities(deps: MissedCallActivityDeps) {
  return {
    /** Reads the agent's missed-call settings and what the ended inbound call was. */
    async inspectInboundCall({
      agentId,
      call,
    }: {
      agentId: string;
      call: CallRecord;
    }): Promise<InboundCallInspection> {
      const sections = await readAgentSettings(deps.temporal, agentId);
      const stored = sections[MISSED_CALLS_SECTION]?.value;
      const checked = stored === undefined ? undefined : validateMissedCallSettings(stored);
      if (checked && !checked.ok)
        deps.logger.warn(
          { agentId, problems: checked.problems },
          'stored missed-call settings do not validate; ignored',
        );
      const callerProblem = callerProblemOf(call.from);
      const reading = readInboundCall(call);
      deps.logger.info({ callId: call.callId, kind: reading.kind, callerProblem }, 'inbound call read');
      return {
        reading,
        settings: checked?.ok ? checked.value : null,
        callerCallable: callerProblem === null,
        callerProblem,
        missedCallWorkflowId:
          call.from && callerProblem === null
            ? workflowIds.missedCall(agentId, deps.numberKey(call.from))
            : null,
      };
    },

    /**
     * Starts the caller's callback series or adds this miss to the running one. A finished series does
     * not block a new one (ALLOW_DUPLICATE): a miss after a done callback gets its own callback.
     */
    async joinMissedCallback({
      agentId,
      callerNumber,
      settings,
      miss,
    }: {
      agentId: string;
      callerNumber: string;
      settings: MissedCallSettings;
      miss: MissedCallNotice;
    }): Promise<{ workflowId: string }> {
      const callerKey = deps.numberKey(callerNumber);
      const workflowId = workflowIds.missedCall(agentId, callerKey);
      await deps.temporal.workflow.signalWithStart(missedCallWorkflow, {
        workflowId,
        taskQueue: deps.taskQueue,
        args: [{ agentId, callerNumber, callerKey, settings, misses: [miss] }],
        signal: missedCallSignal,
        signalArgs: [miss],
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      });
      return { workflowId };
    },

    /** What a callback found out: reached or not, who, what, how urgent, when (with evidence). */
    async summarizeCallbackCall({ call }: { call: CallRecord }) {
      return summarizeCallback(call);
    },

    /** The next instant inside the owner's business hours (days of week too) on their wall clock. */
    async nextBusinessHoursOpening({
      timeZone,
      hours,
      afterMs,
    }: {
      timeZone: string;
      hours: BusinessHours;
      afterMs: number;
    }): Promise<{ opensAtMs: number; local: { date: string; time: string } }> {
      // Settings name at least one day, so there always is an opening; `afterMs` is the fallback.
      const opensAtMs = nextBusinessOpening(afterMs, timeZone, hours) ?? afterMs;
      return { opensAtMs, local: wallClockAt(opensAtMs, timeZone) };
    },
  };
}
