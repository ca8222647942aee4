/**
 * Checks of the values `update` may change while a campaign runs. Plain code (no zod), so the update
 * validators run them inside the workflow and a bad value is refused before it reaches history.
 */
import type { CampaignChange } from '../messages';
import { budgetProblem } from './budget';
import type { CampaignWindow } from './types';

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
export const MAX_CAMPAIGN_CONCURRENCY = 100;

/** The first problem of a window, or undefined. */
export function windowProblem(w: CampaignWindow | undefined): string | undefined {
  if (!w || typeof w !== 'object') return 'window: give {start, end, days}';
  if (!HH_MM.test(w.start) || !HH_MM.test(w.end)) return 'window: use 24-hour HH:MM, e.g. 09:00-20:00';
  if (w.start >= w.end) return 'window: it must start before it ends';
  if (w.start < '08:00' || w.end > '21:00') return 'window: calls are only made between 08:00 and 21:00';
  if (
    !Array.isArray(w.days) ||
    w.days.length === 0 ||
    w.days.some((d) => !Number.isInteger(d) || d < 0 || d > 6)
  )
    return 'window.days: give one or more weekdays, 0 (Sunday) to 6 (Saturday)';
  return undefined;
}

/** Throws naming the first bad field of a change (the update's validator). */
export function assertValidChange(change: CampaignChange, nowMs: number): void {
  if (!change || typeof change !== 'object')
    throw new Error('give at least one of concurrency, window, deadlineMs, budget');
  const { concurrency, window, deadlineMs, budget } = change;
  if (concurrency === undefined && window === undefined && deadlineMs === undefined && budget === undefined)
    throw new Error('give at least one of concurrency, window, deadlineMs, budget');
  if (
    concurrency !== undefined &&
    (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CAMPAIGN_CONCURRENCY)
  )
    throw new Error(`concurrency: a whole number from 1 to ${MAX_CAMPAIGN_CONCURRENCY}`);
  if (window !== undefined) {
    const problem = windowProblem(window);
    if (problem) throw new Error(problem);
  }
  if (deadlineMs !== undefined && (!Number.isFinite(deadlineMs) || deadlineMs <= nowMs))
    throw new Error('deadlineMs: an instant in the future');
  if (budget !== undefined) {
    const problem = budgetProblem(budget);
    if (problem) throw new Error(problem);
  }
}
