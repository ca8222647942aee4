/**
 * Every signal, query and update name of ringflow's workflows, the workflow id schemes, and the task
 * queue. Both workflows/ and client/ import this file, so each wire name is written once.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CallEndedNotice, InboundSms, MailboxSubscription, ReplyReading } from './types';
import type { ReservationStatus } from './reservation/types';
import type { WebhookDeadLetterInput, WebhookDeadLetterResolution } from './webhook-dead-letter';
import type { AgentSettingsSections } from './agent-settings';
import type {
  CallAttemptRequest,
  CallAttemptVerdict,
  CallSlotGrant,
  CallSlotRelease,
  CallSlotRequest,
  CallSlotPhase,
  CallSlotsSnapshot,
} from './limiter/types';

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
  /** The live-call limiter of one deployment (its task queue: one deployment, one AgentPhone account). */
  callSlots: (deployment: string) => `call-slots:account:${deployment}`,
  /** One shard of a day's attempts per recipient; `shard` comes from the recipient's numberKey. */
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

// ── call limiter (call-slots:account:<deployment>, call-attempts:<deployment>:<day>:<shard>) ─────
/** A call workflow asks for a live-call slot (sent by the requestCallSlot activity, signalWithStart). */
export const requestCallSlotSignal = defineSignal<[CallSlotRequest]>('request-call-slot');
/** The limiter grants a slot: sent to the holder. */
export const callSlotGrantedSignal = defineSignal<[CallSlotGrant]>('call-slot-granted');
/** The holder frees its slot, or withdraws its queued request. */
export const releaseCallSlotSignal = defineSignal<[CallSlotRelease]>('release-call-slot');
/** Caps, leases, queue and counters of a limiter. */
export const getCallSlotsQuery = defineQuery<CallSlotsSnapshot>('get-call-slots');
/** A call workflow asks to count one attempt to a recipient today (the countCallAttempt activity). */
export const countCallAttemptSignal = defineSignal<[CallAttemptRequest]>('count-call-attempt');
/** The attempt counter's answer: sent to the holder. */
export const callAttemptVerdictSignal = defineSignal<[CallAttemptVerdict]>('call-attempt-verdict');
/** Where a call workflow is with its slot: counting the attempt, waiting for a slot, holding it… */
export const getCallSlotPhaseQuery = defineQuery<CallSlotPhase>('get-call-slot-phase');
