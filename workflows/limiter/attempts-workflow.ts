import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  setHandler,
} from '@temporalio/workflow';
import { timeToContinueAsNew } from '../continue-as-new';
import { callAttemptVerdictSignal, countCallAttemptSignal } from '../messages';
import { CallAttemptTally, type CallAttemptsSnapshot } from './attempts';
import type { CallAttemptRequest, CallAttemptVerdict } from './types';

export interface CallAttemptsInput {
  /** Carried across continue-as-new. */
  snapshot?: CallAttemptsSnapshot;
  /** Verdicts decided but not yet signalled when the previous run continued as new. */
  pending?: { holderWorkflowId: string; verdict: CallAttemptVerdict }[];
  continueAsNewAfterEvents?: number;
}

/** Stays a little past the end of the day it counts, for requests already on their way. */
const END_MARGIN_MS = 60 * 60_000;

/**
 * Dial attempts per recipient for one day and one shard of recipients
 * (`call-attempts:<deployment>:<day>:<shard>`): the countCallAttempt activity signals-with-start it
 * before each dial, and it answers the holder with a verdict. Sharded by the recipient's numberKey so
 * no single workflow holds a campaign's 100k recipients (1024 shards: about 100 recipients each at
 * 100k a day); it ends once its day is over everywhere, so nothing accumulates.
 */
export async function callAttemptsWorkflow(input: CallAttemptsInput): Promise<void> {
  const tally = new CallAttemptTally(input.snapshot);
  const outbox: { holderWorkflowId: string; verdict: CallAttemptVerdict }[] = [...(input.pending ?? [])];
  setHandler(countCallAttemptSignal, (req: CallAttemptRequest) => {
    outbox.push({ holderWorkflowId: req.holderWorkflowId, verdict: tally.count(req) });
  });

  while (!timeToContinueAsNew(input.continueAsNewAfterEvents)) {
    const untilEnd = tally.dayEndsAtMs() + END_MARGIN_MS - Date.now();
    if (!(await condition(() => outbox.length > 0, Math.max(untilEnd, 1)))) {
      if (outbox.length === 0) return;
      continue;
    }
    const { holderWorkflowId, verdict } = outbox.shift()!;
    try {
      await getExternalWorkflowHandle(holderWorkflowId).signal(callAttemptVerdictSignal, verdict);
    } catch (err) {
      log.info('attempt holder gone before its verdict', { holder: holderWorkflowId, error: String(err) });
    }
  }
  await condition(allHandlersFinished);
  await continueAsNew<typeof callAttemptsWorkflow>({ ...input, snapshot: tally.snapshot(), pending: outbox });
}
