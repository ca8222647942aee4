import { test } from 'node:test';
import assert from 'node:assert/strict';
import { usageRefusal } from '../../helpers/usage-refusal';
import { main } from '../../../client/commands/webhooks';
import { runWebhookWiring } from '../../../client/commands/webhook-wiring';

// Nothing here may reach Temporal or AgentPhone: a refusal that came later would say so instead.
process.env.TEMPORAL_ADDRESS = '127.0.0.1:1';

test('webhooks subcommands: a typo gets the nearest name, and an option of another subcommand is refused by name', async () => {
  assert.match(await usageRefusal(main, ['setpu']), /^unknown command 'setpu'\n\(Did you mean setup\?\)/);
  assert.match(await usageRefusal(main, ['dead-leters']), /Did you mean dead-letters\?/);
  assert.match(
    await usageRefusal(main, ['setup', '--url', 'https://hooks.example.com/x', '--hours', '5']),
    /^unknown option '--hours'\n\(see `ringflow webhooks setup --help`\)/,
  );
  assert.match(await usageRefusal(main, ['test', '--grace', '1h']), /^unknown option '--grace'/);
});

test('webhooks flags are checked before anything is called', async () => {
  const refusal = (sub: string, argv: string[]) => usageRefusal((a) => runWebhookWiring(sub, a, {}), argv);
  assert.match(await refusal('setup', []), /^--url is required/);
  assert.match(await refusal('setup', ['--url', 'http://hooks.example.com/x']), /^--url must use https/);
  assert.match(await refusal('rotate', ['--grace', 'soon']), /^--grace must be a duration/);
  assert.match(
    await refusal('deliveries', ['--hours', '999']),
    /^--hours must be a whole number from 1 to 168/,
  );
  assert.match(
    await usageRefusal(main, ['dead-letters', '--replay', 'a', '--discard', 'b']),
    /^Give --replay or --discard, not both/,
  );
  assert.match(
    await usageRefusal(main, ['dead-letters', '--replay']),
    /^option '--replay <id>' argument missing/,
  );
});
