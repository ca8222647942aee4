/**
 * Validation of a reservation request. The CLI checks with it before starting anything, and the workflow
 * checks again first thing (a request can come from any client), so bad input fails before any call or SMS.
 */
import { z } from 'zod';
import { assertDialable, timeZoneForNumber, toE164 } from '../agentphone/phone';
import { zonedEpochMs } from '../common/zoned-time';
import { DEFAULT_RESERVATION_POLICY, type ReservationRequest, type Restaurant } from './reservation-types';

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

/**
 * Checks a request; problems are "field: what is wrong" lines a person can act on. Given `nowMs`, a
 * table time that has already passed is a problem too.
 */
export function validateReservationRequest(
  input: unknown,
  nowMs?: number,
): { ok: true; value: ReservationRequest } | { ok: false; problems: string[] } {
  const result = ReservationRequestSchema.safeParse(input);
  if (!result.success) {
    return {
      ok: false,
      problems: result.error.issues.map((i) => `${i.path.join('.') || '(request)'}: ${i.message}`),
    };
  }
  const passed = nowMs === undefined ? undefined : passedTimeProblem(result.data, nowMs);
  return passed ? { ok: false, problems: [passed] } : { ok: true, value: result.data };
}

export function policyOf(request: ReservationRequest) {
  return { ...DEFAULT_RESERVATION_POLICY, ...request.policy };
}

/** Where an area code tells nothing (toll-free), the table time is read on Eastern time. */
const FALLBACK_TIME_ZONE = 'America/New_York';

/**
 * When the table is wanted, as an instant: the request's date and time on the restaurant's wall clock
 * (its zone from the area code; the first restaurant unless another is named).
 */
export function tableTime(
  request: ReservationRequest,
  restaurant: Restaurant | undefined = request.restaurants[0],
): { epochMs: number; timeZone: string } {
  const timeZone = (restaurant && timeZoneForNumber(restaurant.phone)) ?? FALLBACK_TIME_ZONE;
  return { epochMs: zonedEpochMs(request.date, request.time, timeZone), timeZone };
}

/** A problem line when the table time is not in the future at `nowMs`, else undefined. */
function passedTimeProblem(request: ReservationRequest, nowMs: number): string | undefined {
  const { epochMs, timeZone } = tableTime(request);
  return epochMs <= nowMs
    ? `date/time: ${request.date} ${request.time} (${timeZone}) has already passed`
    : undefined;
}
