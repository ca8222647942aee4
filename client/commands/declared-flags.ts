/**
 * Reads a command's flags through its own commander declaration without running it: for checks that
 * tests and other modules call synchronously (`reservationFromFlags(argv)`, `mcpOptionsFromFlags(argv)`),
 * so what they see is exactly what `ringflow <command>` parses — one declaration, no second parser.
 */
import { CommanderError } from '@commander-js/extra-typings';
import { ringflowCommand, type AnyCommand, type CommandDeclaration, type ExitCodeSink } from './command-kit';
import { UsageError } from './shared';

/**
 * The arguments commander would hand the action of `declare` for `argv` (for a command with options
 * only: `[flags, command]`). A parse error (unknown option, missing value) is a UsageError naming it;
 * `--help` is refused too, since a check cannot print help.
 */
export function declaredActionArgs(argv: readonly string[], declare: CommandDeclaration): unknown[] {
  let captured: unknown[] | undefined;
  // Keeps the arguments instead of running the action; commander's sync parse needs nothing awaited.
  const capture: ExitCodeSink =
    () =>
    (...args) => {
      captured = args;
      return Promise.resolve();
    };
  const command = declare(capture) as AnyCommand;
  const root = ringflowCommand('ringflow', 'durable phone workflows for AgentPhone').addCommand(command);
  try {
    root.parse([command.name(), ...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError)
      throw new UsageError(
        `${err.message.replace(/^error: /, '')}\n(see \`ringflow ${command.name()} --help\`)`,
      );
    throw err;
  }
  if (!captured) throw new UsageError(`(see \`ringflow ${command.name()} --help\`)`);
  return captured;
}
