/**
 * The CLI's exit codes, for scripts: 0 ok, 1 a failure (Temporal unreachable, a failed workflow),
 * 2 bad input (flags, arguments, files, ids or environment refused before anything happened), 3 the
 * flow ended without success (nothing booked, a suppressed number). The README lists them.
 */
export const EXIT = { ok: 0, failure: 1, badInput: 2, unsuccessful: 3 } as const;
