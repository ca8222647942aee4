import assert from 'node:assert/strict';
import { UsageError } from '../../client/commands/shared';

/**
 * The message of the UsageError a command refuses `argv` with; fails the test when the command accepts
 * it or fails with anything else (a refusal must name the flag, not surface a stack trace).
 */
export async function usageRefusal(
  main: (argv: string[]) => Promise<unknown>,
  argv: string[],
): Promise<string> {
  try {
    await main(argv);
  } catch (err) {
    assert.ok(err instanceof UsageError, String(err));
    return err.message;
  }
  assert.fail('the command was accepted');
}
