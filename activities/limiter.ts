import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { AgentPhone } from '../agentphone';
import { timeZoneForNumber } from '../agentphone';
import { DEFAULT_CALL_LIMITS, type CallLimits } from '../common/process/config/call-limits';
import type { NumberKeyer } from '../common/process/number-key';
import { wallClockAt, zonedEpochMs } from '../common/zoned-time';
import { countCallAttemptSignal, requestCallSlotSignal, workflowIds } from '../workflows/messages';
import { callAttemptsWorkflow } from '../workflows/limiter/attempts-workflow';
import { callSlotsWorkflow } from '../workflows/limiter/slots-workflow';
import { nonRetryable, resolveAgentId, translatingErrors } from './failures';

export interface LimiterActivityDeps {
  temporal: Client;
  /** The deployment the limiter serves: its workflows are keyed and run on this task queue. */
  taskQueue: string;
  numberKey: NumberKeyer;
  defaultAgentId?: string | undefined;
  /** RINGFLOW_MAX_LIVE_CALLS_PER_* and RINGFLOW_MAX_ATTEMPTS_PER_RECIPIENT_PER_DAY. */
  callLimits?: CallLimits | undefined;
  /** Reads which number an agent calls from (its first attached number, as AgentPhone picks it). */
  agentphone: Pick<AgentPhone, 'agents'>;
}

/** A recipient's shard: the first two characters of their numberKey's hash (1024 shards). */
export function attemptShardOf(recipientKey: string): string {
  return recipientKey.slice(1, 3);
}

/**
 * The recipient's own calendar day at `nowMs` (time zone from the area code, UTC when unknown) and when
 * it ends: "three calls a day" means the day the person lives, not UTC's, which would start a new day
 * at 7 pm on the US east coast.
 */
export function recipientDay(toNumber: string, nowMs: number): { day: string; endsAtMs: number } {
  const zone = timeZoneForNumber(toNumber) ?? 'UTC';
  const { date } = wallClockAt(nowMs, zone);
  const next = new Date(Date.parse(`${date}T00:00:00Z`) + 24 * 60 * 60_000).toISOString().slice(0, 10);
  return { day: date, endsAtMs: zonedEpochMs(next, '00:00', zone) };
}

/**
 * The holder's side of the cross-flow limiter (workflows/limiter/): signalWithStart reaches the
 * limiter or the attempt counter whether or not it runs yet; they answer the holder by a signal.
 */
export function createLimiterActivities(deps: LimiterActivityDeps) {
  const limits = deps.callLimits ?? DEFAULT_CALL_LIMITS;
  const numberOfAgent = new Map<string, string>();

  async function callingNumberId(agentId: string): Promise<string> {
    const known = numberOfAgent.get(agentId);
    if (known) return known;
    const agent = await translatingErrors(() => deps.agentphone.agents.retrieve(agentId));
    const first = agent.numbers?.[0]?.id;
    if (!first)
      throw nonRetryable('ConfigError', `Agent ${agentId} has no phone number attached: it cannot call.`);
    numberOfAgent.set(agentId, first);
    return first;
  }

  return {
    /**
     * Asks the day's attempt counter whether this recipient may be called once more today (and counts
     * it if so); the verdict comes back to the holder as callAttemptVerdictSignal. No AgentPhone request.
     * `nowMs` is the workflow's clock, so the day is the one the workflow lives in.
     */
    async countCallAttempt({
      holderWorkflowId,
      requestId,
      toNumber,
      nowMs,
    }: {
      holderWorkflowId: string;
      requestId: string;
      toNumber: string;
      nowMs: number;
    }): Promise<{ counterWorkflowId: string }> {
      const recipientKey = deps.numberKey(toNumber);
      const { day, endsAtMs } = recipientDay(toNumber, nowMs);
      const counterWorkflowId = workflowIds.callAttempts(deps.taskQueue, day, attemptShardOf(recipientKey));
      await deps.temporal.workflow.signalWithStart(callAttemptsWorkflow, {
        workflowId: counterWorkflowId,
        taskQueue: deps.taskQueue,
        args: [{}],
        signal: countCallAttemptSignal,
        signalArgs: [
          {
            holderWorkflowId,
            requestId,
            recipientKey,
            cap: limits.attemptsPerRecipientPerDay,
            dayEndsAtMs: endsAtMs,
          },
        ],
      });
      return { counterWorkflowId };
    },

    /**
     * Queues the holder at the deployment's live-call limiter, with the caps the worker is configured
     * with; the grant comes back as callSlotGrantedSignal. Returns the limiter's id (for the release).
     */
    async requestCallSlot({
      holderWorkflowId,
      holderRunId,
      requestId,
      agentId: requested,
      leaseMs,
    }: {
      holderWorkflowId: string;
      holderRunId: string;
      requestId: string;
      agentId?: string | undefined;
      leaseMs: number;
    }): Promise<{ limiterWorkflowId: string; numberId: string }> {
      const numberId = await callingNumberId(resolveAgentId(requested, deps.defaultAgentId));
      const limiterWorkflowId = workflowIds.callSlots(deps.taskQueue);
      await deps.temporal.workflow.signalWithStart(callSlotsWorkflow, {
        workflowId: limiterWorkflowId,
        taskQueue: deps.taskQueue,
        args: [{ deployment: deps.taskQueue }],
        signal: requestCallSlotSignal,
        signalArgs: [
          {
            holderWorkflowId,
            holderRunId,
            requestId,
            numberId,
            leaseMs,
            caps: { perAccount: limits.liveCallsPerAccount, perNumber: limits.liveCallsPerNumber },
          },
        ],
      });
      return { limiterWorkflowId, numberId };
    },

    /** Which of these slot holders have closed (completed, failed, terminated, reset away, gone). */
    async findClosedCallSlotHolders({
      holders,
    }: {
      holders: { requestId: string; holderWorkflowId: string; holderRunId: string }[];
    }): Promise<string[]> {
      const closed: string[] = [];
      for (const holder of holders) {
        try {
          const described = await deps.temporal.workflow
            .getHandle(holder.holderWorkflowId, holder.holderRunId)
            .describe();
          if (described.status.name !== 'RUNNING') closed.push(holder.requestId);
        } catch (err) {
          if (err instanceof WorkflowNotFoundError) closed.push(holder.requestId);
          else throw err;
        }
      }
      return closed;
    },
  };
}
