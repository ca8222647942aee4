/**
 * Every signal, query and update name of ringflow's workflows, the workflow id schemes, and the task
 * queue. Both workflows/ and client/ import this file, so each wire name is written once.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CallEndedNotice, InboundSms } from './types';
import type { ReservationStatus, HumanReply } from './reservation-types';

export { DEFAULT_TASK_QUEUE as TASK_QUEUE } from '../common/task-queue';

/** Workflow ids: the dedupe keys of ringflow (design decision 4). */
export const workflowIds = {
  callEvents: (callId: string) => `call-events:${callId}`,
  smsInbox: (agentId: string, humanNumber: string) => `sms-inbox:${agentId}:${humanNumber}`,
  reservation: (requestId: string) => `reservation:${requestId}`,
  reservationCall: (requestId: string, n: number) => `reservation:${requestId}:call:${n}`,
  call: (requestId: string) => `call:${requestId}`,
  sms: (requestId: string) => `sms:${requestId}`,
} as const;

// ── call mailbox (call-events:<callId>) ───────────────────────────────────────────────────────────
/** The ingress delivers `agent.call_ended` to the call's mailbox. */
export const callEndedSignal = defineSignal<[CallEndedNotice]>('call-ended');
/** A workflow that placed the call asks the mailbox to hand it the event. */
export const subscribeCallEventsSignal = defineSignal<[{ workflowId: string }]>('subscribe-call-events');
/** The subscriber got its result another way (the safety net) and no longer waits. */
export const unsubscribeCallEventsSignal = defineSignal<[{ workflowId: string }]>('unsubscribe-call-events');

// ── SMS inbox (sms-inbox:<agentId>:<humanNumber>) ────────────────────────────────────────────────
/** The ingress delivers an inbound SMS to the inbox of (agent, sender). */
export const inboundSmsSignal = defineSignal<[InboundSms]>('inbound-sms');
/** A workflow waits for the next SMS from this human. */
export const awaitSmsReplySignal = defineSignal<[{ workflowId: string }]>('await-sms-reply');
/** The waiter stopped waiting (deadline passed, or it got its answer another way). */
export const stopAwaitingSmsReplySignal = defineSignal<[{ workflowId: string }]>('stop-awaiting-sms-reply');
/** The inbox hands a waiting workflow the human's SMS. */
export const smsReplySignal = defineSignal<[InboundSms]>('sms-reply');

// ── reservation (reservation:<requestId>) ────────────────────────────────────────────────────────
export const getReservationStatusQuery = defineQuery<ReservationStatus>('get-status');
/** The human's answer to an offer, from the CLI or an API (the SMS path uses smsReplySignal). */
export const replyUpdate = defineUpdate<{ accepted: boolean; understood: HumanReply }, [string]>('reply');
/** Cancels the reservation; ends a live call. */
export const cancelReservationUpdate = defineUpdate<ReservationStatus, [reason: string]>('cancel');
