/**
 * `npx ringflow <command>`: the entry point of every ringflow process and operator command. The top
 * level is a commander program whose subcommands pass their words, untouched, to the command module
 * (client/command-registry.ts), imported only when chosen so `ringflow --help` stays fast; each module
 * parses its own options with commander (client/commands/command-kit.ts).
 */
import { readFileSync } from 'node:fs';
import { CommanderError } from '@commander-js/extra-typings';
import { COMMANDS } from './command-registry';
import { ringflowCommand } from './commands/command-kit';
import { EXIT } from './exit-codes';

const VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** Errors whose message is the whole story for the user (no stack trace). */
const USER_ERRORS = new Set([
  'ConfigError',
  'UsageError',
  'ContactFileError',
  'TemporalUnreachableError',
  'TemporalServerUnavailableError',
]);

const BAD_INPUT_ERRORS = new Set(['ConfigError', 'UsageError', 'ContactFileError']);

/**
 * The top-level program: one pass-through subcommand per registered command, so commander lists them
 * in `ringflow --help` and suggests the nearest name for a typo, while the module parses the rest.
 */
function topLevel(dispatch: (name: string, words: string[]) => void) {
  const program = ringflowCommand(
    'ringflow',
    'Durable phone workflows for the AgentPhone API on Temporal: calls, SMS, reservations, campaigns, missed-call callbacks.',
  )
    .version(VERSION, '-V, --version')
    .enablePositionalOptions()
    .helpCommand(false)
    .configureHelp({ subcommandTerm: (command) => command.name() })
    .addHelpText(
      'after',
      '\nEvery command has --help (with examples) and --json.\n' +
        'Exit codes: 0 ok, 1 failure, 2 bad input (nothing happened), 3 the flow ended without success.\n' +
        'Shell completion: source <(ringflow completion bash)   (zsh, fish too)\n',
    );
  for (const [name, registered] of Object.entries(COMMANDS)) {
    program
      .command(name)
      .description(registered.summary)
      .helpOption(false)
      .passThroughOptions()
      .allowUnknownOption()
      .allowExcessArguments()
      .argument('[words...]')
      .action((words: string[]) => dispatch(name, words));
  }
  program
    .command('help')
    .description('show the help of a command: ringflow help campaign start')
    .helpOption(false)
    .argument('[command...]')
    .action((words: string[]) => {
      if (words.length === 0) program.help();
      const [name, ...rest] = words;
      dispatch(name!, [...rest, '--help']);
    });
  return program;
}

/** Runs one command and returns the process exit code. */
export async function run(argv: string[]): Promise<number> {
  let chosen: { name: string; words: string[] } | undefined;
  const program = topLevel((name, words) => (chosen = { name, words }));
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return EXIT.ok;
    if (err.code === 'commander.help') return EXIT.badInput; // bare `ringflow`: the help went to stderr
    process.stderr.write(`ringflow: ${err.message.replace(/^error: /, '')}\n(see \`ringflow --help\`)\n`);
    return EXIT.badInput;
  }
  if (!chosen) return EXIT.badInput;
  const { name, words } = chosen;
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`ringflow: unknown command "${name}" (see \`ringflow --help\`)\n`);
    return EXIT.badInput;
  }
  try {
    const { main } = await command.load();
    return (await main(words)) ?? 0;
  } catch (err) {
    const error = err as Error;
    const story = USER_ERRORS.has(error.name)
      ? error.message
      : (workflowFailure(error) ?? error.stack ?? error.message);
    process.stderr.write(`ringflow ${name}: ${story}\n`);
    return BAD_INPUT_ERRORS.has(error.name) ? EXIT.badInput : EXIT.failure;
  }
}

/**
 * A failed workflow's story is its innermost cause (an activity's ApplicationFailure, say), not the
 * client's stack: "the workflow failed: +1… texted STOP … (ContactOptedOutError)". Matched by name so
 * `ringflow --help` need not load the Temporal client.
 */
function workflowFailure(error: Error): string | undefined {
  if (error.name !== 'WorkflowFailedError') return undefined;
  let cause: Error = error;
  while (cause.cause instanceof Error) cause = cause.cause;
  const type = (cause as { type?: unknown }).type;
  return `the workflow failed: ${cause.message}${typeof type === 'string' ? ` (${type})` : ''}`;
}
