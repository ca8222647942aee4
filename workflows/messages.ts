/**
 * Every signal, query and update name of ringflow's workflows, the workflow id schemes, and the task
 * queue. Both workflows/ and client/ import this file, so each wire name is written once.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CallEndedNotice, InboundSms, MailboxSubscription, ReplyReading } from './types';
import type { CallResultReport } from './call';
import type { ReservationStatus } from './reservation/types';
import type { WebhookDeadLetterInput, WebhookDeadLetterResolution } from './webhook-dead-letter';
import type { AgentSettingsSections } from './agent-settings';
import type { OptOutEntry, OptOutWrite } from '../common/opt-out';
import type { OptOutAddResult, OptOutPage, OptOutPageRequest, OptOutRemoval } from './opt-out/shard';
import type { MissedCallNotice, MissedCallStatus } from './missed-call/types';
import type { CampaignContact, CampaignStatus, CampaignWindow, ContactResult } from './campaign/types';
import type { CampaignCallSettings } from './campaign/types';
import type { CampaignBudget, ContactSpendReport, DialRequest, DialVerdict } from './campaign/budget';
import type {
  CallAttemptRequest,
  CallAttemptVerdict,
  CallSlotGrant,
  CallSlotRelease,
  CallSlotRequest,
  CallSlotPhase,
  CallSlotsSnapshot,
} from './limiter/types';
import type { OnboardingStatus, VerifyCodeRequest, VerifyCodeResult } from './onboarding/types';

/** The task queue every ringflow worker polls unless RINGFLOW_TASK_QUEUE names another. */
export { DEFAULT_TASK_QUEUE as TASK_QUEUE } from '../common/task-queue';

export const DEAD_LETTER_ID_PREFIX = 'webhook-dead-letter:';

/** Workflow ids: the dedupe keys of ringflow (design decision 4). */
export const workflowIds = {
  callEvents: (callId: string) => `call-events:${callId}`,
  /** `numberKey`: the keyed hash of the human's number (common/process/number-key.ts), never the number. */
  smsInbox: (agentId: string, numberKey: string) => `sms-inbox:${agentId}:${numberKey}`,
  reservation: (requestId: string) => `reservation:${requestId}`,
  reservationCall: (requestId: string, n: number) => `reservation:${requestId}:call:${n}`,
  call: (requestId: string) => `call:${requestId}`,
  sms: (requestId: string) => `sms:${requestId}`,
  agentSettings: (agentId: string) => `agent-settings:${agentId}`,
  /** One shard of the opt-out list; the task queue that runs it scopes it (one list per deployment). */
  optOutShard: (taskQueue: string, shard: number) => `opt-out:${taskQueue}:${String(shard).padStart(4, '0')}`,
  /** The triage of one ended inbound call. */
  inboundCall: (callId: string) => `inbound-call:${callId}`,
  /** `callerKey`: numberKey(caller), never the number. One callback series per caller and agent. */
  missedCall: (agentId: string, callerKey: string) => `missed-call:${agentId}:${callerKey}`,
  /** The n-th callback of the series that began with the missed call `seriesId` (a call id). */
  missedCallCallback: (missedCallWorkflowId: string, seriesId: string, n: number) =>
    `${missedCallWorkflowId}:${seriesId}:call:${n}`,
  /** Key: X-Webhook-ID, or the sha256 of the body (never a phone number). */
  webhookDeadLetter: (key: string) => `${DEAD_LETTER_ID_PREFIX}${key}`,
  campaign: (campaignId: string) => `campaign:${campaignId}`,
  /** `row`: the contact's data row in the file (its id); never its number. */
  campaignContact: (campaignId: string, row: number) => `campaign:${campaignId}:contact:${row}`,
  campaignContactCall: (campaignId: string, row: number, attempt: number) =>
    `campaign:${campaignId}:contact:${row}:call:${attempt}`,
  campaignContactPage: (campaignId: string, page: number) => `campaign-contacts:${campaignId}:${page}`,
  /** A recurring or one-time campaign schedule (a Temporal Schedule id, not a workflow id). */
  campaignSchedule: (name: string) => `campaign-schedule:${name}`,
  /** The runs a schedule fires: Temporal appends `-<fire time>` to this workflow id. */
  campaignScheduleRun: (name: string) => `campaign-run:${name}`,
  /**
   * The key a schedule's contacts are stored under once for all its runs (pages
   * `campaign-contacts:schedule:<name>:<n>`); a campaign id never holds ':', so none collides with it.
   */
  campaignScheduleStore: (name: string) => `schedule:${name}`,
  /** The call settings every contact of the campaign shares, stored once. */
  campaignSettings: (campaignId: string) => `campaign-settings:${campaignId}`,
  /** The live-call limiter of one deployment (its task queue: one deployment, one AgentPhone account). */
  callSlots: (deployment: string) => `call-slots:account:${deployment}`,
  /** One shard of a day's attempts per recipient; `shard` comes from the recipient's numberKey. */
  /** `emailKey`: the keyed hash of the human's email (client/onboarding.ts), never the email. */
  onboarding: (emailKey: string) => `onboarding:${emailKey}`,
  callAttempts: (deployment: string, day: string, shard: string) =>
    `call-attempts:${deployment}:${day}:${shard}`,
} as const;

// ── the mailbox protocol, shared by the call mailbox and the SMS inbox ───────────────────────────
// A mailbox is a workflow that both the ingress and the waiting workflow reach with signalWithStart,
// in either order. The ingress delivers with the mailbox's delivery signal; a waiting workflow
// subscribes, gets the delivery with that same signal, and unsubscribes when it stops waiting.

/** A workflow asks a mailbox for its next delivery. */
export const subscribeSignal = defineSignal<[MailboxSubscription]>('mailbox-subscribe');
/** The subscriber no longer waits (it got its answer another way, or gave up). */
export const unsubscribeSignal = defineSignal<[MailboxSubscription]>('mailbox-unsubscribe');

/** Delivery of `call-events:<callId>`: `agent.call_ended`, from the ingress and then to the subscriber. */
export const callEndedSignal = defineSignal<[CallEndedNotice]>('call-ended');
/** Delivery of `sms-inbox:<agentId>:<number>`: an inbound SMS, from the ingress and then to a waiter. */
export const smsReceivedSignal = defineSignal<[InboundSms]>('sms-received');
/**
 * From a call workflow started with `reportResultToParent` to its parent: how the call came out, as soon
 * as it is known and before the call gives its live-call slot back, so the parent goes on a round trip
 * sooner. The child's own result is the same and still comes (the parent waits for it before it ends).
 */
export const callResultSignal = defineSignal<[CallResultReport]>('call-result');

// ── reservation (reservation:<requestId>) ────────────────────────────────────────────────────────
export const getReservationStatusQuery = defineQuery<ReservationStatus>('get-status');

/** The human's answer to an offer, read at the edge (the CLI reads `text` into `reading`). */
export interface ReservationReply {
  text: string;
  reading: ReplyReading;
}
/** The human's answer to an offer, from the CLI or an API (the SMS path uses smsReceivedSignal). */
export const replyUpdate = defineUpdate<{ accepted: boolean; understood: ReplyReading }, [ReservationReply]>(
  'reply',
);
/** Cancels the reservation; ends a live call. */
export const cancelReservationUpdate = defineUpdate<ReservationStatus, [reason: string]>('cancel');

// ── webhook dead letter (webhook-dead-letter:<key>) ──────────────────────────────────────────────
/** Closes the dead letter as replayed (after its target accepted the signal) or discarded. */
export const resolveDeadLetterSignal = defineSignal<[WebhookDeadLetterResolution]>('resolve-dead-letter');
/** The stored delivery, for a replay. */
export const getDeadLetterQuery = defineQuery<WebhookDeadLetterInput>('get-dead-letter');

// ── agent settings (agent-settings:<agentId>) ────────────────────────────────────────────────────
export const getAgentSettingsQuery = defineQuery<AgentSettingsSections>('get-agent-settings');
/** Writes one feature's section (`value: null` removes it); returns every section. */
export const setAgentSettingsSectionUpdate = defineUpdate<
  AgentSettingsSections,
  [{ name: string; value: unknown }]
>('set-agent-settings-section');

// ── opt-out list (opt-out:<taskQueue>:<shard>) ───────────────────────────────────────────────────
/** A number's entry by its keyed hash, or null when it is not on the list. */
export const getOptOutQuery = defineQuery<OptOutEntry | null, [numberKey: string]>('get-opt-out');
/** One page of a shard, in number-key order. */
export const listOptOutsQuery = defineQuery<OptOutPage, [OptOutPageRequest]>('list-opt-outs');
/** Adds a batch of opt-outs (all of this shard); a number already listed for a channel keeps its mark. */
export const addOptOutsUpdate = defineUpdate<OptOutAddResult, [OptOutWrite[]]>('add-opt-outs');
/** Lifts a number's opt-out for some channels, or all of them. */
export const removeOptOutUpdate = defineUpdate<{ lifted: OptOutWrite['channel'][] }, [OptOutRemoval]>(
  'remove-opt-out',
);
// ── missed-call callbacks (missed-call:<agentId>:<callerKey>) ────────────────────────────────────
/** Another missed call (or a request for a callback) from the same caller joins the callback. */
export const missedCallSignal = defineSignal<[MissedCallNotice]>('missed-call');
/** The caller called again and was answered: the pending callback is no longer needed. */
export const callerReachedSignal = defineSignal<[{ callId: string }]>('caller-reached');
export const getMissedCallStatusQuery = defineQuery<MissedCallStatus>('get-status');
/** The owner cancels the callback (ends a live callback call). */
export const cancelMissedCallUpdate = defineUpdate<MissedCallStatus, [reason: string]>('cancel');
/** The owner moves the callback at least `minutes` from now (1 to 10080). */
export const snoozeMissedCallUpdate = defineUpdate<MissedCallStatus, [{ minutes: number }]>('snooze');
// ── campaign (campaign:<id>, its children campaign:<id>:contact:<row>, pages campaign-contacts:<id>:<n>)
export const getCampaignStatusQuery = defineQuery<CampaignStatus>('get-campaign-status');
/** No new dials; calls in progress finish. */
export const pauseCampaignUpdate = defineUpdate<CampaignStatus>('pause');
export const resumeCampaignUpdate = defineUpdate<CampaignStatus>('resume');
/** Stops dialling for good; `endLiveCalls` also ends calls in progress. */
export const cancelCampaignUpdate = defineUpdate<CampaignStatus, [{ endLiveCalls: boolean }]>('cancel');
/** What `update` may change while a campaign runs (each field optional). */
export interface CampaignChange {
  concurrency?: number;
  window?: CampaignWindow;
  deadlineMs?: number;
  /** A new cap (positive, not below what is already spent). */
  budget?: CampaignBudget;
}
export const updateCampaignUpdate = defineUpdate<CampaignStatus, [CampaignChange]>('update');
/** A contact's child reports its one final result to the campaign (by workflow id: any run). */
export const contactFinishedSignal = defineSignal<[ContactResult]>('contact-finished');
/** The campaign tells a running child about a new window or deadline. */
export const contactSettingsSignal =
  defineSignal<[{ window: CampaignWindow; deadlineMs: number; budgeted?: boolean }]>('contact-settings');
/** A child of a budgeted campaign asks before each dial; the campaign answers with a dial verdict. */
export const dialRequestSignal = defineSignal<[DialRequest]>('dial-request');
export const dialVerdictSignal = defineSignal<[DialVerdict]>('dial-verdict');
/** A child of a budgeted campaign reports its spend so far after each call (releasing its reservation). */
export const contactSpendSignal = defineSignal<[ContactSpendReport]>('contact-spend');
/** The campaign was cancelled: a child makes no further call (a live one finishes). */
export const stopContactSignal = defineSignal('stop-contact');
/** A stored page of contacts. */
export const getContactPageQuery = defineQuery<CampaignContact[]>('get-contact-page');
/** A stored page is kept until this instant instead (a deleted schedule's pages end after its last results). */
export const keepContactPageUntilSignal = defineSignal<[keepUntilMs: number]>('keep-contact-page-until');
/** A campaign's stored call settings (`campaign-settings:<id>`). */
export const getCampaignSettingsQuery = defineQuery<CampaignCallSettings>('get-campaign-settings');
// ── call limiter (call-slots:account:<deployment>, call-attempts:<deployment>:<day>:<shard>) ─────
/** The limiter grants a queued request its slot: sent to the holder. */
export const callSlotGrantedSignal = defineSignal<[CallSlotGrant]>('call-slot-granted');
/** The holder frees its slot, or withdraws its queued request. */
export const releaseCallSlotSignal = defineSignal<[CallSlotRelease]>('release-call-slot');
/** Caps, leases, queue and counters of a limiter. */
export const getCallSlotsQuery = defineQuery<CallSlotsSnapshot>('get-call-slots');
/**
 * The takeCallSlot activities of one worker process count attempts to recipients today
 * (update-with-start), several at once: one in-flight update per counter and process (the server caps
 * in-flight updates per workflow). One verdict per request, in order, so the counter signals nobody.
 */
export const countCallAttemptsUpdate = defineUpdate<CallAttemptVerdict[], [CallAttemptRequest[]]>(
  'count-call-attempts',
);
/**
 * The takeCallSlot activities of one worker process ask for live-call slots (update-with-start), several
 * at once as countCallAttemptsUpdate does: per request, in order, the grant when one is free now, else
 * null (queued: the grant comes later as callSlotGrantedSignal).
 */
export const requestCallSlotsUpdate = defineUpdate<(CallSlotGrant | null)[], [CallSlotRequest[]]>(
  'request-call-slots',
);
/** Where a call workflow is with its slot: counting the attempt, waiting for a slot, holding it… */
export const getCallSlotPhaseQuery = defineQuery<CallSlotPhase>('get-call-slot-phase');

/** Where an onboarding stands (no code, no key: the key's fingerprint once verified). */
export const getOnboardingStatusQuery = defineQuery<OnboardingStatus>('get-onboarding-status');
/** Waits until sign-up has answered (code emailed, or the account exists), then gives the status. */
export const onboardingCodeSentUpdate = defineUpdate<OnboardingStatus>('code-sent');
/** Checks the emailed code (sealed by the CLI; the validator refuses any other shape). */
export const verifyCodeUpdate = defineUpdate<VerifyCodeResult, [VerifyCodeRequest]>('verify-code');
