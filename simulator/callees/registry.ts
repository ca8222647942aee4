import { z } from 'zod';

import type { CalleeRecord, ScriptedCall } from '../state';
import { person, PersonOptionsSchema } from './person';
import {
  busy,
  hangupEarly,
  HangupOptionsSchema,
  invalid,
  noAnswer,
  SimpleOptionsSchema,
  voicemail,
} from './simple';
import type { CallPlan, Persona } from './types';
import { restaurant, salon, VenueOptionsSchema } from './venue';

/** Every built-in persona by name, with the schema of its options. */
export const PERSONAS = {
  restaurant: { run: restaurant, options: VenueOptionsSchema },
  salon: { run: salon, options: VenueOptionsSchema },
  person: { run: person, options: PersonOptionsSchema },
  'no-answer': { run: noAnswer, options: SimpleOptionsSchema },
  busy: { run: busy, options: SimpleOptionsSchema },
  voicemail: { run: voicemail, options: SimpleOptionsSchema },
  'hangup-early': { run: hangupEarly, options: HangupOptionsSchema },
  invalid: { run: invalid, options: SimpleOptionsSchema },
} satisfies Record<string, { run: Persona; options: z.ZodType }>;
export type PersonaName = keyof typeof PERSONAS;
export const PERSONA_NAMES = Object.keys(PERSONAS) as PersonaName[];

/** Who answers a number nobody registered: the chatty person (says hello, answers yes). */
export const DEFAULT_PERSONA: PersonaName = 'person';

const E164 = z.string().regex(/^\+[1-9]\d{1,14}$/, 'must be an E.164 phone number');

export const ScriptedCallSchema = z.object({
  turns: z.array(z.object({ role: z.enum(['agent', 'user']), content: z.string() })),
  status: z.enum(['completed', 'failed']),
  disconnectionReason: z.string().min(1),
  durationSeconds: z.number().int().min(0),
  summary: z.string().nullish(),
  userSentiment: z.enum(['Positive', 'Neutral', 'Negative']).nullish(),
  callSuccessful: z.boolean().nullish(),
});

/** Body of `POST /_sim/callees`. */
export const CalleeRegistrationSchema = z.union([
  z.object({ phoneNumber: E164, script: ScriptedCallSchema }),
  z
    .object({
      phoneNumber: E164,
      persona: z.enum(PERSONA_NAMES as [PersonaName, ...PersonaName[]]),
      options: z.record(z.string(), z.unknown()).optional(),
    })
    .superRefine((value, ctx) => {
      const parsed = PERSONAS[value.persona].options.safeParse(value.options ?? {});
      if (!parsed.success) {
        for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: ['options', ...issue.path] });
      }
    }),
]);

export function calleeFromRegistration(body: z.infer<typeof CalleeRegistrationSchema>): CalleeRecord {
  return 'script' in body
    ? { phoneNumber: body.phoneNumber, script: body.script }
    : { phoneNumber: body.phoneNumber, persona: body.persona, options: body.options ?? {} };
}

/** A scripted call as a plan: the turns spread over exactly `durationSeconds`. */
export function scriptedPlan(script: ScriptedCall): CallPlan {
  return {
    status: script.status,
    disconnectionReason: script.disconnectionReason,
    ringSeconds: 0,
    lines: script.turns,
    durationSeconds: script.durationSeconds,
    summary: script.summary ?? null,
    userSentiment: script.userSentiment ?? null,
    callSuccessful: script.callSuccessful ?? null,
  };
}

/** The persona (and its options) for a callee record, or the default for an unregistered number. */
export function personaFor(callee: CalleeRecord | undefined): {
  name: string;
  run: Persona;
  options: Record<string, unknown>;
} {
  if (callee && 'persona' in callee && callee.persona in PERSONAS) {
    return {
      name: callee.persona,
      run: PERSONAS[callee.persona as PersonaName].run,
      options: callee.options,
    };
  }
  return { name: DEFAULT_PERSONA, run: PERSONAS[DEFAULT_PERSONA].run, options: {} };
}
