/** Names of the calendar, in one place for everything that speaks or reads dates (pure: workflows use it). */

export const WEEKDAY_NAMES = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;

export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** Lower-case forms, for matching what people say. */
export const WEEKDAYS_LOWER: readonly string[] = WEEKDAY_NAMES.map((d) => d.toLowerCase());
export const MONTHS_LOWER: readonly string[] = MONTH_NAMES.map((m) => m.toLowerCase());
