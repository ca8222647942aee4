/**
 * `ringflow webhooks dead-letters [--json] [--replay <id> | --discard <id>]`: the signed webhooks the
 * ingress could not route (design decision 10). Listing reads Temporal's visibility store; a replay
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
import { commandClient, parseFlags, printJson, UsageError } from './shared';
import { runWebhookWiring, WEBHOOK_WIRING_USAGE } from './webhook-wiring';

const USAGE = `Usage: ringflow webhooks dead-letters [--json]
       ringflow webhooks dead-letters --replay <id> [--json]
       ringflow webhooks dead-letters --discard <id> [--json]
${WEBHOOK_WIRING_USAGE.replace('Usage: ', '       ')}`;

/** One line per dead letter: id, received time, event and why it could not be routed. */
export function describeDeadLetters(letters: DeadLetterSummary[]): string {
  if (letters.length === 0) return 'No dead letters.';
  const lines = letters.map(
    (letter) => `${letter.id}  ${letter.receivedAt}  ${letter.event ?? '(no event)'}  ${letter.reason}`,
  );
  return [`${letters.length} dead letter(s):`, ...lines].join('\n');
}

const WIRING = new Set(['setup', 'rotate', 'test', 'deliveries']);

export async function main(argv: string[]): Promise<number> {
  // setup | rotate | test | deliveries live in webhook-wiring.ts.
  if (argv[0] && WIRING.has(argv[0])) return runWebhookWiring(argv[0], argv.slice(1));
  const { values, positionals } = parseFlags(
    argv,
    {
      replay: { type: 'string' },
      discard: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    USAGE,
  );
  if (positionals[0] !== 'dead-letters' || positionals.length > 1) throw new UsageError(USAGE);
  if (values.replay !== undefined && values.discard !== undefined)
    throw new UsageError(`Give --replay or --discard, not both.\n\n${USAGE}`);
  if (values.replay === '' || values.discard === '')
    throw new UsageError(
      `--${values.replay === '' ? 'replay' : 'discard'} needs a dead letter id.\n\n${USAGE}`,
    );

  const { client, taskQueue, numberKey, close } = await commandClient();
  try {
    if (values.replay !== undefined)
      return await replay({ temporal: client, taskQueue, numberKey }, values.replay, values.json);
    if (values.discard !== undefined) {
      await discardDeadLetter(client, values.discard, 'discarded from the CLI');
      if (values.json) printJson({ id: values.discard, discarded: true });
      else console.log(`Dead letter ${values.discard} discarded.`);
      return 0;
    }
    const letters = await listDeadLetters(client);
    if (values.json) printJson(letters);
    else console.log(describeDeadLetters(letters));
    return 0;
  } catch (err) {
    if (err instanceof DeadLetterNotFoundError) throw new UsageError(err.message);
    throw err;
  } finally {
    await close();
  }
}

async function replay(context: DeliveryContext, id: string, json: boolean): Promise<number> {
  const result = await replayDeadLetter(context, id);
  if (json) printJson({ id, ...result });
  else if (result.replayed)
    console.log(
      result.delivery.outcome === 'closed'
        ? `Dead letter ${id} replayed: ${result.delivery.target} had already ended (a late duplicate).`
        : `Dead letter ${id} replayed to ${result.delivery.target}.`,
    );
  else
    console.error(
      `Dead letter ${id} was not replayed: ${result.route === 'ignored' ? 'the current code ignores it' : 'still unroutable'} (${result.why}). It stays listed.`,
    );
  return result.replayed ? 0 : 1;
}
