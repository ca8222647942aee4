import { z } from 'zod';

import { withAnalysis, type Persona } from './types';

/** Callees that never get as far as a conversation: no answer, busy, voicemail, early hang-up, invalid. */
export const SimpleOptionsSchema = z.object({
  /** How long the phone rings first (simulated seconds). */
  ringSeconds: z.number().int().min(0).max(120).optional(),
  analysis: z.boolean().optional(),
});

const unanswered =
  (
    reason: 'dial_no_answer' | 'dial_busy' | 'invalid_destination',
    defaultRing: number,
    summary: string,
  ): Persona =>
  (_ctx, rawOptions) => {
    const options = SimpleOptionsSchema.parse(rawOptions);
    return withAnalysis(
      {
        status: 'failed',
        disconnectionReason: reason,
        ringSeconds: options.ringSeconds ?? defaultRing,
        lines: [],
        summary,
        userSentiment: null,
        callSuccessful: false,
      },
      options.analysis,
    );
  };

export const noAnswer = unanswered('dial_no_answer', 30, 'Nobody answered the call.');
export const busy = unanswered('dial_busy', 3, 'The line was busy.');
export const invalid = unanswered('invalid_destination', 1, 'The number could not be reached.');

/**
 * A message the call's prompt asks to leave on voicemail, between `<<<` and `>>>` after "Voicemail
 * message:" (its `{{variables}}` already filled, as for the rest of the prompt); `''` when the prompt
 * says to hang up on voicemail; undefined when the prompt says nothing about voicemail.
 */
export function voicemailFromPrompt(prompt: string | null): string | undefined {
  if (!prompt) return undefined;
  const asked = /Voicemail message:\n<<<\n([\s\S]*?)\n>>>/.exec(prompt);
  if (asked) return asked[1]!.trim();
  return /voicemail[^.\n]*hang up[^.\n]*without leaving a message/i.test(prompt) ? '' : undefined;
}

/**
 * Voicemail answers; the agent leaves the message its call's prompt gives (as a hosted LLM would),
 * else its agent's `voicemailMessage` (spec §9), or hangs up silently without one (or when the prompt
 * says to).
 */
export const voicemail: Persona = (ctx, rawOptions) => {
  const options = SimpleOptionsSchema.parse(rawOptions);
  const message = voicemailFromPrompt(ctx.systemPrompt) ?? ctx.voicemailMessage;
  return withAnalysis(
    {
      status: 'completed',
      disconnectionReason: 'voicemail_reached',
      ringSeconds: options.ringSeconds ?? 18,
      lines: message ? [{ role: 'agent', content: message }] : [],
      durationSeconds: message ? undefined : 8,
      summary: message ? 'Reached voicemail and left a message.' : 'Reached voicemail; no message left.',
      userSentiment: 'Neutral',
      callSuccessful: false,
    },
    options.analysis,
  );
};

export const HangupOptionsSchema = SimpleOptionsSchema.extend({
  /** What they say before hanging up (default: one of a few brush-offs, seeded). */
  says: z.string().min(1).optional(),
});

/** Picks up, hears a sentence, and hangs up. */
export const hangupEarly: Persona = (ctx, rawOptions) => {
  const options = HangupOptionsSchema.parse(rawOptions);
  return withAnalysis(
    {
      status: 'completed',
      disconnectionReason: 'user_hangup',
      ringSeconds: options.ringSeconds ?? 4,
      lines: [
        { role: 'user', content: 'Hello?' },
        { role: 'agent', content: ctx.initialGreeting || `Hi, this is ${ctx.agentName}, I'm calling to—` },
        {
          role: 'user',
          content:
            options.says ??
            ctx.random.pick(["Sorry, I'm not interested.", 'Not now, sorry.', 'Wrong number.']),
        },
      ],
      summary: 'The callee hung up before the agent could explain why it called.',
      userSentiment: 'Negative',
      callSuccessful: false,
    },
    options.analysis,
  );
};
