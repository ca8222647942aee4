import type { z } from 'zod';

import { validationError } from './errors';

/** Parses a request body with the shared request schema; a failure becomes the API's 422. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body ?? {}, { reportInput: true });
  if (!result.success) throw validationError('body', result.error.issues);
  return result.data;
}

/** Parses a query string object with the shared query schema; a failure becomes the API's 422. */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.output<S> {
  const result = schema.safeParse(query ?? {}, { reportInput: true });
  if (!result.success) throw validationError('query', result.error.issues);
  return result.data;
}
