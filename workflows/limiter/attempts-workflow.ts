import { allHandlersFinished, condition, continueAsNew, setHandler } from '@temporalio/workflow';
import { timeToContinueAsNew } from '../continue-as-new';
import { countCallAttemptsUpdate } from '../messages';
import { CallAttemptTally, type CallAttemptsSnapshot } from './attempts';
import type { CallAttemptRequest } from './types';

export interface CallAttemptsInput {
  /** Carried across continue-as-new. */
  snapshot?: CallAttemptsSnapshot;
  continueAsNewAfterEvents?: number;
}

/** Stays a little past the end of the day it counts, for requests already on their way. */
const END_MARGIN_MS = 60 * 60_000;

/**
 * Dial attempts per recipient for one day and one shard of recipients
 * (`call-attempts:<deployment>:<day>:<shard>`): the takeCallSlot activity reaches it by
 * update-with-start before each dial (a worker's concurrent requests in one update), and the verdict is
 * the update's result — one round trip, no signal back to the holder (a signal each way cost the
 * holder and the counter a workflow task each).
 * Sharded by the recipient's numberKey so no single workflow holds a campaign's 100k recipients (32
 * shards: about 3k recipients each at 100k a day, and all of them stay in a worker's cache); it ends
 * once its day is over everywhere, so nothing accumulates.
 */
export async function callAttemptsWorkflow(input: CallAttemptsInput): Promise<void> {
  const tally = new CallAttemptTally(input.snapshot);
  setHandler(countCallAttemptsUpdate, (requests: CallAttemptRequest[]) =>
    requests.map((req) => tally.count(req)),
  );

  // Started by its first request's update, which is handled once this function first waits.
  await condition(() => tally.dayEndsAtMs() > 0);
  while (!timeToContinueAsNew(input.continueAsNewAfterEvents)) {
    const dayEndsAtMs = tally.dayEndsAtMs();
    const untilEnd = dayEndsAtMs + END_MARGIN_MS - Date.now();
    if (untilEnd <= 0) break;
    // A request for a recipient whose day ends later (another zone, the same date) moves the end.
    await condition(
      () => tally.dayEndsAtMs() !== dayEndsAtMs || timeToContinueAsNew(input.continueAsNewAfterEvents),
      untilEnd,
    );
  }
  await condition(allHandlersFinished);
  if (tally.dayEndsAtMs() + END_MARGIN_MS <= Date.now()) return;
  await continueAsNew<typeof callAttemptsWorkflow>({ ...input, snapshot: tally.snapshot() });
}
