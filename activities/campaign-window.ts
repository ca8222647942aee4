/**
 * When a campaign may call a contact: inside the campaign's daily window on the contact's own clock,
 * on the allowed days, never outside 08:00–21:00 — and for an area code that spans zones, only at
 * hours inside the window in every zone it covers. Pure (Intl only), but it reads tzdata, which can
 * change between deploys, so workflows ask it through a local activity and history records the answer.
 */
import { wallClockAt, zonedEpochMs } from '../common/zoned-time';
import { LEGAL_CALLING_HOURS } from '../workflows/campaign/input';
import type { CampaignWindow } from '../workflows/campaign/types';

/** An opening: calls may start from `opensAtMs` until `closesAtMs` (both instants). */
export interface CallingWindowOpening {
  opensAtMs: number;
  closesAtMs: number;
}

const DAY_MS = 86_400_000;
/** How far ahead an opening is looked for: past this, the zones have no hour in common. */
const HORIZON_MS = 15 * DAY_MS;

function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** The window clamped to the legal hours. */
function clamp(window: CampaignWindow): CampaignWindow {
  return {
    start: window.start > LEGAL_CALLING_HOURS.start ? window.start : LEGAL_CALLING_HOURS.start,
    end: window.end < LEGAL_CALLING_HOURS.end ? window.end : LEGAL_CALLING_HOURS.end,
    days: window.days,
  };
}

/** In one zone: the window that holds `atMs`, or the next one to open after it. */
function zoneOpening(atMs: number, zone: string, w: CampaignWindow): CallingWindowOpening {
  const today = wallClockAt(atMs, zone).date;
  for (let i = 0; i <= 8; i += 1) {
    const date = addDays(today, i);
    if (!w.days.includes(weekdayOf(date) as CampaignWindow['days'][number])) continue;
    const opensAtMs = zonedEpochMs(date, w.start, zone);
    const closesAtMs = zonedEpochMs(date, w.end, zone);
    if (closesAtMs > atMs) return { opensAtMs: Math.max(opensAtMs, atMs), closesAtMs };
  }
  throw new Error('the window has no day (validation lets no such window through)');
}

/**
 * The first instant at or after `afterMs` inside `window` in every one of `zones`, and when that
 * common opening closes; `null` when none opens within 15 days (zones too far apart for the window).
 *
 * @example
 * // Saturday 10:00 in New York, weekdays 09:00–20:00 → Monday 09:00 New York time
 * nextCallingWindow(Date.parse('2026-12-05T15:00:00Z'), ['America/New_York'],
 *   { start: '09:00', end: '20:00', days: [1, 2, 3, 4, 5] });
 */
export function nextCallingWindow(
  afterMs: number,
  zones: readonly string[],
  window: CampaignWindow,
): CallingWindowOpening | null {
  if (zones.length === 0) throw new Error('no time zone for the contact');
  const w = clamp(window);
  let at = afterMs;
  while (at < afterMs + HORIZON_MS) {
    const openings = zones.map((zone) => zoneOpening(at, zone, w));
    const opensAtMs = Math.max(...openings.map((o) => o.opensAtMs));
    const closesAtMs = Math.min(...openings.map((o) => o.closesAtMs));
    if (opensAtMs < closesAtMs) return { opensAtMs, closesAtMs };
    // No overlap yet: try again from the latest opening (or just after the earliest close).
    at = Math.max(opensAtMs, closesAtMs);
  }
  return null;
}

/** The window maths as a (local) activity. */
export function createCampaignWindowActivities() {
  return {
    /** {@link nextCallingWindow}, for a campaign contact's child workflow. */
    async nextCampaignWindow({
      afterMs,
      zones,
      window,
    }: {
      afterMs: number;
      zones: string[];
      window: CampaignWindow;
    }): Promise<CallingWindowOpening | null> {
      return nextCallingWindow(afterMs, zones, window);
    },
  };
}
