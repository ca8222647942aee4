/**
 * The activity that marks an ended call's outcome for the worker's metrics when nothing else runs after
 * it: the ingress already read the transcript (no spoken opt-out), so `recordSpokenOptOut`, which counts
 * outcomes otherwise, is skipped on the hot path. It runs as a local activity (no extra workflow task);
 * the counting itself is the metered wrapper's (activities/metered.ts), like every other count.
 */
import type { CallRecord } from '../workflows/types';

export function createCallOutcomeActivities() {
  return {
    async noteCallOutcome(input: {
      status: CallRecord['status'];
    }): Promise<{ status: CallRecord['status'] }> {
      return { status: input.status };
    },
  };
}
