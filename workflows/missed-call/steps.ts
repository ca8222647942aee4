/**
 * The steps of a callback series, each a few activities: wait for the next allowed moment (delay,
 * snoozes, business hours on the owner's clock), call the caller back, text someone, relay the
 * caller's replies. They act on a MissedCallRun and return what happened.
 */
import {
  CancellationScope,
  condition,
  executeChild,
  log,
  proxyActivities,
  proxyLocalActivities,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { CallbackSummary } from '../../outcome/callback-summary';
import { apiActivityOptions } from '../activity-options';
import { callWorkflow, type CallResult } from '../call';
import { leaveMailbox } from '../mailbox';
import { workflowIds } from '../messages';
import type { MissedCallRun } from './run';
import { MAX_RELAYED_REPLIES, callbackScript, missedCallSms } from './text';

const { sendSms, awaitSmsReply } = proxyActivities<Activities>(apiActivityOptions());
const { nextBusinessHoursOpening, summarizeCallbackCall } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10 seconds',
});

/** Call results of the other flows' guards: the caller is opted out, or a cap says not now. */
const REFUSED = new Set(['suppressed', 'capped']);

/**
 * Sleeps (on durable timers) until `earliestMs`, any snooze, and the next business-hours opening on the
 * owner's clock, whichever is last; a snooze during the wait starts it over.
 */
export async function waitForCallTime(
  run: MissedCallRun,
  earliestMs: number,
  waiting: 'waiting_delay' | 'waiting_to_retry',
): Promise<void> {
  const { timeZone, hours, days } = run.settings;
  for (;;) {
    const version = run.snoozes;
    const target = Math.max(earliestMs, run.notBeforeMs);
    if (target > Date.now()) {
      run.setState(
        waiting,
        waiting === 'waiting_delay' ? 'Waiting a moment before calling back.' : 'Calling again later.',
        target,
      );
      if (await condition(() => run.snoozes !== version, target - Date.now())) continue;
    }
    const opening = await nextBusinessHoursOpening({
      timeZone,
      hours: { ...hours, days },
      afterMs: Date.now(),
    });
    if (opening.opensAtMs <= Date.now()) return;
    run.setState(
      'waiting_for_hours',
      `Calling back when business hours open: ${opening.local.date} ${opening.local.time} (${timeZone}).`,
      opening.opensAtMs,
    );
    if (await condition(() => run.snoozes !== version, opening.opensAtMs - Date.now())) continue;
    return;
  }
}

/** One callback (a child call workflow); undefined when a guard refused it (suppressed, capped). */
export async function callBack(
  run: MissedCallRun,
): Promise<{ result: CallResult; summary: CallbackSummary } | { refused: string }> {
  const n = run.status.attempts.length + 1;
  const workflowId = workflowIds.missedCallCallback(run.seriesWorkflowId, run.seriesId, n);
  run.setState('calling', `Calling ${run.input.callerNumber} back (attempt ${n}).`);
  const result = await executeChild(callWorkflow, {
    workflowId,
    args: [
      {
        agentId: run.input.agentId,
        toNumber: run.input.callerNumber,
        ...callbackScript(run.settings, run.status.misses.length),
        ...(run.input.callChecks ? { checks: run.input.callChecks } : {}),
      },
    ],
  });
  if (result.suppressed || REFUSED.has(result.status)) {
    run.recordAttempt({ workflowId, callId: null, status: result.status, reached: false });
    return { refused: result.status };
  }
  const summary = await summarizeCallbackCall({ call: result });
  run.recordAttempt({ workflowId, callId: result.callId, status: result.status, reached: summary.reached });
  return { result, summary };
}

/** Texts `toNumber` once per intent; false when they opted out of texts (nothing sent). */
export async function textOnce(
  run: MissedCallRun,
  what: string,
  toNumber: string,
  body: string,
): Promise<boolean> {
  const sent = await sendSms({
    intentKey: run.smsIntent(what),
    agentId: run.input.agentId,
    toNumber,
    body,
  });
  if (sent.suppressed) {
    log.info('on the opt-out list; not texted', { what });
    return false;
  }
  run.recordSms(sent);
  return true;
}

/**
 * Texts the caller "sorry we missed you" and relays each reply (once per message) to the owner, until
 * the relay window closes, the caller texts STOP, or a new miss starts the next series. False when
 * the caller could not be texted (opted out).
 */
export async function textCallerAndRelay(run: MissedCallRun): Promise<boolean> {
  const self = workflowInfo().workflowId;
  const caller = run.input.callerNumber;
  // Subscribe before texting, so even an instant reply finds us waiting.
  const subscription = { agentId: run.input.agentId, humanNumber: caller, subscriberWorkflowId: self };
  const { inboxWorkflowId } = await awaitSmsReply(subscription);
  try {
    if (!(await textOnce(run, 'caller', caller, missedCallSms.sorryWeMissedYou(run.settings)))) return false;
    const until = Date.now() + run.settings.relayRepliesForHours * 3_600_000;
    run.setState('awaiting_caller_reply', 'Texted the caller; relaying their replies to you.');
    while (run.status.repliesRelayed < MAX_RELAYED_REPLIES) {
      const remaining = until - Date.now();
      if (remaining <= 0) break;
      const woke = await condition(() => run.replies.length > 0 || run.laterMisses.length > 0, remaining);
      if (!woke || run.replies.length === 0) break;
      const reply = run.replies.shift()!;
      if (reply.reading.kind === 'stop') break; // the opt-out list records it; nothing more to relay
      await textOnce(
        run,
        `relay:${reply.messageId}`,
        run.settings.notifyNumber,
        missedCallSms.relayedReply(caller, reply.body),
      );
      run.status.repliesRelayed += 1;
      // The inbox hands each SMS to a waiter once: ask again for the next one.
      await awaitSmsReply(subscription);
    }
    return true;
  } finally {
    await CancellationScope.nonCancellable(() => leaveMailbox(inboxWorkflowId));
  }
}
