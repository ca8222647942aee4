/**
 * Every signal, query and update name of ringflow's workflows, the workflow id schemes, and the task
 * queue. Both workflows/ and client/ import this file, so each wire name is written once.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CallEndedNotice, InboundSms, MailboxSubscription, ReplyReading } from './types';
import type { ReservationStatus } from './reservation/types';
import type { WebhookDeadLetterInput, WebhookDeadLetterResolution } from './webhook-dead-letter';
import type { AgentSettingsSections } from './agent-settings';
import type { CampaignContact, CampaignStatus, CampaignWindow, ContactResult } from './campaign/types';

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
  /** Key: X-Webhook-ID, or the sha256 of the body (never a phone number). */
  webhookDeadLetter: (key: string) => `${DEAD_LETTER_ID_PREFIX}${key}`,
  campaign: (campaignId: string) => `campaign:${campaignId}`,
  /** `row`: the contact's data row in the file (its id); never its number. */
  campaignContact: (campaignId: string, row: number) => `campaign:${campaignId}:contact:${row}`,
  campaignContactCall: (campaignId: string, row: number, attempt: number) =>
    `campaign:${campaignId}:contact:${row}:call:${attempt}`,
  campaignContactPage: (campaignId: string, page: number) => `campaign-contacts:${campaignId}:${page}`,
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
}
export const updateCampaignUpdate = defineUpdate<CampaignStatus, [CampaignChange]>('update');
/** A contact's child reports its one final result to the campaign (by workflow id: any run). */
export const contactFinishedSignal = defineSignal<[ContactResult]>('contact-finished');
/** The campaign tells a running child about a new window or deadline. */
export const contactSettingsSignal =
  defineSignal<[{ window: CampaignWindow; deadlineMs: number }]>('contact-settings');
/** The campaign was cancelled: a child makes no further call (a live one finishes). */
export const stopContactSignal = defineSignal('stop-contact');
/** A stored page of contacts. */
export const getContactPageQuery = defineQuery<CampaignContact[]>('get-contact-page');
