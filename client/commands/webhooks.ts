/**
 * `ringflow webhooks setup|rotate|test|deliveries|dead-letters`: wiring AgentPhone's webhooks to the
 * ingress (webhook-wiring.ts), and `dead-letters [--replay <id> | --discard <id>]`: the signed webhooks
 * the ingress could not route (design decision 10). Listing reads Temporal's visibility store; a replay
 * routes the stored body with the current code, so a parser fix recovers what an older one could not.
 */
import type { DeliveryContext } from '../webhook-delivery';
import {
  DeadLetterNotFoundError,
  discardDeadLetter,
  listDeadLetters,
  replayDeadLetter,
  type DeadLetterSummary,
} from '../dead-letters';
import { CommandOutput } from '../output';
import { jsonOption, ringflowCommand, runCommand, withExamples, type ExitCodeSink } from './command-kit';
import { commandClient, UsageError } from './shared';
import { addWebhookWiringCommands } from './webhook-wiring';

/** One line per dead letter: id, received time, event and why it could not be routed. */
export function describeDeadLetters(letters: DeadLetterSummary[]): string {
  if (letters.length === 0) return 'No dead letters.';
  const lines = letters.map(
    (letter) => `${letter.id}  ${letter.receivedAt}  ${letter.event ?? '(no event)'}  ${letter.reason}`,
  );
  return [`${letters.length} dead letter(s):`, ...lines].join('\n');
}

/** The declaration of `ringflow webhooks` (no side effects). */
export function command(exitWith: ExitCodeSink) {
  const webhooks = withExamples(
    ringflowCommand(
      'webhooks',
      'wire AgentPhone webhooks to the ingress (setup, rotate, test, deliveries) and handle the ones it could not route (dead-letters)',
    ),
    [
      'ringflow webhooks setup --url https://hooks.example.com/webhooks/agentphone',
      'ringflow webhooks dead-letters',
    ],
  );
  addWebhookWiringCommands(webhooks, exitWith);
  withExamples(
    webhooks
      .command('dead-letters')
      .description(
        'the signed webhooks the ingress could not route: list them, replay one with the current code, or discard it',
      )
      .option('--replay <id>', 'route this dead letter again (exit 1 if it still cannot be routed)')
      .option('--discard <id>', 'drop this dead letter')
      .addOption(jsonOption())
      .action(exitWith((flags: DeadLetterFlags) => deadLetters(flags))),
    [
      'ringflow webhooks dead-letters',
      ['ringflow webhooks dead-letters --replay dl-3f2a…', 'after a fix: route it with the current code'],
      'ringflow webhooks dead-letters --discard dl-3f2a… --json',
    ],
  );
  return webhooks;
}

export const main = (argv: string[]): Promise<number> => runCommand(argv, command);

interface DeadLetterFlags {
  replay?: string;
  discard?: string;
  json?: boolean;
}

async function deadLetters(flags: DeadLetterFlags): Promise<number> {
  if (flags.replay !== undefined && flags.discard !== undefined)
    throw new UsageError('Give --replay or --discard, not both (nothing was changed).');
  if (flags.replay === '' || flags.discard === '')
    throw new UsageError(
      `--${flags.replay === '' ? 'replay' : 'discard'} needs a dead letter id (\`ringflow webhooks dead-letters\` lists them).`,
    );
  const output = new CommandOutput({ json: flags.json });
  const { client, taskQueue, numberKey, close } = await commandClient();
  try {
    if (flags.replay !== undefined)
      return await replay({ temporal: client, taskQueue, numberKey }, flags.replay, output);
    if (flags.discard !== undefined) {
      await discardDeadLetter(client, flags.discard, 'discarded from the CLI');
      output.result({ id: flags.discard, discarded: true }, `Dead letter ${flags.discard} discarded.`);
      return 0;
    }
    const letters = await listDeadLetters(client);
    output.result(letters, () => describeDeadLetters(letters));
    return 0;
  } catch (err) {
    if (err instanceof DeadLetterNotFoundError) throw new UsageError(err.message);
    throw err;
  } finally {
    await close();
  }
}

async function replay(context: DeliveryContext, id: string, output: CommandOutput): Promise<number> {
  const result = await replayDeadLetter(context, id);
  if (output.json) output.result({ id, ...result }, '');
  else if (result.replayed)
    output.result(
      { id, ...result },
      result.delivery.outcome === 'closed'
        ? `Dead letter ${id} replayed: ${result.delivery.target} had already ended (a late duplicate).`
        : `Dead letter ${id} replayed to ${result.delivery.target}.`,
    );
  else
    output.note(
      `Dead letter ${id} was not replayed: ${result.route === 'ignored' ? 'the current code ignores it' : 'still unroutable'} (${result.why}). It stays listed.`,
    );
  return result.replayed ? 0 : 1;
}
