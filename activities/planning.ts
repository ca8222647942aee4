import { nextOpening, wallClockAt } from '../common/zoned-time';
import { planReservation as plan } from '../workflows/reservation/input';
import type { CallingHours } from '../workflows/reservation/types';

/**
 * Pure computations a workflow must not make itself: they read time zones (tzdata) and phone metadata,
 * which can change between deploys. Run as local activities, their answers are recorded in history, so
 * a replay never recomputes them (design decision 11).
 */
export function createPlanningActivities() {
  return {
    /** Validates a reservation request and reads each restaurant's clock (zone, table instant). */
    async planReservation({ request, nowMs }: { request: unknown; nowMs: number }) {
      return plan(request, nowMs);
    },

    /**
     * The first instant at or after `afterMs` inside daily `hours` on `timeZone`'s wall clock, and that
     * wall-clock date and time (for telling the human when the call will be made).
     */
    async nextCallingHoursOpening({
      timeZone,
      hours,
      afterMs,
    }: {
      timeZone: string;
      hours: CallingHours;
      afterMs: number;
    }): Promise<{ opensAtMs: number; local: { date: string; time: string } }> {
      const opensAtMs = nextOpening(afterMs, timeZone, hours);
      return { opensAtMs, local: wallClockAt(opensAtMs, timeZone) };
    },
  };
}
