import type { AgentPhone } from '../agentphone';
import { ConflictError, NotFoundError } from '../agentphone';
import type { Logger } from '../common/process/logger';
import type { CallRecord, TranscriptTurn } from '../workflows/types';
import { toActivityFailure, translatingErrors } from './failures';
import { CLOCK_SKEW_MS, beginSideEffect, type Intent } from './intent';

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
  callId: string;
  agentId: string;
  toNumber: string;
  /** True when an earlier attempt's call was found instead of posting again. */
  reconciled: boolean;
}

export interface CallActivityDeps {
  agentphone: AgentPhone;
  logger: Logger;
  defaultAgentId?: string | undefined;
}

const LIVE_STATUSES = new Set(['in-progress', 'in_progress', 'ending', 'ringing', 'queued']);

export function createCallActivities(deps: CallActivityDeps) {
  const { agentphone } = deps;

  /**
   * Finds the call an earlier attempt of this intent placed: outbound, same agent, same number, started
   * after the intent began, and not a call that was already over before the intent began. The search
   * narrows by number on the server, so a busy agent's other calls do not crowd it out of the page.
   */
  async function findCallOfIntent(intent: Intent, agentId: string, toNumber: string) {
    const since = intent.startedAtMs - CLOCK_SKEW_MS;
    const page = await agentphone.calls.list({ direction: 'outbound', search: toNumber, limit: 50 });
    return page.data.find((call) => {
      const started = call.startedAt ? Date.parse(call.startedAt) : NaN;
      const ended = call.endedAt ? Date.parse(call.endedAt) : NaN;
      return (
        call.toNumber === toNumber &&
        (call.agentId ?? agentId) === agentId &&
        started >= since &&
        !(ended < intent.startedAtMs)
      );
    });
  }

  return {
    /**
     * Places one outbound AI call, exactly once per intent: a retry first looks for the call an earlier
     * attempt may have placed (commit-then-drop, timeout, worker crash after the POST) and returns it.
     */
    async placeCall(request: PlaceCallRequest): Promise<PlacedCall> {
      const { intent, agentId, toNumber, log } = beginSideEffect(request, deps);

      return translatingErrors(async () => {
        if (intent.mayHaveCommitted) {
          const existing = await findCallOfIntent(intent, agentId, toNumber);
          if (existing) {
            log.info({ callId: existing.id }, 'found the call an earlier attempt placed; not calling again');
            return { callId: existing.id, agentId, toNumber, reconciled: true };
          }
        }
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
        return { callId: call.id, agentId, toNumber, reconciled: false };
      });
    },

    /** Reads a call; `ended` tells whether it reached a terminal status (then with its full transcript). */
    async fetchCall({ callId }: { callId: string }): Promise<{ ended: boolean; call: CallRecord }> {
      return translatingErrors(async () => {
        const detail = await agentphone.calls.retrieve(callId);
        const ended = !LIVE_STATUSES.has(detail.status);
        const transcript: TranscriptTurn[] = ended ? await readTranscript(agentphone, callId) : [];
        return {
          ended,
          call: {
            callId: detail.id,
            status: detail.status,
            disconnectionReason: detail.disconnectionReason ?? null,
            durationSeconds: detail.durationSeconds ?? null,
            startedAt: detail.startedAt ?? null,
            endedAt: detail.endedAt ?? null,
            from: detail.fromNumber ?? null,
            to: detail.toNumber ?? null,
            direction: detail.direction ?? null,
            transcript,
            summary: detail.summary ?? null,
            userSentiment: detail.userSentiment ?? null,
            callSuccessful: typeof detail.callSuccessful === 'boolean' ? detail.callSuccessful : null,
          },
        };
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
  return transcript.map((t) => ({ role: t.role === 'agent' ? 'agent' : 'user', content: t.content }));
}
