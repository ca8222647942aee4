/**
 * Scripted activities for time-skipping workflow tests: each records its calls, and the test decides
 * what each call "did" (how it ended, when its webhook arrives, what the outcome was).
 */
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import type { Activities } from '../../activities';
import type { AgentPhone } from '../../agentphone';
import { createPlanningActivities } from '../../activities/planning';
import { createCampaignWindowActivities } from '../../activities/campaign-window';
import { readCampaignAnswer } from '../../outcome/campaign-answer';
import type { CampaignContact } from '../../workflows/campaign/types';
import type { ReservationOutcome } from '../../outcome/reservation';
import {
  callEndedSignal,
  getCampaignSettingsQuery,
  missedCallSignal,
  workflowIds,
} from '../../workflows/messages';
import type { CallRecord } from '../../workflows/types';
import { callerProblemOf, createMissedCallActivities } from '../../activities/missed-calls';
import { DEVELOPMENT_NUMBER_KEY, developmentNumberKeyer } from '../../common/process/number-key';
import { openOneTimeCode } from '../../common/process/one-time-code-seal';
import { silentLogger } from '../../common/process/logger';
import { readInboundCall } from '../../outcome/inbound-call';
import { findSpokenOptOut } from '../../outcome/spoken-opt-out';
import { missedCallWorkflow } from '../../workflows/missed-call';
import type { MissedCallSettings } from '../../workflows/missed-call/types';

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
  /** The human has texted STOP: sendSms answers suppressed, as the real activity does. */
  optedOut?: boolean;
  /** What the owner's `ringflow sms-relay` settings relay (default: codes on, other SMS off). */
  smsRelay?: { codes: boolean; relaySms: boolean };
  /** How many call attempts the daily cap allows before takeCallSlot answers capped (default all). */
  attemptsAllowedToday?: number;
  /** Numbers on the opt-out list: placeCall answers suppressed for them. */
  suppressedNumbers?: string[];
  /** Numbers recordSpokenOptOut finds an opt-out for (as if their transcript said "stop calling me"). */
  spokenOptOuts?: string[];
  /**
   * The webhook's notice carries the transcript's spoken opt-out as the ingress reads it (null: none);
   * default: a notice without the reading, as from before the ingress read transcripts.
   */
  ingressReadsTranscript?: boolean;
  /** What the callee says on every call (the webhook's transcript); default: the agent's "Hi!" only. */
  transcript?: CallRecord['transcript'];
  /** How each call (1-based order) ended, as its webhook tells: overrides of callRecord(). */
  callRecords?: Partial<CallRecord>[];
  /** The agent's missed-call settings, as inspectInboundCall reads them (none: not enabled). */
  missedCallSettings?: MissedCallSettings;
  /** Where joinMissedCallback starts callback workflows (the test worker's queue). */
  taskQueue?: string;
  /** A campaign's stored pages, by campaign id (readContactPage). */
  contactPages?: Record<string, CampaignContact[][]>;
  /** How the call to `toNumber` ends on its `attempt`-th call to that number (1-based); default answered. */
  callEnd?: (toNumber: string, attempt: number) => Partial<CallRecord>;
  /** The code signUp "emails" (default 123456); verifySignUp compares the opened seal to it. */
  onboardingCode?: string;
}

/** The opt-out a fake reports for a suppressed number. */
export function fakeSuppression(number: string, channel: 'sms' | 'voice') {
  return { number, channel, reason: 'scripted', source: 'fake', at: '2026-12-01T09:00:00.000Z' };
}

export function fakeActivities(options: FakeOptions) {
  const calls: {
    callId: string;
    toNumber: string;
    variables?: Record<string, string> | undefined;
    greeting?: string | undefined;
    /** When the server scheduled the placing (the test server's skipped clock). */
    placedAtMs?: number;
  }[] = [];
  const sms: { toNumber: string; body: string; intentKey: string }[] = [];
  /** Every relay the workflow asked for, and whether the fake owner's settings let it through. */
  const relays: { kind: 'code' | 'message'; messageId: string; inboxWorkflowId: string; relayed: boolean }[] =
    [];
  const counts = {
    placeCall: 0,
    fetchCall: 0,
    endCall: 0,
    subscribe: 0,
    sendSms: 0,
    awaitSmsReply: 0,
    extract: 0,
    recordSmsConsent: 0,
    recordSpokenOptOut: 0,
  };
  /** Callback series joined (kept out of `counts`, whose shape other tests compare whole). */
  const joins: string[] = [];
  /** The call record a call id ends with, as `callEnd` scripts it. */
  const endOf = (callId: string): Partial<CallRecord> => {
    const placed = calls.find((c) => c.callId === callId);
    if (!placed || !options.callEnd) return {};
    const attempt = calls.filter((c) => c.toNumber === placed.toNumber).indexOf(placed) + 1;
    return { to: placed.toNumber, ...options.callEnd(placed.toNumber, attempt) };
  };
  // Apart from `counts`, whose values some tests compare whole.
  const limiterCounts = { takeCallSlot: 0 };
  const ended = new Set<string>();
  let outcomeIndex = 0;
  const missedCallActivities = createMissedCallActivities({
    temporal: options.client,
    taskQueue: options.taskQueue ?? 'unset',
    logger: silentLogger,
    numberKey: developmentNumberKeyer,
  });

  // Typed as the whole set, so a renamed or added activity breaks these tests at compile time.
  const activities: Activities = {
    // Planning is pure (time zones, validation): the real thing.
    ...createPlanningActivities(),
    ...createCampaignWindowActivities(),
    ...fakeOnboardingActivities(options.onboardingCode ?? '123456'),
    async readContactPage({ campaignId, page }) {
      const stored = options.contactPages?.[campaignId]?.[page];
      if (!stored) throw ApplicationFailure.create({ type: 'ContactPageMissingError', nonRetryable: true });
      return stored;
    },
    // The campaign stores its settings in a real workflow on the test server: read it as the real one does.
    async readCampaignSettings({ campaignId }) {
      return options.client.workflow
        .getHandle(workflowIds.campaignSettings(campaignId))
        .query(getCampaignSettingsQuery);
    },
    async readCampaignCall({ call, answers }) {
      return readCampaignAnswer(call, answers);
    },
    async ping(note) {
      return { note, answeredBy: 'fake' };
    },
    async placeCall(req) {
      counts.placeCall += 1;
      if (options.suppressedNumbers?.includes(req.toNumber)) {
        return {
          suppressed: true,
          agentId: req.agentId ?? 'agt_default',
          toNumber: req.toNumber,
          suppression: fakeSuppression(req.toNumber, 'voice'),
        };
      }
      const callId = `call_${String(calls.length + 1).padStart(4, '0')}`;
      calls.push({
        callId,
        toNumber: req.toNumber,
        variables: req.variables,
        greeting: req.initialGreeting,
        placedAtMs: Context.current().info.scheduledTimestampMs,
      });
      return {
        suppressed: false,
        callId,
        agentId: req.agentId ?? 'agt_default',
        toNumber: req.toNumber,
        reconciled: false,
      };
    },
    async subscribeToCallEvents({ callId, subscriberWorkflowId }) {
      counts.subscribe += 1;
      const n = Number(callId.slice(5));
      const plan = options.webhooks?.[n - 1] ?? 'deliver';
      if (plan === 'lose') return;
      const handle = options.client.workflow.getHandle(subscriberWorkflowId);
      const said = options.transcript ? { transcript: options.transcript } : {};
      const record = callRecord(callId, {
        ...said,
        ...endOf(callId),
        ...options.callRecords?.[n - 1],
        callId,
      });
      const notice = {
        call: record,
        webhookId: `whd_${callId}`,
        ...(options.ingressReadsTranscript
          ? { spokenOptOut: findSpokenOptOut(record.transcript) ?? null }
          : {}),
      };
      await handle.signal(callEndedSignal, notice);
      if (plan === 'duplicate')
        await handle.signal(callEndedSignal, { ...notice, call: callRecord(callId, { status: 'failed' }) });
    },
    async fetchCall({ callId }) {
      counts.fetchCall += 1;
      const isEnded = options.callEndedOnFetch ?? true;
      return {
        ended: isEnded,
        call: callRecord(callId, {
          ...(isEnded ? endOf(callId) : {}),
          ...options.callRecords?.[Number(callId.slice(5)) - 1],
          ...(isEnded ? {} : { status: 'in-progress', endedAt: null }),
        }),
      };
    },
    async endCall({ callId }) {
      counts.endCall += 1;
      ended.add(callId);
      return { ended: true };
    },
    async sendSms(req) {
      counts.sendSms += 1;
      if (options.optedOut && !req.helpAnswer)
        return {
          suppressed: true,
          toNumber: req.toNumber,
          suppression: fakeSuppression(req.toNumber, 'sms'),
        };
      sms.push({ toNumber: req.toNumber, body: req.body, intentKey: req.intentKey });
      return {
        suppressed: false,
        messageId: `msg_${sms.length}`,
        toNumber: req.toNumber,
        body: req.body,
        reconciled: false,
      };
    },
    async recordSmsConsent() {
      counts.recordSmsConsent += 1;
      return { changed: true };
    },
    async noteCallOutcome({ status }) {
      return { status };
    },
    async recordSpokenOptOut({ call }) {
      counts.recordSpokenOptOut += 1;
      const number = call.to ?? '';
      if (!options.spokenOptOuts?.includes(number)) return { optedOut: false };
      return { optedOut: true, number, evidence: { index: 1, text: 'Stop calling me.' }, added: true };
    },
    async relaySmsToOwner({ inboxWorkflowId, sms: message, kind }) {
      const settings = options.smsRelay ?? { codes: true, relaySms: false };
      const relayed = kind === 'code' ? settings.codes : settings.relaySms;
      relays.push({ kind, messageId: message.messageId, inboxWorkflowId, relayed });
      return relayed
        ? { relayed: true, messageId: `msg_relay_${relays.length}` }
        : { relayed: false, skipped: kind === 'code' ? 'codes-off' : 'relay-sms-off' };
    },
    async awaitSmsReply({ agentId }) {
      counts.awaitSmsReply += 1;
      const agent = agentId ?? 'agt_default';
      return { agentId: agent, inboxWorkflowId: `sms-inbox:${agent}:fake` };
    },
    // Pure readers and the owner's clock: the real thing.
    summarizeCallbackCall: (req) => missedCallActivities.summarizeCallbackCall(req),
    nextBusinessHoursOpening: (req) => missedCallActivities.nextBusinessHoursOpening(req),
    async inspectInboundCall({ agentId, call }) {
      const callerProblem = callerProblemOf(call.from);
      return {
        reading: readInboundCall(call),
        settings: options.missedCallSettings ?? null,
        callerCallable: callerProblem === null,
        callerProblem,
        missedCallWorkflowId:
          call.from && callerProblem === null
            ? workflowIds.missedCall(agentId, developmentNumberKeyer(call.from))
            : null,
      };
    },
    async joinMissedCallback({ agentId, callerNumber, settings, miss }) {
      const callerKey = developmentNumberKeyer(callerNumber);
      const workflowId = workflowIds.missedCall(agentId, callerKey);
      joins.push(workflowId);
      await options.client.workflow.signalWithStart(missedCallWorkflow, {
        workflowId,
        taskQueue: options.taskQueue ?? 'unset',
        args: [{ agentId, callerNumber, callerKey, settings, misses: [miss] }],
        signal: missedCallSignal,
        signalArgs: [miss],
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      });
      return { workflowId };
    },
    // The limiter's round trips without the limiter: attempts allowed up to attemptsAllowedToday, every slot granted at once
    // (the limiter's own tests use the real activities and workflows).
    async takeCallSlot({ requestId }) {
      limiterCounts.takeCallSlot += 1;
      const attemptsToday = limiterCounts.takeCallSlot;
      if (attemptsToday > (options.attemptsAllowedToday ?? Infinity))
        return { kind: 'capped', attemptsToday, cap: 3 };
      return {
        kind: 'granted',
        limiterWorkflowId: 'call-slots:fake',
        numberId: 'num_fake',
        grant: { requestId, leaseId: 'lease-fake', expiresAtMs: Date.now() + 3_600_000 },
      };
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
  return { activities, calls, sms, relays, counts, limiterCounts, ended, joins };
}

/** Sign-up "emails" `code`, valid 10 minutes of workflow time; verify opens the seal and compares. */
function fakeOnboardingActivities(code: string): Pick<Activities, 'signUp' | 'verifySignUp'> {
  return {
    async signUp() {
      return {
        outcome: 'code-sent',
        verificationId: 'ver_fake',
        expiresAtMs: Date.now() + 10 * 60_000,
        message: 'code emailed',
      };
    },
    async verifySignUp({ sealedCode }) {
      if (openOneTimeCode(sealedCode, DEVELOPMENT_NUMBER_KEY) !== code)
        return { outcome: 'wrong-code', message: 'Wrong verification code' };
      return {
        outcome: 'verified',
        account: {
          accountId: 'acct_fake',
          agentId: 'agt_fake',
          numberId: 'num_fake',
          keyFingerprint: 'sk_f…sha256:000000000000',
          credentialsFile: '/nonexistent/credentials.json',
        },
      };
    },
  };
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

/** An AgentPhone whose every agent calls from the same number, as the simulator's ready agent does. */
export const oneNumberAgents = {
  agents: { retrieve: async () => ({ numbers: [{ id: 'num_ours' }] }) },
} as unknown as Pick<AgentPhone, 'agents'>;
