import {
  CancellationScope,
  allHandlersFinished,
  condition,
  continueAsNew,
  isCancellation,
  log,
  setHandler,
} from '@temporalio/workflow';
import {
  callerReachedSignal,
  cancelMissedCallUpdate,
  getMissedCallStatusQuery,
  missedCallSignal,
  smsReceivedSignal,
  snoozeMissedCallUpdate,
} from '../messages';
import { MissedCallRun } from './run';
import { callBack, textCallerAndRelay, textOnce, waitForCallTime } from './steps';
import { missedCallSms } from './text';
import type { MissedCallInput, MissedCallStatus } from './types';

/**
 * Returns a caller's missed calls (`missed-call:<agentId>:<numberKey(caller)>`), once: misses that come
 * while it waits join it (three misses in ten minutes are one callback). It waits the owner's delay,
 * then for business hours on the owner's clock (durable timers across nights and weekends), and calls
 * back through `callWorkflow` with a script that says who is calling and asks what they needed.
 * Answered → one SMS summary to the owner. Unanswered → retries up to `maxAttempts`, then one SMS to the
 * caller, whose replies are relayed to the owner. A `suppressed` / `capped` call result ends it with no
 * SMS to anyone. The caller calling again and being answered (`caller-reached`), or the owner's
 * `cancel`, ends it (and a live callback call); `snooze` moves it. Query `get-status`.
 *
 * @example
 * await client.workflow.signalWithStart(missedCallWorkflow, {
 *   workflowId: workflowIds.missedCall(agentId, numberKey(caller)), taskQueue: TASK_QUEUE,
 *   args: [{ agentId, callerNumber: caller, callerKey: numberKey(caller), settings, misses: [] }],
 *   signal: missedCallSignal, signalArgs: [{ callId, at, reason: 'missed' }],
 * });
 */
export async function missedCallWorkflow(input: MissedCallInput): Promise<MissedCallStatus> {
  const run = new MissedCallRun(input);
  const main = new CancellationScope();
  let cancelReason: string | undefined;
  const cancel = (reason: string) => {
    if (run.finished || cancelReason) return;
    cancelReason = reason;
    log.info('callback cancelled', { reason });
    main.cancel();
  };

  setHandler(getMissedCallStatusQuery, () => run.status);
  setHandler(missedCallSignal, (miss) => run.takeMiss(miss));
  setHandler(smsReceivedSignal, (sms) => run.takeReply(sms));
  setHandler(callerReachedSignal, ({ callId }) => {
    // Only while the callback is still to be made: after it, the caller was already called.
    if (run.status.attempts.length === 0) cancel(`the caller called again and was answered (call ${callId})`);
  });
  setHandler(
    cancelMissedCallUpdate,
    async (reason) => {
      cancel(reason || 'cancelled by the owner');
      await condition(() => run.finished);
      return run.status;
    },
    { validator: (_reason: string) => run.checkCancel() },
  );
  setHandler(
    snoozeMissedCallUpdate,
    ({ minutes }) => {
      run.snooze(minutes, Date.now());
      return run.status;
    },
    {
      validator: (arg: { minutes: number }) =>
        run.checkSnooze((arg as { minutes?: unknown } | undefined)?.minutes),
    },
  );

  try {
    await main.run(() => callBackUntilDone(run));
  } catch (err) {
    if (!(cancelReason && isCancellation(err))) throw err;
    run.setState('cancelled', `Cancelled: ${cancelReason}. Nothing more will be called or texted.`);
  }
  await condition(allHandlersFinished);
  // Misses after this series' callback start the next series (a new run, a new delay).
  if (run.laterMisses.length > 0 && run.status.state !== 'cancelled')
    await continueAsNew<typeof missedCallWorkflow>({ ...input, misses: run.laterMisses });
  return run.status;
}

async function callBackUntilDone(run: MissedCallRun): Promise<void> {
  const { settings } = run;
  const caller = run.input.callerNumber;
  await waitForCallTime(run, run.firstCallAtMs, 'waiting_delay');
  for (let attempt = 1; ; attempt++) {
    const outcome = await callBack(run);
    if ('refused' in outcome) {
      const state = outcome.refused === 'capped' ? 'capped' : 'suppressed';
      run.setState(state, `Not called back: ${outcome.refused}. Nobody was texted.`);
      return;
    }
    const { summary } = outcome;
    if (summary.reached) {
      run.recordSummary(summary);
      const body = missedCallSms.ownerSummary(caller, summary);
      const texted = await textOnce(run, 'owner-summary', settings.notifyNumber, body);
      run.setState('summarized', texted ? body : `${body} (Not texted: you opted out of texts.)`);
      return;
    }
    if (attempt >= settings.maxAttempts) break;
    await waitForCallTime(run, Date.now() + settings.retryAfterMinutes * 60_000, 'waiting_to_retry');
  }
  const texted = await textCallerAndRelay(run);
  const relayed = run.status.repliesRelayed;
  run.setState(
    'not_reached',
    `No answer after ${run.status.attempts.length} callback(s); ` +
      (texted
        ? `texted the caller${relayed > 0 ? ` and relayed ${relayed} reply(ies)` : ''}.`
        : 'the caller opted out of texts.'),
  );
}
