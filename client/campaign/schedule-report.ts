/** What the CLI prints about a campaign schedule: the plan at `start`, and schedules at `list`. */
import type { CampaignScheduleView } from './schedule';
import type { CampaignSchedulePlan } from './schedule-flags';

function span(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000}d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${ms / 1000}s`;
}

/** The plan as JSON (`--dry-run --json`, `start --json`). */
export function schedulePlanJson(plan: CampaignSchedulePlan) {
  return {
    name: plan.name,
    kind: plan.kind,
    description: plan.description,
    overlap: plan.overlap,
    nextFireTimes: plan.nextFireTimesMs.map((t) => new Date(t).toISOString()),
    deadline:
      'atMs' in plan.deadline
        ? { at: new Date(plan.deadline.atMs).toISOString() }
        : { afterStart: span(plan.deadline.afterStartMs) },
    catchupWindow: span(plan.catchupWindowMs),
  };
}

/** The plan in a few lines: when it fires, what each run's deadline is, the overlap policy. */
export function schedulePlanLines(plan: CampaignSchedulePlan): string[] {
  const deadline =
    'atMs' in plan.deadline
      ? `no call after ${new Date(plan.deadline.atMs).toISOString()}`
      : `each run stops dialling ${span(plan.deadline.afterStartMs)} after it starts`;
  const overlap =
    plan.overlap === 'skip'
      ? 'a firing while the previous run is still going is skipped'
      : plan.overlap === 'buffer-one'
        ? 'a firing while a run is going waits for it (at most one waits)'
        : 'runs may overlap';
  return [
    `Schedule "${plan.name}": ${plan.description}; each run is campaign ${plan.name}-<fire time>.`,
    `Next fire times: ${plan.nextFireTimesMs.map((t) => new Date(t).toISOString()).join(', ')}${
      plan.triggerImmediately ? ' (the first at once)' : ''
    }.`,
    `Deadline: ${deadline}. Overlap: ${overlap}. A firing missed while Temporal is down is taken up to ${span(
      plan.catchupWindowMs,
    )} late.`,
  ];
}

/** `campaign schedules list`, human form. */
export function scheduleViewLines(view: CampaignScheduleView): string[] {
  const state = view.paused ? `paused${view.note ? ` (${view.note})` : ''}` : 'active';
  const runs = view.recentRuns.map((r) => `${r.campaignId} (fired ${r.takenAt})`);
  return [
    `${view.name}: ${view.description}, overlap ${view.overlap}, ${state}`,
    `  next: ${view.nextFireTimes.length > 0 ? view.nextFireTimes.slice(0, 3).join(', ') : 'none'}`,
    `  runs (${view.actionsTaken} fired, ${view.skippedForOverlap} skipped for overlap): ${
      runs.length > 0 ? runs.join(', ') : 'none yet'
    }`,
    ...(view.runningCampaignIds.length > 0 ? [`  running: ${view.runningCampaignIds.join(', ')}`] : []),
  ];
}
