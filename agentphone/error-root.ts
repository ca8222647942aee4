/**
 * The root of the AgentPhone error taxonomy, alone in a module that imports nothing, so the phone
 * guards (agentphone/phone/, which workflows bundle) can extend it without pulling in the HTTP error
 * classes, the retry maths or the response schemas of errors.ts.
 */

/**
 * Root of every error this library throws.
 *
 * @example
 * catch (e) { if (e instanceof AgentPhoneError) console.log(e.name, e.retryable); }
 */
export class AgentPhoneError extends Error {
  override readonly name: string = 'AgentPhoneError';

  /**
   * Whether repeating the same request later may succeed. False here; the errors that can be retried
   * (`APIError`, `APIConnectionError`) answer with `isRetryable` from errors.ts.
   */
  get retryable(): boolean {
    return false;
  }
}
