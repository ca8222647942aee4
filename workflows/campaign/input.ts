/**
 * Validation of a campaign definition, and the CLI's spellings of its parts (`--window 09:00-20:00`,
 * `--days mon-fri`, `--retry no-answer=3/2h,busy=2/30m`). Not workflow code (zod): the CLI checks with
 * it before anything is stored or called, and the workflow receives the checked definition.
 */
import { z } from 'zod';
import { SMS_BODY_MAX_CHARS } from '../../common/sms-consent';
import { MAX_CAMPAIGN_CONCURRENCY as MAX_CONCURRENCY } from './checks';
import { TEMPLATE_VARIABLE, renderTemplate } from './text';
import {
  RETRYABLE_OUTCOMES,
  type CampaignDefinition,
  type CampaignRetryPolicy,
  type RetryableOutcome,
  type Weekday,
} from './types';

/** Follow-up keys besides the schema's answers: an unclear answer, and the final states worth a text. */
export const FOLLOW_UP_STATES = ['unclear', 'voicemail', 'no_answer'] as const;

/** Calls are never made outside this, whatever a campaign asks (recipient's clock). */
export const LEGAL_CALLING_HOURS = { start: '08:00', end: '21:00' } as const;
export const DEFAULT_WINDOW = { start: '09:00', end: '20:00', days: [1, 2, 3, 4, 5] as Weekday[] };
export const DEFAULT_RETRY: CampaignRetryPolicy = {
  no_answer: { maxAttempts: 3, spacingMs: 2 * 3_600_000 },
  busy: { maxAttempts: 2, spacingMs: 30 * 60_000 },
  voicemail: { maxAttempts: 1, spacingMs: 24 * 3_600_000 },
  failed: { maxAttempts: 2, spacingMs: 3_600_000 },
};
export const DEFAULT_OUTCOMES = {
  question: 'Can you confirm?',
  answers: ['confirmed', 'declined', 'reschedule', 'wrong_person'],
};

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

// Rendering is workflow code too (follow-up texts are filled inside the contact's child).
export { renderTemplate };

/** The `{{names}}` a template uses. */
export function templateVariables(template: string | undefined): string[] {
  return template ? [...new Set([...template.matchAll(TEMPLATE_VARIABLE)].map((m) => m[1]!))] : [];
}

export const CampaignWindowSchema = z
  .object({
    start: z.string().regex(HH_MM, 'use 24-hour HH:MM, e.g. 09:00'),
    end: z.string().regex(HH_MM, 'use 24-hour HH:MM, e.g. 20:00'),
    days: z
      .array(z.number().int().min(0).max(6))
      .min(1, 'give at least one day, e.g. mon-fri')
      .transform((d) => [...new Set(d)].sort() as Weekday[]),
  })
  .refine((w) => w.start < w.end, 'the window must start before it ends, e.g. 09:00-20:00')
  .refine(
    (w) => w.start >= LEGAL_CALLING_HOURS.start && w.end <= LEGAL_CALLING_HOURS.end,
    'calls are only made between 08:00 and 21:00 on the recipient’s clock: keep the window inside it',
  );

const RetryRuleSchema = z.object({
  maxAttempts: z.number().int().min(1, 'at least 1 attempt').max(10, 'at most 10 attempts per outcome'),
  spacingMs: z.number().int().min(60_000, 'space retries at least 1 minute apart'),
});

export const CampaignDefinitionSchema = z
  .object({
    campaignId: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,80}$/, 'use 1–80 letters, digits, dots, dashes or underscores'),
    prompt: z.string().trim().min(1, 'the prompt is empty').max(20_000),
    greeting: z.string().trim().min(1).max(2_000).optional(),
    agentId: z.string().min(1).optional(),
    concurrency: z.number().int().min(1).max(MAX_CONCURRENCY, `at most ${MAX_CONCURRENCY} calls at once`),
    window: CampaignWindowSchema,
    retry: z.object({
      no_answer: RetryRuleSchema,
      busy: RetryRuleSchema,
      voicemail: RetryRuleSchema,
      failed: RetryRuleSchema,
    }) satisfies z.ZodType<CampaignRetryPolicy>,
    deadlineMs: z.number().int(),
    outcomes: z.object({
      question: z.string().trim().min(1).max(500),
      answers: z
        .array(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'answers are snake_case words, e.g. confirmed'))
        .min(1)
        .max(12),
    }),
    budget: z
      .object({
        minutes: z.number().positive('a positive number of call minutes, e.g. 500').optional(),
        usd: z.number().positive('a positive amount of dollars, e.g. 50').optional(),
      })
      .refine((b) => b.minutes !== undefined || b.usd !== undefined, 'give minutes and/or usd')
      .optional(),
    pricePerMinuteUsd: z
      .number()
      .positive('a positive price per call minute, e.g. 0.13')
      .max(100, 'at most $100 per minute')
      .optional(),
    voicemailMessage: z
      .string()
      .trim()
      .min(1, 'the voicemail message is empty (use --voicemail hangup to leave none)')
      .max(1_000, 'at most 1000 characters (AgentPhone’s limit for a voicemail message)')
      .optional(),
    maxCallMinutes: z
      .number()
      .positive('a positive number of minutes, e.g. 10')
      .max(240, 'at most 240 minutes')
      .optional(),
    followUps: z
      .record(
        z.string(),
        z
          .string()
          .trim()
          .min(1, 'the follow-up text is empty')
          .max(SMS_BODY_MAX_CHARS, `at most ${SMS_BODY_MAX_CHARS} characters (room for the opt-out wording)`),
      )
      .optional(),
  })
  .superRefine((d, ctx) => {
    // A follow-up is keyed by an answer of the schema, `unclear`, or a final state without an answer.
    const keys = new Set([...d.outcomes.answers, ...FOLLOW_UP_STATES]);
    for (const key of Object.keys(d.followUps ?? {}))
      if (!keys.has(key))
        ctx.addIssue({
          code: 'custom',
          path: ['followUps', key],
          message: `"${key}" is neither an answer (${d.outcomes.answers.join(', ')}) nor one of ${FOLLOW_UP_STATES.join(', ')}`,
        });
  });

/** The definition, checked; or every problem as "field: reason". */
export function checkDefinition(
  input: unknown,
): { ok: true; definition: CampaignDefinition } | { ok: false; problems: string[] } {
  const parsed = CampaignDefinitionSchema.safeParse(input);
  if (parsed.success) return { ok: true, definition: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((i) => `${i.path.join('.') || 'definition'}: ${i.message}`),
  };
}

// ── the CLI's spellings ───────────────────────────────────────────────────────────────────────────

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** `mon-fri`, `mon,wed,fri`, `sat-sun`, `fri-mon` (wraps) → weekday numbers; throws naming the problem. */
export function parseDays(spec: string): Weekday[] {
  const days = new Set<Weekday>();
  for (const part of spec.toLowerCase().split(',')) {
    const [from, to] = part
      .trim()
      .split('-')
      .map((s) => DAY_NAMES.indexOf(s.slice(0, 3)));
    if (from === undefined || from < 0 || to === -1)
      throw new Error(`"${part}" is not a day or a range of days (use e.g. mon-fri or sat,sun)`);
    const last = to ?? from;
    for (let d = from; ; d = (d + 1) % 7) {
      days.add(d as Weekday);
      if (d === last) break;
    }
  }
  return [...days].sort();
}

/** `09:00-20:00` → `{start, end}` (checked later against the legal hours). */
export function parseWindowHours(spec: string): { start: string; end: string } {
  const match = /^(\d{2}:\d{2})-(\d{2}:\d{2})$/.exec(spec.trim());
  if (!match) throw new Error(`"${spec}" is not HH:MM-HH:MM (e.g. 09:00-20:00)`);
  return { start: match[1]!, end: match[2]! };
}

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90m`, `2h`, `1d` → milliseconds. */
export function parseDuration(spec: string): number {
  const match = /^(\d+)([mhd])$/.exec(spec.trim());
  if (!match) throw new Error(`"${spec}" is not a duration (use minutes, hours or days: 30m, 2h, 1d)`);
  return Number(match[1]) * UNIT_MS[match[2]!]!;
}

/** `no-answer=3/2h,busy=2/30m` → the default policy with those outcomes replaced. */
export function parseRetry(spec: string): CampaignRetryPolicy {
  const policy: CampaignRetryPolicy = structuredClone(DEFAULT_RETRY);
  for (const part of spec.split(',')) {
    const match = /^\s*([a-z-]+)=(\d+)\/(\w+)\s*$/.exec(part);
    const outcome = match?.[1]?.replace('-', '_') as RetryableOutcome | undefined;
    if (!match || !outcome || !RETRYABLE_OUTCOMES.includes(outcome))
      throw new Error(
        `"${part}" is not outcome=attempts/spacing with an outcome of no-answer, busy, voicemail or failed (e.g. busy=2/30m)`,
      );
    policy[outcome] = { maxAttempts: Number(match[2]), spacingMs: parseDuration(match[3]!) };
  }
  return policy;
}
