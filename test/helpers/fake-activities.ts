/**
 * Scripted activities for time-skipping workflow tests: each records its calls, and the test decides
 * what each call "did" (how it ended, when its webhook arrives, what the outcome was).
 */
import { ApplicationFailure } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import type { Activities } from '../../activities';
import { createPlanningActivities } from '../../activities/planning';
import type { ReservationOutcome } from '../../outcome/reservation';
import { callAttemptVerdictSignal, callEndedSignal, callSlotGrantedSignal } from '../../workflows/messages';
import type { CallRecord } from '../../workflows/types';

export function callRecord(callId: string, overrides: Partial<CallRecord> = {}): CallRecord {
  return {
    callId,
    status: 'completed',
    disconnectionReason: 'user_hangup',
    durationSeconds: 42,
    startedAt: '2026-12-01T18:00:00Z',
    endedAt: '2026-12-01T18:00:42Z',
    from: '+14155550100',
    to: '+14155550123',
    direction: 'outbound',
    transcript: [{ role: 'agent', content: 'Hi!' }],
    summary: null,
    userSentiment: null,
    callSuccessful: null,
    ...overrides,
  };
}

export type WebhookPlan = 'deliver' | 'lose' | 'duplicate';

export interface FakeOptions {
  client: Client;
  /** What happens to each call's webhook, by call number (1-based); default 'deliver'. */
  webhooks?: WebhookPlan[];
  /** The outcome of each call, in order. */
  outcomes?: ReservationOutcome[];
  /** Whether fetchCall sees the call as ended. */
  callEndedOnFetch?: boolean;
  /** The human has texted STOP: sendSms refuses, as the real activity does. */
  optedOut?: boolean;
}

export function fakeActivities(options: FakeOptions) {
  const calls: {
    callId: string;
    toNumber: string;
    variables?: Record<string, string> | undefined;
    greeting?: string | undefined;
  }[] = [];
  const sms: { toNumber: string; body: string; intentKey: string }[] = [];
  const counts = {
    placeCall: 0,
    fetchCall: 0,
    endCall: 0,
    subscribe: 0,
    sendSms: 0,
    awaitSmsReply: 0,
    extract: 0,
  };
  // Apart from `counts`, whose values some tests compare whole.
  const limiterCounts = { countCallAttempt: 0, requestCallSlot: 0 };
  const ended = new Set<string>();
  let outcomeIndex = 0;

  // Typed as the whole set, so a renamed or added activity breaks these tests at compile time.
  const activities: Activities = {
    // Planning is pure (time zones, validation): the real thing.
    ...createPlanningActivities(),
    async ping(note) {
      return { note, answeredBy: 'fake' };
    },
    async placeCall(req) {
      counts.placeCall += 1;
      const callId = `call_${String(calls.length + 1).padStart(4, '0')}`;
      calls.push({ callId, toNumber: req.toNumber, variables: req.variables, greeting: req.initialGreeting });
      return { callId, agentId: req.agentId ?? 'agt_default', toNumber: req.toNumber, reconciled: false };
    },
    async subscribeToCallEvents({ callId, subscriberWorkflowId }) {
      counts.subscribe += 1;
      const n = Number(callId.slice(5));
      const plan = options.webhooks?.[n - 1] ?? 'deliver';
      if (plan === 'lose') return;
      const handle = options.client.workflow.getHandle(subscriberWorkflowId);
      const notice = { call: callRecord(callId), webhookId: `whd_${callId}` };
      await handle.signal(callEndedSignal, notice);
      if (plan === 'duplicate')
        await handle.signal(callEndedSignal, { ...notice, call: callRecord(callId, { status: 'failed' }) });
    },
    async fetchCall({ callId }) {
      counts.fetchCall += 1;
      const isEnded = options.callEndedOnFetch ?? true;
      return {
        ended: isEnded,
        call: callRecord(callId, isEnded ? {} : { status: 'in-progress', endedAt: null }),
      };
    },
    async endCall({ callId }) {
      counts.endCall += 1;
      ended.add(callId);
      return { ended: true };
    },
    async sendSms(req) {
      counts.sendSms += 1;
      if (options.optedOut) {
        throw ApplicationFailure.create({
          type: 'ContactOptedOutError',
          message: `${req.toNumber} texted STOP`,
          nonRetryable: true,
        });
      }
      sms.push({ toNumber: req.toNumber, body: req.body, intentKey: req.intentKey });
      return { messageId: `msg_${sms.length}`, toNumber: req.toNumber, body: req.body, reconciled: false };
    },
    async awaitSmsReply({ agentId }) {
      counts.awaitSmsReply += 1;
      const agent = agentId ?? 'agt_default';
      return { agentId: agent, inboxWorkflowId: `sms-inbox:${agent}:fake` };
    },
    // The limiter's round trips without the limiter: every attempt allowed, every slot granted at once
    // (the limiter's own tests use the real activities and workflows).
    async countCallAttempt({ holderWorkflowId, requestId }) {
      limiterCounts.countCallAttempt += 1;
      await options.client.workflow
        .getHandle(holderWorkflowId)
        .signal(callAttemptVerdictSignal, { requestId, allowed: true, attemptsToday: 1, cap: 3 });
      return { counterWorkflowId: 'call-attempts:fake' };
    },
    async requestCallSlot({ holderWorkflowId, requestId }) {
      limiterCounts.requestCallSlot += 1;
      await options.client.workflow.getHandle(holderWorkflowId).signal(callSlotGrantedSignal, {
        requestId,
        leaseId: 'lease-fake',
        expiresAtMs: Date.now() + 3_600_000,
      });
      return { limiterWorkflowId: 'call-slots:fake', numberId: 'num_fake' };
    },
    async findClosedCallSlotHolders() {
      return [];
    },
    async extractReservationOutcome() {
      counts.extract += 1;
      const outcome = options.outcomes?.[outcomeIndex++];
      if (!outcome) throw new Error(`no scripted outcome for call ${outcomeIndex}`);
      return outcome;
    },
  };
  return { activities, calls, sms, counts, limiterCounts, ended };
}

const evidence = [{ index: 0, role: 'callee' as const, text: 'scripted' }];

/** Scripted outcomes, shaped like the extractor's. */
export const outcomes = {
  booked: (date: string, time: string, partySize = 2, name = 'Manav'): ReservationOutcome => ({
    kind: 'booked',
    date,
    time,
    partySize,
    name,
    evidence,
    source: 'transcript',
    reason: 'confirmed',
    assumedFromRequest: [],
  }),
  offered: (date: string, time: string): ReservationOutcome => ({
    kind: 'alternative_offered',
    alternatives: [{ date, time }],
    evidence,
    source: 'transcript',
    reason: 'offered another time',
  }),
  full: (): ReservationOutcome => ({ kind: 'full', evidence, source: 'transcript', reason: 'fully booked' }),
  noAnswer: (): ReservationOutcome => ({
    kind: 'no_answer',
    evidence: [],
    source: 'transcript',
    reason: 'dial_no_answer',
  }),
};
