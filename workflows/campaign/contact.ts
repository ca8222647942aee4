import {
  CancellationScope,
  condition,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { apiActivityOptions } from '../activity-options';
import {
  contactFinishedSignal,
  contactSettingsSignal,
  contactSpendSignal,
  dialRequestSignal,
  dialVerdictSignal,
  stopContactSignal,
  workflowIds,
} from '../messages';
import { followOutboundCall } from '../outbound-call';
import type { CallCheckSchedule } from '../types';
import { DEFAULT_PRICE_PER_MINUTE_USD, callCharge } from './budget';
import { ContactRun } from './contact-run';
import { campaignCallPrompt, renderTemplate } from './text';
import type {
  CampaignCallSettings,
  CampaignContact,
  CampaignWindow,
  ContactResult,
  RetryableOutcome,
} from './types';

const { nextCampaignWindow } = proxyLocalActivities<Activities>({ startToCloseTimeout: '10 seconds' });
/**
 * Reading the shared settings (cached by the worker) and reading what a call came to (pure words) are
 * short and have no side effect: local activities, so each costs one marker event instead of an
 * activity's three events and a workflow task of its own.
 */
const { readCampaignCall, readCampaignSettings } = proxyLocalActivities<Activities>(apiActivityOptions());
const { sendSms } = proxyActivities<Activities>(apiActivityOptions());

/** A `capped` call (the cross-flow limiter said no) is tried again this much later, inside the window. */
export const CAPPED_RETRY_MS = 5 * 60_000;

/**
 * What a contact's child is given: only what is its own (its contact) and the live settings. The call
 * settings all contacts share are read once from `campaign-settings:<id>`, not repeated here, so the
 * campaign's history does not grow by a prompt per contact.
 */
export interface CampaignContactInput {
  campaignId: string;
  /** The campaign's workflow id: the result is signalled there, reaching whichever run is current. */
  parentWorkflowId: string;
  contact: CampaignContact;
  window: CampaignWindow;
  deadlineMs: number;
  /** The campaign has a budget cap: ask it before each dial, and report the spend after each call. */
  budgeted?: boolean;
  /** Safety-net timing of each call (tests shorten it). */
  checks?: Partial<CallCheckSchedule>;
}

/**
 * One contact of a campaign (`campaign:<id>:contact:<row>`): waits for the recipient's calling window
 * on a durable timer, makes each call inline (followOutboundCall: limiter slot, exactly-once placing,
 * webhook or safety net — no child workflow per call) with the prompt's `{{variables}}` filled from the
 * contact's row, reads what the call came to, and retries by outcome (each outcome its own attempts and
 * spacing) until an answer, the rules' end, or the deadline. Its one final result is returned and
 * signalled to the campaign. Signal `stop-contact`: no further call; `contact-settings`: a new window
 * or deadline. Cancelling it ends a live call.
 */
export async function campaignContactWorkflow(input: CampaignContactInput): Promise<ContactResult> {
  const run = new ContactRun(input.contact.row);
  const live: LiveSettings = {
    window: input.window,
    deadlineMs: input.deadlineMs,
    budgeted: input.budgeted === true,
    stop: false,
    changed: false,
    verdicts: new Map(),
  };
  setHandler(stopContactSignal, () => void (live.stop = true));
  setHandler(contactSettingsSignal, ({ window, deadlineMs, budgeted }) => {
    Object.assign(live, { window, deadlineMs, changed: true });
    if (budgeted !== undefined) live.budgeted = budgeted;
  });
  setHandler(dialVerdictSignal, ({ callNumber, granted }) => void live.verdicts.set(callNumber, granted));

  let result: ContactResult;
  try {
    const call = await readCampaignSettings({ campaignId: input.campaignId });
    result = await callUntilFinal(input, call, run, live);
    result = await followUp(input, call, result);
  } catch (err) {
    if (!isCancellation(err)) log.error('contact ended by an error', { row: run.row, error: String(err) });
    result = run.stopped(isCancellation(err) ? 'cancelled' : 'failed');
  }
  // Reported even when cancelled, so the campaign's counts stay exact.
  await CancellationScope.nonCancellable(async () => {
    try {
      await getExternalWorkflowHandle(input.parentWorkflowId).signal(contactFinishedSignal, result);
    } catch (err) {
      log.warn('the campaign is gone; result kept here only', { error: String(err) });
    }
  });
  return result;
}

interface LiveSettings {
  window: CampaignWindow;
  deadlineMs: number;
  budgeted: boolean;
  stop: boolean;
  changed: boolean;
  /** The campaign's answers to this child's dial requests, by call number. */
  verdicts: Map<number, boolean>;
}

/** A dial request unanswered this long is asked again (the campaign treats a repeat as the same request). */
const DIAL_REQUEST_REPEAT_MS = 5 * 60_000;

/**
 * Asks the campaign for a reservation before a dial: true granted, false refused, null stopped
 * meanwhile. A request that could not be delivered (the campaign between two runs of a
 * continue-as-new, on some servers) or whose verdict never came is asked again: a repeat is the same
 * request to the campaign, so asking twice never reserves twice.
 */
async function askToDial(input: CampaignContactInput, callNumber: number, live: LiveSettings) {
  const answered = () => live.stop || live.verdicts.has(callNumber);
  while (!answered()) {
    try {
      await getExternalWorkflowHandle(input.parentWorkflowId).signal(dialRequestSignal, {
        row: input.contact.row,
        callNumber,
      });
    } catch (err) {
      log.warn('dial request not delivered; asking again', { row: input.contact.row, error: String(err) });
      await sleep(1_000);
      continue;
    }
    await condition(answered, DIAL_REQUEST_REPEAT_MS);
  }
  return live.stop ? null : live.verdicts.get(callNumber)!;
}

/**
 * The one follow-up SMS of a contact, when its end has a text (`answer`, or `voicemail` / `no_answer`),
 * through the exactly-once `sendSms` (opt-out list and first-contact wording inside it) under one
 * intent key per contact, so retries and replays never text twice.
 */
async function followUp(
  input: CampaignContactInput,
  call: CampaignCallSettings,
  result: ContactResult,
): Promise<ContactResult> {
  const key = result.state === 'answered' ? result.answer : result.state;
  // A spoken opt-out is never texted, whatever the follow-ups say.
  const template = key && key !== 'opted_out' ? call.followUps?.[key] : undefined;
  if (!template || !key) return result;
  try {
    const sent = await sendSms({
      intentKey: `${workflowIds.campaignContact(input.campaignId, input.contact.row)}:follow-up`,
      ...(call.agentId ? { agentId: call.agentId } : {}),
      toNumber: input.contact.phone,
      body: renderTemplate(template, input.contact.variables),
    });
    return {
      ...result,
      followUp: sent.suppressed
        ? { key, outcome: 'suppressed' }
        : { key, outcome: 'sent', messageId: sent.messageId },
    };
  } catch (err) {
    if (isCancellation(err)) throw err;
    // The call's result stands; the text that could not be sent is part of it.
    log.warn('follow-up SMS not sent', { row: input.contact.row, error: String(err) });
    return { ...result, followUp: { key, outcome: 'failed' } };
  }
}

async function callUntilFinal(
  input: CampaignContactInput,
  call: CampaignCallSettings,
  run: ContactRun,
  live: LiveSettings,
) {
  const { contact } = input;
  const price = call.pricePerMinuteUsd ?? DEFAULT_PRICE_PER_MINUTE_USD;
  let notBeforeMs = Date.now();
  /** A budgeted campaign reserved this contact's next call (kept through a `capped` retry). */
  let granted = false;
  for (;;) {
    if (live.stop) return run.stopped('cancelled');
    const opening = await nextCampaignWindow({
      afterMs: Math.max(Date.now(), notBeforeMs),
      zones: contact.timeZones,
      window: live.window,
    });
    if (!opening) return run.stopped('no_window');
    if (opening.opensAtMs >= live.deadlineMs) return run.stopped('expired');
    live.changed = false;
    const wait = opening.opensAtMs - Date.now();
    // A stop or new settings wake the wait; otherwise it ends when the window opens.
    if (wait > 0 && (await condition(() => live.stop || live.changed, wait))) continue;
    if (live.budgeted && !granted) {
      const verdict = await askToDial(input, run.callsStarted + 1, live);
      if (verdict === null) continue;
      if (!verdict) return run.result('budget_reached');
      granted = true;
      // Waiting for the verdict may have crossed the window's end: look at it again before dialling.
      continue;
    }

    run.callsStarted += 1;
    // Inline, not a child workflow per call: the intent key is the id the call child had, so placing
    // stays exactly-once keyed as before, and each attempt has its own limiter request.
    const placed = await followOutboundCall(
      {
        toNumber: contact.phone,
        systemPrompt: campaignCallPrompt(call.prompt, call.outcomes, call.voicemailMessage),
        ...(call.greeting ? { initialGreeting: call.greeting } : {}),
        ...(call.agentId ? { agentId: call.agentId } : {}),
        variables: contact.variables,
        ...(input.checks ? { checks: input.checks } : {}),
      },
      { intentKey: workflowIds.campaignContactCall(input.campaignId, contact.row, run.callsStarted) },
    );
    // The opt-out list and the limiter (issue 9) answer inside placeCall with these statuses.
    if (placed.suppressed) return run.result('suppressed');
    if (placed.status === 'capped') {
      notBeforeMs = Date.now() + CAPPED_RETRY_MS;
      continue;
    }
    run.recordCall(placed.callId, callCharge(placed.durationSeconds, price), placed.startedAt);
    if (live.budgeted) {
      // The call has ended: its real cost replaces the reservation.
      granted = false;
      await getExternalWorkflowHandle(input.parentWorkflowId).signal(contactSpendSignal, {
        row: contact.row,
        ...run.spend,
      });
    }
    const reading = await readCampaignCall({ call: placed, answers: call.outcomes.answers });
    if (reading.kind === 'answered') return run.answered(reading);
    const kind: RetryableOutcome = reading.kind;
    if (!run.countOutcome(kind, call.retry[kind].maxAttempts)) return run.exhausted(reading.evidence);
    notBeforeMs = Date.now() + call.retry[kind].spacingMs;
  }
}
