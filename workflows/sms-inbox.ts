import {
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { HELP_ANSWER, isHelpRequest } from '../common/sms-consent';
import { apiActivityOptions } from './activity-options';
import {
  awaitSmsReplySignal,
  inboundSmsSignal,
  smsReplySignal,
  stopAwaitingSmsReplySignal,
} from './messages';
import type { InboundSms } from './types';

export interface SmsInboxInput {
  agentId: string;
  humanNumber: string;
  /** Carried across continue-as-new: ids of recent messages (dedupe) and who is waiting. */
  recentMessageIds?: string[];
  waiters?: string[];
  /** End after this long with nobody waiting and nothing arriving. */
  idleTimeoutMs?: number;
}

const { sendSms } = proxyActivities<Activities>(apiActivityOptions());

const RECENT_IDS_KEPT = 100;
const DEFAULT_IDLE_TIMEOUT_MS = 24 * 60 * 60_000;

/**
 * The inbox of one human as seen by one agent (`sms-inbox:<agentId>:<number>`): the ingress drops their
 * inbound SMS here, workflows that wait for their reply register here, and each SMS goes to the most
 * recent waiter exactly once (duplicated webhooks are dropped by message id). A waiter registers before
 * it texts the question, so a quick answer cannot slip past it. HELP (or INFO) is answered here, once
 * per message, and handed to nobody. An SMS nobody waits for is logged and dropped: AgentPhone keeps it,
 * and STOP/START need no handling here because sendSms reads them from the number's history.
 */
export async function smsInboxWorkflow(input: SmsInboxInput): Promise<void> {
  // Inboxes started before HELP was answered hand a HELP to the waiter like any reply.
  const answersHelp = patched('sms-inbox-help');
  const recent = [...(input.recentMessageIds ?? [])];
  const waiters = [...(input.waiters ?? [])];
  const queue: InboundSms[] = [];
  let lastActivity = Date.now();

  setHandler(inboundSmsSignal, (sms) => {
    lastActivity = Date.now();
    if (recent.includes(sms.messageId)) return;
    recent.push(sms.messageId);
    if (recent.length > RECENT_IDS_KEPT) recent.shift();
    queue.push(sms);
  });
  setHandler(awaitSmsReplySignal, ({ workflowId }) => {
    lastActivity = Date.now();
    if (!waiters.includes(workflowId)) waiters.push(workflowId);
  });
  setHandler(stopAwaitingSmsReplySignal, ({ workflowId }) => {
    const i = waiters.indexOf(workflowId);
    if (i >= 0) waiters.splice(i, 1);
  });

  const idleTimeoutMs = input.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  while (!workflowInfo().continueAsNewSuggested) {
    const woke = await condition(() => queue.length > 0, idleTimeoutMs);
    if (!woke) {
      if (waiters.length === 0 && Date.now() - lastActivity >= idleTimeoutMs) return;
      continue;
    }
    const sms = queue.shift()!;
    if (answersHelp && isHelpRequest(sms.body)) {
      await answerHelp(input, sms);
      continue;
    }
    if (!(await handToNewestWaiter(waiters, sms)))
      log.info('SMS with nobody waiting for it', { messageId: sms.messageId });
  }
  await condition(() => queue.length === 0);
  await continueAsNew<typeof smsInboxWorkflow>({ ...input, recentMessageIds: recent, waiters });
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

/** Signals the newest waiter still running; a finished one is skipped. True when someone took it. */
async function handToNewestWaiter(waiters: string[], sms: InboundSms): Promise<boolean> {
  for (let waiter = waiters.pop(); waiter !== undefined; waiter = waiters.pop()) {
    try {
      await getExternalWorkflowHandle(waiter).signal(smsReplySignal, sms);
      return true;
    } catch (err) {
      log.info('waiter gone', { waiter, error: String(err) });
    }
  }
  return false;
}
