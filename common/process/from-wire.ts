/**
 * Wire → domain, in one place: AgentPhone's shapes (webhook events, call detail, transcripts) become the
 * small domain records that cross the workflow boundary (`workflows/types.ts`). The ingress and the
 * activities both convert here, so a call reads the same whether its webhook came or the safety net
 * fetched it. Pure functions, no I/O.
 */
import type { CallDetail, LooseCallEndedData, LooseMessageData } from '../../agentphone';
import { readReply } from '../../outcome/human-reply';
import { readOneTimeCode, smsSenderKindOf } from '../../outcome/one-time-code';
import type { CallRecord, InboundSms, TranscriptTurn } from '../../workflows/types';

/** The speaker names AgentPhone and the models behind it use for the AI side of a call. */
const AGENT_ROLES = new Set(['agent', 'assistant', 'ai', 'bot']);

function speaker(role: unknown): TranscriptTurn['role'] {
  return typeof role === 'string' && AGENT_ROLES.has(role.trim().toLowerCase()) ? 'agent' : 'user';
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** `Agent: …` / `User: …` at the start of a line of a plain-text transcript. */
const SPEAKER_PREFIX = /^\s*(agent|assistant|ai|bot|user|caller|callee|customer|human)\s*:\s*/i;

/**
 * Any transcript shape the API hands out, in spoken order: flat `{role, content}` lines (the webhook,
 * `/transcript`), paired turns `{transcript, response}` (call detail: the other party, then the agent),
 * or plain text with `Agent:` / `User:` line prefixes. Lines with nothing said are dropped; anything
 * unreadable (missing, null, another shape) is an empty transcript, never an error: a call's end must
 * reach its workflow even when its transcript cannot be read.
 *
 * @example
 * transcriptFromWire([{ transcript: 'Lovely Thai?', response: 'A table for two, please.' }]);
 * // → [{ role: 'user', content: 'Lovely Thai?' }, { role: 'agent', content: 'A table for two, please.' }]
 */
export function transcriptFromWire(wire: unknown): TranscriptTurn[] {
  if (typeof wire === 'string') {
    return wire
      .split(/\r?\n/)
      .filter((line) => line.trim())
      .map((line) => {
        const prefix = SPEAKER_PREFIX.exec(line);
        return { role: speaker(prefix?.[1]), content: line.slice(prefix?.[0].length ?? 0).trim() };
      });
  }
  if (!Array.isArray(wire)) return [];
  return wire
    .flatMap((item: unknown): TranscriptTurn[] => {
      if (typeof item !== 'object' || item === null) return [];
      const line = item as Record<string, unknown>;
      if ('role' in line) return [{ role: speaker(line.role), content: text(line.content ?? line.text) }];
      return [
        { role: 'user' as const, content: text(line.transcript) },
        { role: 'agent' as const, content: text(line.response) },
      ];
    })
    .filter((turn) => turn.content.trim() !== '');
}

/**
 * The call record of an `agent.call_ended` event, read leniently: only `callId` is required (the router
 * checks it); every other field is null when missing or unreadable, and an unknown status is kept.
 */
export function callRecordFromEvent(data: LooseCallEndedData & { callId: string }): CallRecord {
  return {
    callId: data.callId,
    // `agent.call_ended` says the call is over; without a status the transcript decides the outcome.
    status: data.status ?? 'completed',
    disconnectionReason: data.disconnectionReason ?? null,
    durationSeconds: data.durationSeconds ?? null,
    startedAt: data.startedAt ?? null,
    endedAt: data.endedAt ?? null,
    from: data.from ?? null,
    to: data.to ?? null,
    direction: data.direction ?? null,
    transcript: transcriptFromWire(data.transcript),
    summary: data.summary ?? null,
    userSentiment: data.userSentiment ?? null,
    callSuccessful: data.callSuccessful ?? null,
  };
}

/** What an inbound SMS needs besides its data: who it was sent to in ringflow, and when. */
export interface InboundSmsContext {
  agentId: string;
  /** The event's envelope `timestamp`, used when `data.receivedAt` is missing. */
  eventTimestamp?: string | undefined;
  /** When the ingress received it: the last resort for `receivedAt`. */
  receivedAt: string;
}

/**
 * The inbound SMS of a text `agent.message` event, read leniently: `messageId` and `from` are required
 * (the router checks them); the text is empty and `to` blank when missing. `from` may be a short code
 * or a sender name (a service), which the SMS then says, with any one-time code it carries.
 */
export function inboundSmsFromEvent(
  data: LooseMessageData & { messageId: string; from: string },
  context: InboundSmsContext,
): InboundSms {
  const body = data.message ?? '';
  const oneTimeCode = readOneTimeCode(body, data.from);
  const senderKind = smsSenderKindOf(data.from);
  return {
    messageId: data.messageId,
    agentId: context.agentId,
    from: data.from,
    to: data.to ?? '',
    body,
    receivedAt: data.receivedAt ?? context.eventTimestamp ?? context.receivedAt,
    // The human's words are read here, at the edge; workflows get the reading (design decision 11).
    reading: readReply(body),
    // A code is read here too, so the inbox relays it without reading words itself.
    ...(oneTimeCode ? { oneTimeCode } : {}),
    ...(senderKind !== 'number' ? { serviceSender: senderKind } : {}),
  };
}

/**
 * The call record of `GET /v1/calls/{id}` (what the safety net sees), with the transcript read
 * separately (the full `/transcript` once the call ended; empty while it is live).
 */
export function callRecordFromDetail(detail: CallDetail, transcript: TranscriptTurn[]): CallRecord {
  return {
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
  };
}
