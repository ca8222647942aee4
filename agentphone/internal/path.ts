import { AgentPhoneError } from '../errors';

/**
 * Encodes one path parameter (an id). Ids are opaque strings, but a value like `..` or `a/b` would let
 * a caller's data steer the request to another endpoint, so those are refused before any I/O.
 */
export function encodePathParam(value: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new AgentPhoneError('Path parameter must be a non-empty string');
  }
  if (value === '.' || value === '..' || /[/\\]/.test(value) || /[\u0000-\u001f\u007f]/.test(value)) {
    throw new AgentPhoneError(`Refusing unsafe path parameter ${JSON.stringify(value)}`);
  }
  return encodeURIComponent(value);
}

/**
 * Builds a request path, passing every interpolated value through {@link encodePathParam}.
 *
 * @example
 * apiPath`/v1/agents/${agentId}/numbers/${numberId}` // '/v1/agents/agt_1/numbers/num_2'
 */
export function apiPath(strings: TemplateStringsArray, ...params: string[]): string {
  return strings.reduce((out, literal, index) => {
    const param = params[index - 1];
    return out + (param === undefined ? '' : encodePathParam(param)) + literal;
  });
}
