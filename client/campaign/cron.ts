/**
 * Five-field cron expressions (`minute hour day-of-month month day-of-week`), read once here so the
 * CLI can refuse a bad one by its field, show the next fire times in a dry run, and hand Temporal the
 * very same times as a `CalendarSpec` (so the preview and the server agree by construction, rather
 * than by two parsers agreeing).
 */
import { DAYS_OF_WEEK, MONTHS, type CalendarSpec, type Range } from '@temporalio/client';
import { wallClockAt, zonedEpochMs } from '../../common/zoned-time';

/** The values each field matches, sorted (day of week: 0 = Sunday … 6 = Saturday). */
export interface CronFields {
  minute: number[];
  hour: number[];
  dayOfMonth: number[];
  month: number[];
  dayOfWeek: number[];
  /** Whether the day-of-month / day-of-week field was `*` (every day). */
  everyDayOfMonth: boolean;
  everyDayOfWeek: boolean;
}

const SHORTHANDS: Record<string, string> = {
  '@hourly': '0 * * * *',
  '@daily': '0 0 * * *',
  '@weekly': '0 0 * * 0',
  '@monthly': '0 0 1 * *',
};

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface FieldRule {
  name: string;
  min: number;
  max: number;
  names?: string[];
  /** Offset of `names[0]` (months are 1-based). */
  nameBase?: number;
}

const FIELDS: FieldRule[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES, nameBase: 1 },
  // 7 is Sunday too, as in most crons.
  { name: 'day of week', min: 0, max: 7, names: DAY_NAMES, nameBase: 0 },
];

function valueOf(text: string, rule: FieldRule): number {
  const named = rule.names?.indexOf(text.toLowerCase()) ?? -1;
  const value = named >= 0 ? named + (rule.nameBase ?? 0) : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(value) || value < rule.min || value > rule.max)
    throw new Error(`${rule.name} "${text}" is not a number from ${rule.min} to ${rule.max}`);
  return value;
}

function parseField(text: string, rule: FieldRule): number[] {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const match = /^(\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:\/(\d+))?$/.exec(part);
    if (!match) throw new Error(`${rule.name} "${part}" is not *, a value, a range a-b or a step */n`);
    const [, span, stepText] = match;
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step < 1) throw new Error(`${rule.name} "${part}": a step is 1 or more`);
    let from: number;
    let to: number;
    if (span === '*') [from, to] = [rule.min, rule.max === 7 ? 6 : rule.max];
    else {
      const [a, b] = span!.split('-');
      from = valueOf(a!, rule);
      // `a/n` means from a to the end, as in Vixie cron.
      to = b !== undefined ? valueOf(b, rule) : stepText !== undefined ? rule.max : from;
    }
    if (from > to) throw new Error(`${rule.name} "${part}": the range runs backwards`);
    for (let v = from; v <= to; v += step) values.add(rule.max === 7 ? v % 7 : v);
  }
  return [...values].sort((x, y) => x - y);
}

/**
 * Reads a cron expression; throws naming the field and the fix.
 *
 * @example
 * parseCron('0 9 * * mon-fri'); // minute [0], hour [9], weekdays [1..5]
 */
export function parseCron(expression: string): CronFields {
  const text = SHORTHANDS[expression.trim().toLowerCase()] ?? expression.trim();
  const parts = text.split(/\s+/);
  if (parts.length !== 5)
    throw new Error(
      `"${expression}" has ${parts.length} fields; use five: minute hour day-of-month month day-of-week (e.g. "0 9 * * mon-fri")`,
    );
  const [minute, hour, dayOfMonth, month, dayOfWeek] = parts.map((p, i) => parseField(p, FIELDS[i]!)) as [
    number[],
    number[],
    number[],
    number[],
    number[],
  ];
  const everyDayOfMonth = parts[2] === '*';
  const everyDayOfWeek = parts[4] === '*';
  // Classic cron ORs the two day fields when both are set, Temporal ANDs them: refuse the ambiguity.
  if (!everyDayOfMonth && !everyDayOfWeek)
    throw new Error(
      `"${expression}" restricts both the day of the month and the day of the week; keep one of them *`,
    );
  return { minute, hour, dayOfMonth, month, dayOfWeek, everyDayOfMonth, everyDayOfWeek };
}

/** Sorted values as maximal runs of consecutive values (fewer, readable ranges for the server). */
function runs(values: number[]): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const v of values) {
    const last = out.at(-1);
    if (last && last.end === v - 1) last.end = v;
    else out.push({ start: v, end: v });
  }
  return out;
}

function ranges<T>(values: number[], name: (v: number) => T): Range<T>[] {
  return runs(values).map((r) => ({ start: name(r.start), end: name(r.end), step: 1 }));
}

/** The same times as a Temporal `CalendarSpec` (second 0, every year), to run in the schedule's zone. */
export function cronCalendar(fields: CronFields, comment: string): CalendarSpec {
  return {
    second: 0,
    minute: ranges(fields.minute, (v) => v),
    hour: ranges(fields.hour, (v) => v),
    dayOfMonth: ranges(fields.dayOfMonth, (v) => v),
    month: ranges(fields.month, (v) => MONTHS[v - 1]!),
    dayOfWeek: ranges(fields.dayOfWeek, (v) => DAYS_OF_WEEK[v]!),
    year: '*',
    comment,
  };
}

const DAY_MS = 86_400_000;
/** Far enough to reach a 29 February from anywhere; a cron that matches nothing by then never fires. */
const SEARCH_DAYS = 8 * 366;

/**
 * The next `count` instants after `afterMs` that `fields` matches on the wall clock of `timeZone`.
 * A wall time that does not exist (skipped by a DST change) does not fire, as on the Temporal server;
 * one that happens twice (clocks set back) is listed once here, though the server fires both.
 */
export function nextCronTimes(
  fields: CronFields,
  timeZone: string,
  afterMs: number,
  count: number,
): number[] {
  const out: number[] = [];
  const today = wallClockAt(afterMs, timeZone).date;
  const startDay = Date.parse(`${today}T00:00:00Z`);
  for (let d = 0; d < SEARCH_DAYS && out.length < count; d += 1) {
    const day = new Date(startDay + d * DAY_MS);
    if (!fields.month.includes(day.getUTCMonth() + 1)) continue;
    if (!fields.dayOfMonth.includes(day.getUTCDate())) continue;
    if (!fields.dayOfWeek.includes(day.getUTCDay())) continue;
    const date = day.toISOString().slice(0, 10);
    for (const hour of fields.hour)
      for (const minute of fields.minute) {
        const time = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
        const at = zonedEpochMs(date, time, timeZone);
        const wall = wallClockAt(at, timeZone);
        if (at > afterMs && wall.date === date && wall.time === time && out.length < count) out.push(at);
      }
  }
  return out;
}
