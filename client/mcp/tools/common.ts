/** Argument schemas every tool family shares. */
import { z } from 'zod';

/**
 * The caller's key for one intent. The same request_id twice returns the first result and does nothing
 * again: it becomes the workflow id, which Temporal holds once.
 */
export const RequestIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,80}$/, 'use 1 to 80 letters, digits, ".", "_" or "-"')
  .optional()
  .describe(
    'Your key for this intent (1-80 of A-Z a-z 0-9 . _ -). Reuse it when you retry: the same request_id ' +
      'never calls or texts twice and returns the first result. Omitted: a new intent each time.',
  );

/** How long a tool may wait for a flow before returning a handle. */
export const WaitSecondsSchema = z
  .number()
  .min(0)
  .max(600)
  .default(0)
  .describe(
    'Wait up to this many seconds for the result (0: return a handle at once). Progress is reported while waiting.',
  );

/** A phone number argument as the agent gives it (checked and normalised by each tool). */
export const PhoneArgSchema = z.string().describe('A US/Canada phone number, E.164 (e.g. +14155550123)');
