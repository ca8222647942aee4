/**
 * `campaign start --at | --cron [--cron-timezone] | --every [--overlap]` → a checked plan for a Temporal
 * Schedule. Pure (no I/O): every problem is refused here, naming its flag, before anything is stored.
 */
import { randomUUID } from 'node:crypto';
import { MONTHS, ScheduleOverlapPolicy, type ScheduleSpec } from '@temporalio/client';
import { wallClockAt, zonedEpochMs } from '../../common/zoned-time';
import type { ScheduledCampaignDeadline } from '../../workflows/campaign/scheduled';
import { UsageError } from '../commands/shared';
import { DEFAULT_DEADLINE_MS } from '../operations/campaign-definition';
import { cronCalendar, nextCronTimes, parseCron } from './cron';

/** The schedule flags of `campaign start`, as commander names them (`--cron-timezone` → `cronTimezone`). */
export interface CampaignScheduleFlags {
  at?: string | undefined;
  cron?: string | undefined;
  cronTimezone?: string | undefined;
  every?: string | undefined;
  overlap?: string | undefined;
  deadline?: string | undefined;
  id?: string | undefined;
}

/** What a run still going does to the next firing. `skip` (default): it is not started. */
export const CAMPAIGN_OVERLAPS = {
  skip: ScheduleOverlapPolicy.SKIP,
  'buffer-one': ScheduleOverlapPolicy.BUFFER_ONE,
  'allow-all': ScheduleOverlapPolicy.ALLOW_ALL,
} as const;
export type CampaignOverlap = keyof typeof CAMPAIGN_OVERLAPS;

/** Recurring campaigns call the same list again: more often than hourly would be a robocaller. */
export const MIN_EVERY_MS = 3_600_000;
/** A firing missed while Temporal was down is still taken this late (never later than the next one). */
const MAX_CATCHUP_MS = 86_400_000;
/** Temporal's own floor for a catch-up window. */
const MIN_CATCHUP_MS = 10_000;
/** A recurring schedule's pages are kept this long; deleting the schedule shortens it. */
export const RECURRING_PAGES_KEEP_MS = 10 * 365 * 86_400_000;
/** Pages outlive the last run's deadline by this much, for its results (as for a one-off campaign). */
export const PAGES_KEEP_AFTER_LAST_RUN_MS = 30 * 86_400_000;
/** A schedule's name leaves room for `-<fire time>` (17 characters) inside an 80-character campaign id. */
const SCHEDULE_NAME = /^[A-Za-z0-9._-]{1,60}$/;

/** A checked campaign schedule, ready for `client.schedule.create`. */
export interface CampaignSchedulePlan {
  name: string;
  kind: 'once' | 'cron' | 'every';
  /** What the operator asked for, as they wrote it (`cron 0 9 * * mon-fri America/New_York`). */
  description: string;
  spec: ScheduleSpec;
  overlap: CampaignOverlap;
  catchupWindowMs: number;
  /** `--every` without `--at`: the first run starts at once. */
  triggerImmediately: boolean;
  /** `--at`: one action. */
  remainingActions?: number;
  deadline: ScheduledCampaignDeadline;
  /** The first fire times from now (the dry run shows three). */
  nextFireTimesMs: number[];
  /** Until when the stored contacts are kept. */
  keepPagesUntilMs: number;
}

function refuse(flag: string, message: string): never {
  throw new UsageError(`--${flag}: ${message} (nothing was stored or called).`);
}

function checkZone(flag: string, zone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    refuse(flag, `"${zone}" is not an IANA time zone (e.g. America/New_York, UTC)`);
  }
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const LOCAL_WITH_ZONE = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})\s+(\S+)$/;

/**
 * `--at`: an ISO instant with its offset (`2026-12-07T09:00:00Z`, `…T09:00-05:00`) or a local time
 * and a zone (`2026-12-07T09:00 America/New_York`). Must lie in the future.
 */
export function parseAt(spec: string, nowMs: number): number {
  let at: number;
  const local = LOCAL_WITH_ZONE.exec(spec.trim());
  if (ISO_INSTANT.test(spec.trim())) at = Date.parse(spec.trim());
  else if (local) {
    const [, date, time, zone] = local as unknown as [string, string, string, string];
    checkZone('at', zone);
    at = zonedEpochMs(date, time, zone);
    const wall = wallClockAt(at, zone);
    if (wall.date !== date || wall.time !== time)
      refuse('at', `${date} ${time} does not exist in ${zone} (a daylight-saving change skips it)`);
  } else
    refuse(
      'at',
      `"${spec}" is neither an ISO instant with its offset (2026-12-07T09:00:00Z) nor a local time with a zone (2026-12-07T09:00 America/New_York)`,
    );
  if (Number.isNaN(at)) refuse('at', `"${spec}" is not a real date and time`);
  if (at <= nowMs)
    refuse('at', `${new Date(at).toISOString()} has passed (it is ${new Date(nowMs).toISOString()})`);
  return at;
}

const EVERY_UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `--every 1d|12h|90m` → milliseconds, at least `minEveryMs`. */
export function parseEvery(spec: string, minEveryMs: number): number {
  const match = /^(\d+)([smhd])$/.exec(spec.trim());
  if (!match) refuse('every', `"${spec}" is not an interval (use e.g. 1d, 12h, 90m)`);
  const ms = Number(match[1]) * EVERY_UNITS[match[2]!]!;
  if (ms < minEveryMs)
    refuse(
      'every',
      `${spec} is more often than the minimum of ${minEveryMs / 60_000} minutes (each run calls the whole list again)`,
    );
  return ms;
}

/** The deadline flag of a scheduled campaign: a span after each run starts, or (with `--at`) an instant. */
function parseScheduledDeadline(
  spec: string | undefined,
  recurring: boolean,
  firstRunMs: number,
  defaultMs: number,
): ScheduledCampaignDeadline {
  if (spec === undefined) return { afterStartMs: defaultMs };
  const span = /^(\d+)([mhd])$/.exec(spec.trim());
  if (span) {
    const ms = Number(span[1]) * EVERY_UNITS[span[2]!]!;
    if (ms <= 0) refuse('deadline', 'give a span of at least 1 minute (e.g. 8h)');
    return { afterStartMs: ms };
  }
  if (recurring)
    refuse(
      'deadline',
      `"${spec}": a recurring schedule takes a span after each run starts (e.g. 8h), not an instant`,
    );
  if (!ISO_INSTANT.test(spec.trim()))
    refuse('deadline', `"${spec}" is neither a span (8h, 2d) nor an ISO instant with its offset`);
  const at = Date.parse(spec.trim());
  if (!(at > firstRunMs))
    refuse('deadline', `${spec} is not after the run starts (${new Date(firstRunMs).toISOString()})`);
  return { atMs: at };
}

function shortestGap(times: number[]): number {
  let gap = Number.POSITIVE_INFINITY;
  for (let i = 1; i < times.length; i += 1) gap = Math.min(gap, times[i]! - times[i - 1]!);
  return gap;
}

/** Whether any schedule flag was given (then a plan is made, or the flags refused). */
export function wantsSchedule(flags: CampaignScheduleFlags): boolean {
  return (['at', 'cron', 'every', 'cronTimezone', 'overlap'] as const).some((f) => flags[f] !== undefined);
}

/**
 * The checked plan of a scheduled campaign, or a UsageError naming the flag. `minEveryMs` is the
 * floor of `--every` (tests lower it to seconds; the CLI keeps {@link MIN_EVERY_MS}).
 *
 * @example
 * schedulePlanFromFlags({ cron: '0 9 * * mon', cronTimezone: 'America/Chicago', deadline: '8h' }, Date.now());
 */
export function schedulePlanFromFlags(
  flags: CampaignScheduleFlags,
  nowMs: number,
  options: { minEveryMs?: number } = {},
): CampaignSchedulePlan {
  const { at, cron, every } = flags;
  if (at !== undefined && cron !== undefined)
    refuse('at', 'give --at or --cron, not both (--at with --every sets the first run)');
  if (cron !== undefined && every !== undefined) refuse('cron', 'give --cron or --every, not both');
  if (flags.cronTimezone !== undefined && cron === undefined)
    refuse('cron-timezone', 'goes with --cron (the zone its hours are read in)');
  if (at === undefined && cron === undefined && every === undefined)
    refuse(
      flags.cronTimezone !== undefined ? 'cron-timezone' : 'overlap',
      'goes with --at, --cron or --every',
    );
  const name = flags.id ?? `s-${new Date(nowMs).toISOString().slice(0, 10)}-${randomUUID().slice(0, 8)}`;
  if (!SCHEDULE_NAME.test(name))
    refuse('id', `"${name}": a schedule's name is 1–60 letters, digits, dots, dashes or underscores`);
  const overlapText = flags.overlap ?? 'skip';
  if (!(overlapText in CAMPAIGN_OVERLAPS))
    refuse('overlap', `"${overlapText}" is not one of ${Object.keys(CAMPAIGN_OVERLAPS).join(', ')}`);
  const overlap = overlapText as CampaignOverlap;
  const atMs = at !== undefined ? parseAt(at, nowMs) : undefined;

  let plan: Omit<CampaignSchedulePlan, 'deadline' | 'keepPagesUntilMs' | 'catchupWindowMs'>;
  if (cron !== undefined) {
    const zone = flags.cronTimezone ?? 'UTC';
    checkZone('cron-timezone', zone);
    let fields;
    try {
      fields = parseCron(cron);
    } catch (err) {
      refuse('cron', (err as Error).message);
    }
    const next = nextCronTimes(fields, zone, nowMs, 10);
    if (next.length === 0) refuse('cron', `"${cron}" never fires (no such date)`);
    plan = {
      name,
      kind: 'cron',
      description: `cron "${cron}" (${zone})`,
      spec: { calendars: [cronCalendar(fields, cron)], timezone: zone },
      overlap,
      triggerImmediately: false,
      nextFireTimesMs: next,
    };
  } else if (every !== undefined) {
    const everyMs = parseEvery(every, options.minEveryMs ?? MIN_EVERY_MS);
    // Temporal fires an interval at offset + n·every since the epoch: the phase is the first run's time.
    const firstMs = atMs ?? Math.floor(nowMs / 1000) * 1000;
    const next = Array.from({ length: 10 }, (_, i) => firstMs + i * everyMs);
    plan = {
      name,
      kind: 'every',
      description: `every ${every}${atMs !== undefined ? ` from ${new Date(atMs).toISOString()}` : ''}`,
      spec: {
        intervals: [{ every: everyMs, offset: firstMs % everyMs }],
        ...(atMs !== undefined ? { startAt: new Date(atMs) } : {}),
      },
      overlap,
      triggerImmediately: atMs === undefined,
      nextFireTimesMs: next,
    };
  } else {
    const when = new Date(atMs!);
    plan = {
      name,
      kind: 'once',
      description: `once at ${when.toISOString()}`,
      spec: {
        calendars: [
          {
            year: when.getUTCFullYear(),
            month: MONTHS[when.getUTCMonth()]!,
            dayOfMonth: when.getUTCDate(),
            hour: when.getUTCHours(),
            minute: when.getUTCMinutes(),
            second: when.getUTCSeconds(),
          },
        ],
        timezone: 'UTC',
      },
      overlap,
      triggerImmediately: false,
      remainingActions: 1,
      nextFireTimesMs: [Math.floor(atMs! / 1000) * 1000],
    };
  }
  const recurring = plan.kind !== 'once';
  const gap = recurring ? shortestGap(plan.nextFireTimesMs) : Number.POSITIVE_INFINITY;
  // By default a run stops dialling before the next one is due (at most the one-off default of 14 days).
  const deadline = parseScheduledDeadline(
    flags.deadline,
    recurring,
    plan.nextFireTimesMs[0]!,
    Math.min(DEFAULT_DEADLINE_MS, gap),
  );
  const runSpanMs = 'atMs' in deadline ? deadline.atMs - plan.nextFireTimesMs[0]! : deadline.afterStartMs;
  return {
    ...plan,
    nextFireTimesMs: plan.nextFireTimesMs.slice(0, 3),
    deadline,
    catchupWindowMs: Math.max(MIN_CATCHUP_MS, Math.min(MAX_CATCHUP_MS, gap)),
    keepPagesUntilMs: recurring
      ? nowMs + RECURRING_PAGES_KEEP_MS
      : plan.nextFireTimesMs[0]! + runSpanMs + PAGES_KEEP_AFTER_LAST_RUN_MS,
  };
}
