/**
 * What `ringflow campaign watch` shows of a campaign's status: the progress bar's fields, the line
 * written when stdout is not a terminal, when such a line is due, and the exit code a final state
 * gives. Pure: the loop in `watch.ts` polls and writes.
 */
import type { CampaignRunState, CampaignStatus } from '../../workflows/campaign/types';

/** Exit codes of `campaign watch`. */
export const WatchExit = {
  completed: 0,
  /** The status could not be read (Temporal unreachable; an unknown id is refused before, exit 2). */
  unreadable: 1,
  cancelled: 3,
  /** Ctrl-C: the watcher stopped, the campaign did not. */
  interrupted: 130,
} as const;
export type WatchExit = (typeof WatchExit)[keyof typeof WatchExit];

/** The exit code a campaign in `state` ends the watch with, or null while there is more to watch. */
export function watchExitCode(state: CampaignRunState): WatchExit | null {
  if (state === 'completed') return WatchExit.completed;
  if (state === 'cancelled') return WatchExit.cancelled;
  return null;
}

/** "answered 30, no answer 10" — counts in a stable order (largest first, then by name). */
export function countsText(counts: Record<string, number>): string {
  const entries = Object.entries(counts).filter(([, n]) => n > 0);
  if (entries.length === 0) return 'none yet';
  entries.sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  return entries.map(([k, n]) => `${k.replaceAll('_', ' ')} ${n}`).join(', ');
}

/** "1h 05m", "3m 20s", "45s"; "unknown" before the first result gives a rate. */
export function etaText(etaMs: number | null): string {
  if (etaMs === null) return 'unknown';
  const s = Math.max(0, Math.round(etaMs / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** The progress bar's line: `{bar}` and `{value}/{total}` come from cli-progress, the rest from here. */
export const WATCH_BAR_FORMAT =
  '{campaign} {state} [{bar}] {value}/{total} done | {states} | answers: {answers} | {attempts} calls | ETA {etaText}';

/** The payload of {@link WATCH_BAR_FORMAT} for one status. */
export function barPayload(s: CampaignStatus) {
  return {
    campaign: s.campaignId,
    state: s.state,
    states: countsText(s.byState),
    answers: countsText(s.byAnswer),
    attempts: s.attempts,
    etaText: etaText(s.etaMs),
  };
}

/** The part of a status line that counts as a change (the ETA moves on every poll, so it does not). */
export function progressText(s: CampaignStatus): string {
  const pct = s.total === 0 ? 100 : Math.floor((s.done / s.total) * 100);
  return (
    `campaign ${s.campaignId} ${s.state}: ${s.done}/${s.total} done (${pct}%), ${s.active} in progress, ` +
    `${s.pending} waiting; results: ${countsText(s.byState)}; answers: ${countsText(s.byAnswer)}; ` +
    `${s.attempts} calls`
  );
}

/** One line of the non-terminal output. */
export function statusLine(s: CampaignStatus): string {
  return watchExitCode(s.state) === null ? `${progressText(s)}; ETA ${etaText(s.etaMs)}` : progressText(s);
}

/**
 * Decides which statuses become lines when stdout is not a terminal: the first, then one per change
 * at most every `minIntervalMs` (a change held back is written once the interval has passed, even if
 * nothing changed since), and always the final one.
 */
export class StatusLines {
  private lastWritten: string | undefined;
  private lastAtMs = -Infinity;

  constructor(private readonly minIntervalMs: number) {}

  /** The line to write for `s` seen at `nowMs`, or null when nothing is due. */
  next(s: CampaignStatus, nowMs: number): string | null {
    const key = progressText(s);
    if (key === this.lastWritten) return null;
    const final = watchExitCode(s.state) !== null;
    if (!final && nowMs - this.lastAtMs < this.minIntervalMs) return null;
    this.lastWritten = key;
    this.lastAtMs = nowMs;
    return statusLine(s);
  }
}
