/**
 * Validation and planning of a reservation request. The CLI checks with it before starting anything,
 * and the workflow plans with it first thing through an activity (a request can come from any client),
 * so bad input fails before any call or SMS. Not workflow code: it reads time zones (tzdata) and phone
 * metadata, which may change between deploys, so its answer is recorded in history as an activity's.
 */
import { z } from 'zod';
import { assertDialable, timeZoneForNumber, toE164 } from '../../agentphone/phone';
import { zonedEpochMs } from '../../common/zoned-time';
import {
  type PlannedRestaurant,
  type ReservationPlan,
  type ReservationRequest,
  type Restaurant,
} from './types';

/** A phone number that is valid NANP and that AgentPhone may call or text (no 911, N11, 988). */
export const DialablePhoneSchema = z.string().transform((value, ctx) => {
  try {
    const e164 = toE164(value);
    assertDialable(e164);
    return e164;
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
    return z.NEVER;
  }
});

const isRealDate = (s: string) => {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
const HH_MM_OR_MIDNIGHT = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

export const ReservationRequestSchema = z.object({
  requestId: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,100}$/, 'use 1–100 letters, digits, dots, dashes or underscores'),
  restaurants: z
    .array(
      z.object({
        name: z.string().trim().min(1, 'give the restaurant a name').max(100),
        phone: DialablePhoneSchema,
      }),
    )
    .min(1, 'give at least one restaurant')
    .max(10, 'at most 10 restaurants per request'),
  partySize: z
    .number()
    .int('party size is a whole number')
    .min(1, 'party size is at least 1')
    .max(30, 'party size is at most 30'),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD, e.g. 2026-12-05')
    .refine(isRealDate, 'not a real calendar date'),
  time: z.string().regex(HH_MM, 'use 24-hour HH:MM, e.g. 19:30'),
  flexMinutes: z.number().int().min(0).max(240, 'flex is at most 240 minutes'),
  name: z.string().trim().min(1, 'give the name for the booking').max(100),
  notifyNumber: DialablePhoneSchema,
  agentId: z.string().min(1).optional(),
  policy: z
    .object({
      maxAttemptsPerRestaurant: z.number().int().min(1).max(10),
      retryBackoffMs: z.number().int().min(0),
      replyTimeoutMs: z.number().int().min(1_000),
      callingHours: z
        .object({
          start: z.string().regex(HH_MM, 'use 24-hour HH:MM, e.g. 10:00'),
          end: z.string().regex(HH_MM_OR_MIDNIGHT, 'use 24-hour HH:MM (or 24:00), e.g. 21:00'),
        })
        .refine((h) => h.start < h.end, 'the hours must start before they end, e.g. 10:00-21:00'),
      callChecks: z
        .object({
          firstCheckMs: z.number().int().min(1_000),
          maxIntervalMs: z.number().int().min(1_000),
          giveUpAfterMs: z.number().int().min(10_000),
        })
        .partial(),
    })
    .partial()
    .optional(),
});

export type ValidatedReservation = z.output<typeof ReservationRequestSchema>;

/** Checks a request's shape; problems are "field: what is wrong" lines a person can act on. */
export function validateReservationRequest(
  input: unknown,
): { ok: true; value: ReservationRequest } | { ok: false; problems: string[] } {
  const result = ReservationRequestSchema.safeParse(input);
  if (!result.success) {
    return {
      ok: false,
      problems: result.error.issues.map((i) => `${i.path.join('.') || '(request)'}: ${i.message}`),
    };
  }
  return { ok: true, value: result.data };
}

/** Where an area code tells nothing (toll-free), the table time is read on Eastern time. */
const FALLBACK_TIME_ZONE = 'America/New_York';

/** A restaurant's zone and the request's table time on its wall clock, as an instant. */
export function planRestaurant(request: ReservationRequest, restaurant: Restaurant): PlannedRestaurant {
  const timeZone = timeZoneForNumber(restaurant.phone) ?? FALLBACK_TIME_ZONE;
  return { ...restaurant, timeZone, tableAtMs: zonedEpochMs(request.date, request.time, timeZone) };
}

/**
 * Validates a request and plans it at `nowMs`: each restaurant with its clock. A table time that has
 * already passed at the first restaurant is a problem (fallbacks where it has passed are skipped later).
 */
export function planReservation(
  input: unknown,
  nowMs: number,
): { ok: true; plan: ReservationPlan } | { ok: false; problems: string[] } {
  const checked = validateReservationRequest(input);
  if (!checked.ok) return checked;
  const request = checked.value;
  const restaurants = request.restaurants.map((r) => planRestaurant(request, r));
  const first = restaurants[0]!;
  if (first.tableAtMs <= nowMs) {
    return {
      ok: false,
      problems: [`date/time: ${request.date} ${request.time} (${first.timeZone}) has already passed`],
    };
  }
  return { ok: true, plan: { request, restaurants } };
}
