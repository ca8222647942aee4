import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { HELP_ANSWER } from '../common/sms-consent';
import { apiActivityOptions } from './activity-options';
import { timeToContinueAsNew } from './continue-as-new';
import { smsReceivedSignal, subscribeSignal, unsubscribeSignal } from './messages';
import type { InboundSms } from './types';

export interface SmsInboxInput {
  agentId: string;
  humanNumber: string;
  /** Carried across continue-as-new: ids of recent messages (dedupe), who is waiting, what is queued. */
  recentMessageIds?: string[];
  waiters?: string[];
  pending?: InboundSms[];
  /** End after this long with nobody waiting and nothing arriving. */
  idleTimeoutMs?: number;
  /** Continue as new once history holds this many events (or when the server suggests it). */
  continueAsNewAfterEvents?: number;
}

const { sendSms, relaySmsToOwner } = proxyActivities<Activities>(apiActivityOptions());
/** Writing the opt-out list only talks to Temporal: retried through a long outage, never dropped. */
const { recordSmsConsent } = proxyActivities<Activities>(apiActivityOptions('1 day'));

const RECENT_IDS_KEPT = 100;
const DEFAULT_IDLE_TIMEOUT_MS = 24 * 60 * 60_000;

/**
 * The inbox of one human as seen by one agent (`sms-inbox:<agentId>:<number>`): the ingress drops their
 * inbound SMS here, workflows that wait for their reply subscribe here, and each SMS goes to the most
 * recent waiter exactly once (duplicated webhooks are dropped by message id). A waiter subscribes before
 * it texts the question, so a quick answer cannot slip past it. HELP (or INFO, as the ingress read it)
 * is answered here, once per message, and handed to nobody — even to a person who texted STOP (they
 * asked who we are); a short code or a sender name is never texted back. STOP and START (as the ingress
 * read them) are written to the opt-out list here, once per message and before the reply goes on to a
 * waiter, so the waiter's next text already finds the number listed. A one-time code, and an SMS nobody
 * waits for, go to the owner's relay, which texts the owner when `ringflow sms-relay` asked for it, once
 * per message (AgentPhone keeps every SMS anyway). Long-lived, so it continues as new, carrying waiters,
 * queued messages and the ids it has seen.
 */
export async function smsInboxWorkflow(input: SmsInboxInput): Promise<void> {
  const recent = [...(input.recentMessageIds ?? [])];
  const waiters = [...(input.waiters ?? [])];
  const queue: InboundSms[] = [...(input.pending ?? [])];
  let lastActivity = Date.now();

  setHandler(smsReceivedSignal, (sms) => {
    lastActivity = Date.now();
    if (recent.includes(sms.messageId)) return;
    recent.push(sms.messageId);
    if (recent.length > RECENT_IDS_KEPT) recent.shift();
    queue.push(sms);
  });
  setHandler(subscribeSignal, ({ workflowId }) => {
    lastActivity = Date.now();
    if (!waiters.includes(workflowId)) waiters.push(workflowId);
  });
  setHandler(unsubscribeSignal, ({ workflowId }) => {
    const i = waiters.indexOf(workflowId);
    if (i >= 0) waiters.splice(i, 1);
  });

  const idleTimeoutMs = input.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  while (!timeToContinueAsNew(input.continueAsNewAfterEvents)) {
    const woke = await condition(() => queue.length > 0, idleTimeoutMs);
    if (!woke) {
      if (waiters.length === 0 && Date.now() - lastActivity >= idleTimeoutMs) return;
      continue;
    }
    const sms = queue.shift()!;
    if (sms.oneTimeCode) {
      await relayToOwner(sms, 'code');
      continue;
    }
    if (sms.reading.kind === 'help') {
      // A short code or a sender name cannot be texted back.
      if (!sms.serviceSender) await answerHelp(input, sms);
      continue;
    }
    if (sms.reading.kind === 'stop' || sms.reading.kind === 'start') await recordSmsConsent({ sms });
    if (!(await handToNewestWaiter(waiters, sms))) {
      log.info('SMS with nobody waiting for it', { messageId: sms.messageId });
      if (!isConsentKeyword(sms)) await relayToOwner(sms, 'message');
    }
  }
  // Whatever arrived meanwhile (queued, or a signal handler still running) goes to the next run.
  await condition(allHandlersFinished);
  await continueAsNew<typeof smsInboxWorkflow>({
    ...input,
    recentMessageIds: recent,
    waiters,
    pending: queue,
  });
}

/** Texts who we are, once per HELP message (its id is the intent); a failure is logged, not fatal. */
async function answerHelp(input: SmsInboxInput, sms: InboundSms): Promise<void> {
  try {
    await sendSms({
      intentKey: `${workflowInfo().workflowId}:help:${sms.messageId}`,
      agentId: input.agentId,
      toNumber: input.humanNumber,
      body: HELP_ANSWER,
      helpAnswer: true,
    });
  } catch (err) {
    log.warn('could not answer HELP', { messageId: sms.messageId, error: String(err) });
  }
}

/** STOP, START and HELP are for ringflow, not for the owner: never relayed. */
function isConsentKeyword(sms: InboundSms): boolean {
  return sms.reading.kind === 'stop' || sms.reading.kind === 'start' || sms.reading.kind === 'help';
}

/**
 * Hands the SMS to the owner's relay (`ringflow sms-relay`), which decides from the owner's settings
 * whether to text them, once per message; a failure is logged, not fatal. The code is never logged.
 */
async function relayToOwner(sms: InboundSms, kind: 'code' | 'message'): Promise<void> {
  try {
    const result = await relaySmsToOwner({ inboxWorkflowId: workflowInfo().workflowId, sms, kind });
    log.info(result.relayed ? 'SMS relayed to the owner' : 'SMS not relayed to the owner', {
      messageId: sms.messageId,
      kind,
      ...(result.relayed ? {} : { skipped: result.skipped }),
    });
  } catch (err) {
    log.warn('could not relay the SMS to the owner', { messageId: sms.messageId, error: String(err) });
  }
}

/** Signals the newest waiter still running; a finished one is skipped. True when someone took it. */
async function handToNewestWaiter(waiters: string[], sms: InboundSms): Promise<boolean> {
  for (let waiter = waiters.pop(); waiter !== undefined; waiter = waiters.pop()) {
    try {
      await getExternalWorkflowHandle(waiter).signal(smsReceivedSignal, sms);
      return true;
    } catch (err) {
      log.info('waiter gone', { waiter, error: String(err) });
    }
  }
  return false;
}
