/**
 * The words of a missed-call callback: the call script and the SMS texts to the owner and the caller.
 * Pure and deterministic (workflow code uses it); reading what people said happens in activities
 * (outcome/callback-summary.ts, outcome/inbound-call.ts).
 */
import { SMS_BODY_MAX_CHARS } from '../../common/sms-consent';
import type { CallbackSummary } from '../../outcome/callback-summary';
import type { InboundCallReading } from '../../outcome/inbound-call';
import type { CallRecord } from '../types';
import type { MissedCallSettings } from './types';

/** Relayed caller replies per callback: a bound, so a chatty caller cannot fill the owner's phone. */
export const MAX_RELAYED_REPLIES = 20;

export interface CallbackScript {
  systemPrompt: string;
  initialGreeting: string;
  variables: Record<string, string>;
}

/** The callback agent's instructions: say who is calling, and ask what they needed. */
export function callbackScript(settings: MissedCallSettings, misses: number): CallbackScript {
  const variables = { business: settings.businessName, missed_calls: String(misses) };
  const systemPrompt =
    settings.prompt ??
    [
      'You are calling on behalf of {{business}} to return a missed call: this person called {{business}} and nobody could answer.',
      'Say that you are calling from {{business}} about their missed call, and ask what they needed.',
      'Ask their name, what they need, how urgent it is, and the best time for {{business}} to reach them.',
      'If they ask not to be called again, apologise, say you will not call again, and end the call.',
      'Keep it short and friendly. Do not promise anything on behalf of {{business}}.',
    ].join(' ');
  const initialGreeting = `Hi, this is ${settings.businessName} returning your call. Sorry we missed you — what can we help you with?`;
  return { systemPrompt, initialGreeting, variables };
}

const quote = (lines: { text: string }[]) =>
  lines
    .slice(0, 3)
    .map((l) => `"${l.text.length > 120 ? `${l.text.slice(0, 117)}…` : l.text}"`)
    .join(' ');

export const missedCallSms = {
  /** To the owner, after a callback reached the caller. */
  ownerSummary: (caller: string, s: CallbackSummary) =>
    [
      `Callback to ${caller}${s.name ? ` (${s.name})` : ''}:`,
      s.askedNotToCall ? 'they asked not to be called again.' : `wants ${s.want ?? 'not said'}.`,
      `Urgency: ${s.urgency}.`,
      `Best time: ${s.bestTime ?? 'not said'}.`,
      s.evidence.length > 0 ? `They said: ${quote(s.evidence)}` : '',
    ]
      .filter(Boolean)
      .join(' '),
  /** To the caller, after every callback attempt went unanswered. */
  sorryWeMissedYou: (settings: MissedCallSettings) =>
    `Sorry we missed your call to ${settings.businessName} — reply here or call back.`,
  /** To the owner: the caller's reply to that text. */
  relayedReply: (caller: string, body: string) =>
    `Reply from ${caller} (missed call): ${body}`.slice(0, SMS_BODY_MAX_CHARS),
  /** To the owner: an answered inbound call worth knowing about (triage). */
  triage: (call: CallRecord, reading: InboundCallReading) =>
    [
      `Call from ${call.from ?? 'an unknown number'} (answered by your agent):`,
      call.summary ?? (reading.evidence.length > 0 ? quote(reading.evidence) : reading.reason),
      reading.kind === 'callback_requested' ? 'They asked for a callback.' : '',
    ]
      .filter(Boolean)
      .join(' '),
};
