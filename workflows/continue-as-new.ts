import { workflowInfo } from '@temporalio/workflow';

/** Well under Temporal's 50k-event limit, and small enough that a replay stays quick. */
export const DEFAULT_CONTINUE_AS_NEW_EVENTS = 10_000;

/**
 * True when a long-lived workflow should continue as new: the server suggests it, or its history has
 * reached `maxEvents` (an input that tests lower, so continue-as-new runs in tests too).
 */
export function timeToContinueAsNew(maxEvents: number = DEFAULT_CONTINUE_AS_NEW_EVENTS): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || info.historyLength >= maxEvents;
}
