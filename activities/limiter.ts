import { WithStartWorkflowOperation, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { AgentPhone } from '../agentphone';
import { timeZoneForNumber } from '../agentphone';
import { DEFAULT_CALL_LIMITS, type CallLimits } from '../common/process/config/call-limits';
import type { NumberKeyer } from '../common/process/number-key';
import { wallClockAt, zonedEpochMs } from '../common/zoned-time';
import { countCallAttemptsUpdate, requestCallSlotsUpdate, workflowIds } from '../workflows/messages';
import type {
  CallAttemptRequest,
  CallAttemptVerdict,
  CallSlotGrant,
  CallSlotRequest,
} from '../workflows/limiter/types';
import { callAttemptsWorkflow } from '../workflows/limiter/attempts-workflow';
import { callSlotsWorkflow } from '../workflows/limiter/slots-workflow';
import { nonRetryable, resolveAgentId, translatingErrors } from './failures';
import { UpdateBatcher, type UpdateBatcherOptions } from './update-batcher';
import { clearOfActivityCancellation, untilThisActivityIsCancelled } from './cancellable-temporal-calls';

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
  /** How the per-process batching of limiter updates paces itself (tests shrink it). */
  limiterBatching?: UpdateBatcherOptions | undefined;
}

/** What takeCallSlot came to: capped for today, a slot granted now, or queued for one. */
export type TakenCallSlot =
  | { kind: 'capped'; attemptsToday: number; cap: number }
  | { kind: 'granted'; limiterWorkflowId: string; numberId: string; grant: CallSlotGrant }
  | { kind: 'queued'; limiterWorkflowId: string; numberId: string };

/**
 * A recipient's shard: the first character of their numberKey's hash (32 shards). Few enough that
 * every shard stays in the worker's workflow cache: with 1024, a 100k campaign touched each shard
 * every few minutes, after per-contact workflows had pushed it out of the cache, so each touch
 * replayed the shard's growing history — worker CPU per contact rose from 120 to 194 ms over 27k
 * contacts and the rate fell from 6.7 to 4.8 contacts/s. A shard holds its day's recipients: ≈ 4.7k
 * at the 150k calls a day an account's 100 live calls allow, a few hundred kB carried at continue-as-new.
 */
export function attemptShardOf(recipientKey: string): string {
  return recipientKey.slice(1, 2);
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
 * The holder's side of the cross-flow limiter (workflows/limiter/): update-with-start reaches the
 * attempt counter and the limiter whether or not they run yet, and their answers are the results.
 */
export function createLimiterActivities(deps: LimiterActivityDeps) {
  const limits = deps.callLimits ?? DEFAULT_CALL_LIMITS;
  const numberOfAgent = new Map<string, string>();
  // One in-flight update per limiter workflow in this process: concurrent calls share it (the server
  // refuses more than a few in-flight updates per workflow). The shared update runs clear of any one
  // caller's cancellation; each caller stops waiting when it is cancelled.
  const attemptCounters = new UpdateBatcher<CallAttemptRequest, CallAttemptVerdict>(
    (workflowId, batch) =>
      clearOfActivityCancellation(deps.temporal, () =>
        deps.temporal.workflow.executeUpdateWithStart(countCallAttemptsUpdate, {
          args: [batch],
          startWorkflowOperation: new WithStartWorkflowOperation(callAttemptsWorkflow, {
            workflowId,
            taskQueue: deps.taskQueue,
            args: [{}],
            workflowIdConflictPolicy: 'USE_EXISTING',
          }),
        }),
      ),
    deps.limiterBatching,
  );
  const slotLimiters = new UpdateBatcher<CallSlotRequest, CallSlotGrant | null>(
    (workflowId, batch) =>
      clearOfActivityCancellation(deps.temporal, () =>
        deps.temporal.workflow.executeUpdateWithStart(requestCallSlotsUpdate, {
          args: [batch],
          startWorkflowOperation: new WithStartWorkflowOperation(callSlotsWorkflow, {
            workflowId,
            taskQueue: deps.taskQueue,
            args: [{ deployment: deps.taskQueue }],
            workflowIdConflictPolicy: 'USE_EXISTING',
          }),
        }),
      ),
    deps.limiterBatching,
  );

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
     * Counts this dial attempt against the recipient's daily cap and, when allowed, asks the
     * deployment's live-call limiter for a slot: both by update-with-start, so each is reached whether
     * or not it runs yet and answers in the update's result (one activity, no signal back); requests
     * made meanwhile by this process's other calls ride in the same update. `queued`:
     * no slot is free now; the grant comes to the holder as callSlotGrantedSignal. No AgentPhone
     * request unless the agent's number is not known yet. `nowMs` is the workflow's clock, so the day
     * is the one the workflow lives in. A retry repeats the same request id: counted once, granted once.
     */
    async takeCallSlot({
      holderWorkflowId,
      holderRunId,
      requestId,
      toNumber,
      agentId: requested,
      leaseMs,
      nowMs,
    }: {
      holderWorkflowId: string;
      holderRunId: string;
      requestId: string;
      toNumber: string;
      agentId?: string | undefined;
      leaseMs: number;
      nowMs: number;
    }): Promise<TakenCallSlot> {
      const recipientKey = deps.numberKey(toNumber);
      const { day, endsAtMs } = recipientDay(toNumber, nowMs);
      const verdict = await untilThisActivityIsCancelled(
        attemptCounters.submit(workflowIds.callAttempts(deps.taskQueue, day, attemptShardOf(recipientKey)), {
          holderWorkflowId,
          requestId,
          recipientKey,
          cap: limits.attemptsPerRecipientPerDay,
          dayEndsAtMs: endsAtMs,
        }),
      );
      if (!verdict.allowed) return { kind: 'capped', attemptsToday: verdict.attemptsToday, cap: verdict.cap };

      const numberId = await callingNumberId(resolveAgentId(requested, deps.defaultAgentId));
      const limiterWorkflowId = workflowIds.callSlots(deps.taskQueue);
      const grant = await untilThisActivityIsCancelled(
        slotLimiters.submit(limiterWorkflowId, {
          holderWorkflowId,
          holderRunId,
          requestId,
          numberId,
          leaseMs,
          caps: { perAccount: limits.liveCallsPerAccount, perNumber: limits.liveCallsPerNumber },
        }),
      );
      return grant
        ? { kind: 'granted', limiterWorkflowId, numberId, grant }
        : { kind: 'queued', limiterWorkflowId, numberId };
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
