/**
 * How an operation refuses a request by its fields: one {@link FieldProblem} per bad field, carried by
 * one {@link RequestFieldError}. The operations (client/operations/) throw it with their own field
 * names; each surface renames the fields the way its callers spell them (the MCP tools in snake_case,
 * the CLI as `--flags`) and says what did not happen.
 */

/** One bad field: the field as the caller wrote it (`window`, `restaurants[0].phone`, `file`) and what is wrong. */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * A request refused before anything was done, by its bad fields. The message lists them
 * (`window: …; days: …`) for a log line; surfaces render `problems` themselves.
 *
 * @example
 * throw new RequestFieldError([{ field: 'file', message: 'cannot read it (ENOENT)' }]);
 */
export class RequestFieldError extends Error {
  override readonly name = 'RequestFieldError';
  constructor(readonly problems: FieldProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.message}`).join('; '));
  }
}

/** `read()`, with a failure turned into a RequestFieldError naming `field` (its message kept). */
export function readField<T>(field: string, read: () => T): T {
  try {
    return read();
  } catch (err) {
    throw new RequestFieldError([{ field, message: (err as Error).message }]);
  }
}
