import { z } from 'zod';

import { Random } from '../random';
import type { PersonaName } from './registry';

/**
 * The contacts of a campaign played at scale: who answers an unregistered number, chosen per number
 * from a seed and a proportions table. The choice depends only on (seed, number), never on call order,
 * so a run can be checked afterwards by computing each contact's persona again.
 */
export const CAMPAIGN_PERSONAS = [
  'confirm',
  'decline',
  'reschedule',
  'wrong-number',
  'stop-calling',
  'hangup-early',
  'no-answer',
  'busy',
  'voicemail',
] as const;
export type CampaignPersona = (typeof CAMPAIGN_PERSONAS)[number];

/** A run's mix: relative weights (any scale; a persona left out never answers) and an optional seed. */
export interface PersonaMix {
  proportions: Partial<Record<CampaignPersona, number>>;
  /** Seed of the per-number choice; the simulator's seed when absent. */
  seed?: number | undefined;
}

/** A mix that resembles a real appointment-confirmation campaign. */
export const DEFAULT_CAMPAIGN_MIX: Record<CampaignPersona, number> = {
  confirm: 40,
  decline: 10,
  reschedule: 8,
  'wrong-number': 4,
  'stop-calling': 3,
  'hangup-early': 5,
  'no-answer': 15,
  busy: 5,
  voicemail: 10,
};

export const PersonaMixSchema = z.object({
  proportions: z
    .partialRecord(z.enum(CAMPAIGN_PERSONAS), z.number().min(0, 'weights are 0 or more'))
    .refine(
      (p) => Object.values(p).some((w) => (w ?? 0) > 0),
      'give at least one persona a weight above 0, e.g. {"confirm": 1}',
    ),
  seed: z.number().int().optional(),
});

/** `confirm=40,decline=10,no-answer=15` (the CLI's `--personas`) → proportions; throws naming the bad part. */
export function parsePersonaProportions(spec: string): PersonaMix['proportions'] {
  const proportions: PersonaMix['proportions'] = {};
  for (const part of spec.split(',')) {
    const match = /^\s*([a-z-]+)\s*=\s*(\d+(?:\.\d+)?)\s*$/.exec(part);
    const name = match?.[1] as CampaignPersona | undefined;
    if (!match || !name || !CAMPAIGN_PERSONAS.includes(name))
      throw new Error(
        `"${part}" is not persona=weight with a persona of ${CAMPAIGN_PERSONAS.join(', ')} (e.g. confirm=40)`,
      );
    proportions[name] = Number(match[2]);
  }
  const parsed = PersonaMixSchema.shape.proportions.safeParse(proportions);
  if (!parsed.success) throw new Error(parsed.error.issues[0]!.message);
  return parsed.data;
}

/** The persona of `phoneNumber` under `mix` (`simulatorSeed` when the mix has no seed of its own). */
export function campaignPersonaOf(
  mix: PersonaMix,
  simulatorSeed: number,
  phoneNumber: string,
): CampaignPersona {
  const weighted = CAMPAIGN_PERSONAS.map((name) => [name, mix.proportions[name] ?? 0] as const).filter(
    ([, w]) => w > 0,
  );
  const sum = weighted.reduce((s, [, w]) => s + w, 0);
  // One draw per (seed, number): the hash alone is not uniform over neighbouring numbers, its first
  // mulberry32 output is.
  let point = Random.derive(mix.seed ?? simulatorSeed, 'persona-mix', phoneNumber).next() * sum;
  for (const [name, weight] of weighted) {
    if (point < weight) return name;
    point -= weight;
  }
  return weighted.at(-1)![0];
}

/** The built-in persona (and options) that plays a campaign persona. */
export const CAMPAIGN_PERSONA_CALLEES: Record<
  CampaignPersona,
  { persona: PersonaName; options: Record<string, unknown> }
> = {
  confirm: { persona: 'person', options: { answer: 'yes' } },
  decline: { persona: 'person', options: { answer: 'no' } },
  reschedule: { persona: 'person', options: { answer: 'reschedule' } },
  'wrong-number': { persona: 'person', options: { answer: 'wrong-number' } },
  'stop-calling': { persona: 'person', options: { answer: 'stop-calling' } },
  'hangup-early': { persona: 'hangup-early', options: { says: "Sorry, I'm not interested." } },
  'no-answer': { persona: 'no-answer', options: {} },
  busy: { persona: 'busy', options: {} },
  voicemail: { persona: 'voicemail', options: {} },
};
