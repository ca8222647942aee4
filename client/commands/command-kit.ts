/**
 * How every ringflow command is declared: a commander `Command` (subcommands, options with their help,
 * examples, typo suggestions) whose action resolves with the exit code. One command module exports
 * `command` (the declaration, no side effects — `ringflow completion` reads it) and
 * `main = (argv) => runCommand(argv, command)`.
 *
 * Commander is the command-line library Node's CLIs mostly use; 14.0.3 is the last line that runs on
 * Node 20. Its parse errors become a {@link UsageError} (exit 2, the message and a pointer to `--help`),
 * so a refusal looks the same whether commander or our own validation found it.
 */
import { Command, CommanderError, Option } from '@commander-js/extra-typings';
import { EXIT } from '../exit-codes';
import { UsageError } from './shared';

export { Command, Option };

/**
 * Wraps an action so the exit code it resolves with (undefined = 0) reaches {@link runCommand}:
 * commander itself discards what an action returns.
 */
export type ExitCodeSink = <A extends unknown[]>(
  action: (...args: A) => Promise<number | void> | number | void,
) => (...args: A) => Promise<void>;

/** Declares a command; `exitWith` wraps each action so its exit code is kept. */
export type CommandDeclaration = (exitWith: ExitCodeSink) => Command<never, never, never> | AnyCommand;

// Commander's typed commands differ by their arguments and options; the kit only needs the base shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommand = Command<any, any, any>;

/**
 * A new top-level command with ringflow's settings; subcommands made with `.command()` inherit them.
 * Errors are thrown (not printed and exited) so tests and the MCP server can call commands in-process.
 */
export function ringflowCommand(name: string, description: string): Command {
  return new Command(name)
    .description(description)
    .exitOverride()
    .showSuggestionAfterError(true)
    .allowExcessArguments(false)
    .configureOutput({
      // The CLI prints a UsageError once, with its own prefix; commander must not print it first.
      outputError: () => {},
    });
}

/** Appends an "Examples:" block to a command's `--help`: each entry is a command line and, optionally, why. */
export function withExamples<C extends AnyCommand>(
  command: C,
  examples: readonly (string | [string, string])[],
): C {
  const lines = examples.map((example) =>
    typeof example === 'string' ? `  $ ${example}` : `  $ ${example[0]}\n      ${example[1]}`,
  );
  command.addHelpText('after', `\nExamples:\n${lines.join('\n')}\n`);
  return command;
}

/** The `--json` flag every command has: the result as one JSON document on stdout, no colour, no spinner. */
export function jsonOption(): Option<'--json', undefined, undefined, boolean | undefined> {
  return new Option('--json', 'print the result as JSON (for scripts and AI agents)');
}

/** The highest TCP port. */
const MAX_PORT = 65_535;

/**
 * `--port <n>` as a number: digits only, 0 (any free port) to 65535; anything else is a UsageError
 * naming the flag, thrown while commander parses (so before the command does anything).
 */
export function parsePort(value: string): number {
  const port = /^\d{1,5}$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isInteger(port) || port > MAX_PORT)
    throw new UsageError(`--port: "${value}" is not a port number (0 to ${MAX_PORT}).`);
  return port;
}

/** Where a listening command listens by default, and what its help adds about each flag. */
export interface ListenDefaults {
  /** The port when --port is not given; none: --port has no default (the command decides). */
  port?: number | undefined;
  /** The address when --host is not given (default 127.0.0.1: this machine only). */
  host?: string | undefined;
  /** Appended to --port's help: "; only with --http". */
  portNote?: string | undefined;
  /** Appended to --host's help: " (0.0.0.0 behind a proxy or in a container)". */
  hostNote?: string | undefined;
}

const portOption = (d: ListenDefaults) =>
  new Option('--port <n>', `the port to listen on (0: any free port)${d.portNote ?? ''}`).argParser(
    parsePort,
  );
const hostOption = (d: ListenDefaults) =>
  new Option('--host <address>', `the address to listen on${d.hostNote ?? ''}`).default(
    d.host ?? '127.0.0.1',
  );
// Two shapes, so commander's typings know whether the action always gets a port.
const withPortDefault = (d: ListenDefaults & { port: number }) => ({
  port: portOption(d).default(d.port),
  host: hostOption(d),
});
const withoutPortDefault = (d: ListenDefaults) => ({ port: portOption(d), host: hostOption(d) });

/**
 * The `--port <n>` and `--host <address>` options of every command that listens (codec-server,
 * simulator, ingress, mcp): one help text, one validation ({@link parsePort}), each command's own
 * defaults. Add both: `.addOption(listen.port).addOption(listen.host)`; the action sees `port` as a number.
 *
 * @example
 * const listen = listenOptions({ port: 8080 });
 * ringflowCommand('ingress', '…').addOption(listen.port).addOption(listen.host);
 */
export function listenOptions(
  defaults: ListenDefaults & { port: number },
): ReturnType<typeof withPortDefault>;
export function listenOptions(
  defaults?: ListenDefaults & { port?: undefined },
): ReturnType<typeof withoutPortDefault>;
export function listenOptions(defaults: ListenDefaults = {}) {
  const { port } = defaults;
  return port === undefined ? withoutPortDefault(defaults) : withPortDefault({ ...defaults, port });
}

/**
 * Parses `argv` (the words after the command's name) with the command `declare` builds, runs the
 * chosen action and resolves with its exit code. `--help` prints and resolves 0; a parse error (unknown
 * option, missing argument, unknown subcommand — with commander's "Did you mean …?") throws a UsageError.
 */
export async function runCommand(argv: readonly string[], declare: CommandDeclaration): Promise<number> {
  let code: number | undefined;
  const exitWith: ExitCodeSink =
    (action) =>
    async (...args) => {
      code = (await action(...args)) ?? 0;
    };
  const command = declare(exitWith) as AnyCommand;
  // Under a `ringflow` root so usage lines read "ringflow call [options]", as the user types them.
  const root = ringflowCommand('ringflow', 'durable phone workflows for AgentPhone').addCommand(command);
  try {
    await root.parseAsync([command.name(), ...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return EXIT.ok;
      // A command that needs a subcommand, called without one: commander printed its help to stderr.
      if (err.code === 'commander.help') return EXIT.badInput;
      throw new UsageError(
        `${commanderMessage(err)}\n(see \`ringflow ${commandPath(command, argv)} --help\`)`,
      );
    }
    throw err;
  }
  // A command with subcommands and no action of its own, called without one: commander printed help.
  return code ?? EXIT.ok;
}

/** Commander's message without its "error: " prefix (the CLI adds "ringflow <command>: "). */
function commanderMessage(err: CommanderError): string {
  return err.message.replace(/^error: /, '');
}

/** "campaign start" for `campaign` called with ["start", "--nope"]: where to look for help. */
function commandPath(command: AnyCommand, argv: readonly string[]): string {
  const words: string[] = [command.name()];
  let current: AnyCommand = command;
  for (const word of argv) {
    const sub = current.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (!sub) break;
    words.push(sub.name());
    current = sub;
  }
  return words.join(' ');
}
