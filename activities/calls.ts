import type { AgentPhone } from '../agentphone';
import { ConflictError, NotFoundError, isCallLive } from '../agentphone';
import { callRecordFromDetail, transcriptFromWire } from '../common/process/from-wire';
import type { Logger } from '../common/process/logger';
import type { Suppression } from '../common/opt-out';
import type { SuppressionCheck } from './opt-out';
import type { CallRecord, TranscriptTurn } from '../workflows/types';
import { toActivityFailure, translatingErrors } from './failures';
import { beginSideEffect, reconcileIntent, type IntentRecorder } from './intent';
import { readWithinAttempt } from './read-within-attempt';

export interface PlaceCallRequest {
  /** Reused by every attempt: the workflow id of the call workflow. */
  intentKey: string;
  agentId?: string | undefined;
  toNumber: string;
  systemPrompt: string;
  initialGreeting?: string | undefined;
  variables?: Record<string, string> | undefined;
}

export interface PlacedCall {
  suppressed: false;
  callId: string;
  agentId: string;
  toNumber: string;
  /** True when an earlier attempt's call was found instead of posting again. */
  reconciled: boolean;
}

/** A call not placed: the number is on the opt-out list. No AgentPhone request was made for it. */
export interface SuppressedCall {
  suppressed: true;
  agentId: string;
  toNumber: string;
  suppression: Suppression;
}

export interface CallActivityDeps {
  agentphone: AgentPhone;
  logger: Logger;
  defaultAgentId?: string | undefined;
  /** The opt-out list, asked right before every dial. */
  suppressionOf: SuppressionCheck;
  /** Makes what a dial saw before posting durable (`temporalIntentRecorder`), so a retry can trust it. */
  recordIntent: IntentRecorder;
  /** Waits between look-up retries within an attempt; the activity's sleep unless a test passes one. */
  pauseBeforeReread?: ((ms: number) => Promise<void>) | undefined;
}

export function createCallActivities(deps: CallActivityDeps) {
  const { agentphone } = deps;

  /**
   * Our agent's outbound calls to this number, newest first: the calls an attempt of this intent could
   * have placed. The search narrows by number on the server, so a busy agent's other calls do not crowd
   * them out of the page.
   */
  async function callsLike(agentId: string, toNumber: string) {
    const page = await agentphone.calls.list({ direction: 'outbound', search: toNumber, limit: 50 });
    return page.data.filter((call) => call.toNumber === toNumber && (call.agentId ?? agentId) === agentId);
  }

  return {
    /**
     * Places one outbound AI call, exactly once per intent: a retry first looks for the call an earlier
     * attempt may have placed (commit-then-drop, timeout, worker crash after the POST) and returns it,
     * never a call to the same number that was there before this intent first posted. A number on the
     * opt-out list is not called: the result says `suppressed`, and a first attempt makes no AgentPhone
     * request at all (a retry still looks for the call an earlier attempt may have placed first).
     */
    async placeCall(request: PlaceCallRequest): Promise<PlacedCall | SuppressedCall> {
      const { intent, agentId, toNumber, log } = beginSideEffect(request, deps);
      const refused = async (): Promise<SuppressedCall | undefined> => {
        const suppression = await deps.suppressionOf(toNumber, 'call');
        if (!suppression) return undefined;
        log.info({ channel: suppression.channel, since: suppression.at }, 'on the opt-out list; not calling');
        return { suppressed: true, agentId, toNumber, suppression };
      };
      if (!intent.mayHaveCommitted) {
        const suppressed = await refused();
        if (suppressed) return suppressed;
      }

      return translatingErrors(async () => {
        // The first attempt reads too: it records which calls to this number already existed. A failed
        // read is read again here, not guessed around: see readWithinAttempt.
        const lookAlikes = await readWithinAttempt(
          () => callsLike(agentId, toNumber),
          intent.reads,
          (err, delayMs, nextTry) =>
            log.info(
              { err: String(err), delayMs, nextTry },
              'look-up of earlier calls failed; reading again',
            ),
        );
        const reconciled = reconcileIntent(intent, lookAlikes);
        if (reconciled.own) {
          const existing = reconciled.own;
          log.info({ callId: existing.id }, 'found the call an earlier attempt placed; not calling again');
          return { suppressed: false, callId: existing.id, agentId, toNumber, reconciled: true };
        }
        // A retry checks here, once it knows no earlier attempt's call is live: a live call is reported.
        if (intent.mayHaveCommitted) {
          const suppressed = await refused();
          if (suppressed) return suppressed;
        }
        // Durable before the POST: a retry without this record may then rightly assume nothing was posted.
        await reconciled.recordBeforePosting();
        const call = await agentphone.calls.create(
          {
            agentId,
            toNumber,
            systemPrompt: request.systemPrompt,
            ...(request.initialGreeting !== undefined ? { initialGreeting: request.initialGreeting } : {}),
            ...(request.variables ? { variables: request.variables } : {}),
          },
          { maxRetries: 0 },
        );
        log.info({ callId: call.id }, 'call placed');
        return { suppressed: false, callId: call.id, agentId, toNumber, reconciled: false };
      });
    },

    /** Reads a call; `ended` tells whether it reached a terminal status (then with its full transcript). */
    async fetchCall({ callId }: { callId: string }): Promise<{ ended: boolean; call: CallRecord }> {
      return translatingErrors(async () => {
        const detail = await agentphone.calls.retrieve(callId);
        const ended = !isCallLive(detail.status);
        const transcript: TranscriptTurn[] = ended ? await readTranscript(agentphone, callId) : [];
        return { ended, call: callRecordFromDetail(detail, transcript) };
      });
    },

    /** Ends a live call. A call that already ended (409) or is unknown (404) needs nothing more. */
    async endCall({ callId }: { callId: string }): Promise<{ ended: boolean }> {
      try {
        await agentphone.calls.end(callId);
        return { ended: true };
      } catch (err) {
        if (err instanceof ConflictError || err instanceof NotFoundError) return { ended: false };
        throw toActivityFailure(err);
      }
    },
  };
}

async function readTranscript(agentphone: AgentPhone, callId: string): Promise<TranscriptTurn[]> {
  const { transcript } = await agentphone.calls.transcript(callId);
  return transcriptFromWire(transcript);
}
