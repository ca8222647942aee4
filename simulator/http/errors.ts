import type { z } from 'zod';

/** One FastAPI validation item: `{loc, msg, type}`. */
export interface ValidationItem {
  loc: (string | number)[];
  msg: string;
  type: string;
}

/**
 * A failure a route answers with, in the API's error shape (spec §1.7): both FastAPI's `detail` and
 * the documented `error` envelope, so every known reader finds its message.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    message: string,
    readonly code: string = defaultCode(status),
    readonly headers: Record<string, string> = {},
    readonly validation: ValidationItem[] | null = null,
  ) {
    super(message);
  }

  body(): Record<string, unknown> {
    return {
      detail: this.validation ?? this.message,
      error: {
        message: this.message,
        code: this.code,
        type: errorType(this.status),
        details: (this.validation ?? []).map((item) => ({
          field: item.loc.slice(1).join('.'),
          message: item.msg,
          type: item.type,
        })),
      },
    };
  }
}

function defaultCode(status: number): string {
  switch (status) {
    case 400:
      return 'BAD_REQUEST';
    case 401:
      return 'UNAUTHORIZED';
    case 402:
      return 'INSUFFICIENT_BALANCE';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 409:
      return 'CONFLICT';
    case 422:
      return 'VALIDATION_ERROR';
    case 429:
      return 'RATE_LIMIT_EXCEEDED';
    case 502:
      return 'CARRIER_ERROR';
    default:
      return status >= 500 ? 'INTERNAL_ERROR' : 'ERROR';
  }
}

function errorType(status: number): string {
  if (status === 422 || status === 400) return 'validation_error';
  if (status === 429) return 'rate_limit_error';
  if (status === 401) return 'authentication_error';
  if (status === 404) return 'not_found_error';
  if (status >= 500) return 'api_error';
  return 'invalid_request_error';
}

/** Maps zod's issue codes onto the pydantic error types FastAPI clients know. */
function pydanticType(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'missing' : `${issue.expected}_type`;
    case 'too_small':
      return issue.origin === 'string' ? 'string_too_short' : 'greater_than_equal';
    case 'too_big':
      return issue.origin === 'string' ? 'string_too_long' : 'less_than_equal';
    case 'invalid_format':
      return 'string_pattern_mismatch';
    case 'invalid_value':
      return 'enum';
    default:
      return 'value_error';
  }
}

/** A 422 in FastAPI's shape from zod issues; `where` is `body` or `query`. */
export function validationError(where: 'body' | 'query', issues: readonly z.core.$ZodIssue[]): ApiError {
  const items = issues.map((issue) => ({
    loc: [where, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
    msg: issue.input === undefined && issue.code === 'invalid_type' ? 'Field required' : issue.message,
    type: pydanticType(issue),
  }));
  const first = items[0];
  const message = first ? `${first.loc.slice(1).join('.') || where}: ${first.msg}` : 'Invalid request';
  return new ApiError(422, message, 'VALIDATION_ERROR', {}, items);
}

export const notFound = (what: string) => new ApiError(404, `${what} not found`, 'NOT_FOUND');
