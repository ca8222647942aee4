/**
 * Dates for tests that go through reservation validation, which refuses a table time in the past:
 * computed from today so no test turns into a time bomb.
 */

/** YYYY-MM-DD, `days` after today (UTC). */
export function daysFromNow(days: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days))
    .toISOString()
    .slice(0, 10);
}
