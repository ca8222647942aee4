/**
 * Validation of the missed-call settings: the CLI checks flags with it before writing anything, and
 * the inbound-call activity re-checks what it reads from the agent's settings. Not workflow code (zod,
 * phone metadata, Intl time zones).
 */
import { z } from 'zod';
import { DialablePhoneSchema } from '../reservation/input';
import type { MissedCallSettings } from './types';

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
const HH_MM_OR_MIDNIGHT = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const MissedCallSettingsSchema = z.object({
  delayMinutes: z
    .number()
    .min(0, 'use 0 or more minutes')
    .max(24 * 60, 'at most 1440 minutes (a day)'),
  hours: z
    .object({
      start: z.string().regex(HH_MM, 'use HH:MM-HH:MM, e.g. 09:00-18:00'),
      end: z.string().regex(HH_MM_OR_MIDNIGHT, 'use HH:MM-HH:MM, e.g. 09:00-18:00'),
    })
    .refine((h) => h.start < h.end, 'the hours must start before they end, e.g. 09:00-18:00'),
  days: z.array(z.number().int().min(0).max(6)).min(1, 'name at least one day, e.g. mon-fri'),
  timeZone: z.string().refine(isTimeZone, 'not an IANA time zone, e.g. America/New_York'),
  notifyNumber: DialablePhoneSchema,
  businessName: z.string().trim().min(1).max(80),
  prompt: z.string().trim().min(1).max(4000).nullable(),
  maxAttempts: z.number().int().min(1, 'at least 1').max(5, 'at most 5'),
  triage: z.enum(['every', 'messages', 'none']),
  retryAfterMinutes: z
    .number()
    .min(1)
    .max(24 * 60),
  relayRepliesForHours: z
    .number()
    .min(0)
    .max(24 * 30),
}) satisfies z.ZodType<MissedCallSettings, unknown>;

/** Checks settings; problems are "field: what is wrong" lines. */
export function validateMissedCallSettings(
  input: unknown,
): { ok: true; value: MissedCallSettings } | { ok: false; problems: string[] } {
  const parsed = MissedCallSettingsSchema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(settings)'}: ${i.message}`),
  };
}

/** "09:00-18:00" or "any" → hours; undefined when unreadable. */
export function parseHours(text: string): { start: string; end: string } | undefined {
  if (text.trim().toLowerCase() === 'any') return { start: '00:00', end: '24:00' };
  const match = /^(\d{2}:\d{2})-(\d{2}:\d{2})$/.exec(text.trim());
  return match ? { start: match[1]!, end: match[2]! } : undefined;
}

/** "mon-fri", "mon,wed,fri", "sat-sun", "any" → weekday numbers; undefined when unreadable. */
export function parseDays(text: string): number[] | undefined {
  const lower = text.trim().toLowerCase();
  if (lower === 'any' || lower === 'all') return [0, 1, 2, 3, 4, 5, 6];
  const days = new Set<number>();
  for (const part of lower.split(',')) {
    const [from, to] = part.split('-').map((d) => DAY_NAMES.indexOf(d.trim().slice(0, 3) as never));
    if (from === undefined || from < 0 || (to !== undefined && to < 0)) return undefined;
    if (to === undefined) days.add(from);
    else
      for (let d = from; ; d = (d + 1) % 7) {
        days.add(d);
        if (d === to) break;
      }
  }
  return [...days].sort((a, b) => a - b);
}
