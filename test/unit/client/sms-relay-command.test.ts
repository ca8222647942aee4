import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../../client/commands/sms-relay';
import { UsageError } from '../../../client/commands/shared';

// Each of these fails before any connection is made: TEMPORAL_ADDRESS points nowhere on purpose, so a
// refusal that got as far as writing would say "Cannot reach Temporal" instead.
const NOWHERE = { TEMPORAL_ADDRESS: '127.0.0.1:1' };

async function refusal(argv: string[]): Promise<string> {
  try {
    await main(argv, NOWHERE, () => assert.fail('something was printed'));
  } catch (err) {
    assert.ok(err instanceof UsageError, String(err));
    return err.message;
  }
  assert.fail('the command was accepted');
}

test('ringflow sms-relay refuses bad flags by name, before anything is written', async () => {
  // No action: commander prints the help (with the subcommands) to stderr, and nothing is done.
  assert.equal(await main([], NOWHERE, () => assert.fail('something was printed')), 2);
  assert.match(await refusal(['start']), /^unknown command 'start'/);
  assert.match(await refusal(['enabel']), /\(Did you mean enable\?\)/);
  assert.match(
    await refusal(['enable', '--notify', '+14155550142']),
    /^Missing --agent \(nothing was changed\)/,
  );
  assert.match(await refusal(['enable', '--agent', 'agt_1']), /^Missing --notify/);
  assert.match(
    await refusal(['enable', '--agent', 'agt 1', '--notify', '+14155550142']),
    /^--agent: an agent id is/,
  );
  assert.match(
    await refusal(['enable', '--agent', 'agt_1', '--notify', '911']),
    /^--notify: .*\(nothing was changed\)/,
  );
  assert.match(await refusal(['enable', '--agent', 'agt_1', '--notify', 'abc']), /^--notify: /);
  assert.match(
    await refusal(['enable', '--agent', 'agt_1', '--notify', '+14155550142', '--codes', '--no-codes']),
    /^--codes and --no-codes contradict/,
  );
  assert.match(
    await refusal(['enable', '--agent', 'agt_1', '--notify', '+14155550142', '--no-codes']),
    /would relay nothing: use `ringflow sms-relay disable`/,
  );
  assert.match(
    await refusal(['enable', '--agent', 'agt_1', '--notify', '+14155550142', '--loud']),
    /^unknown option '--loud'/,
  );
  assert.match(await refusal(['disable']), /^Missing --agent/);
  assert.match(
    await refusal(['disable', '--agent', 'agt_1', '--relay-sms']),
    /^unknown option '--relay-sms'\n\(see `ringflow sms-relay disable --help`\)/,
  );
  assert.match(await refusal(['status', '--notify', '+14155550142']), /^unknown option '--notify'/);
});

test('good flags reach the connection step', async () => {
  // Each case waits out a refused connection (~10 s), so only one per action that reads or writes.
  for (const argv of [
    ['enable', '--agent', 'agt_1', '--notify', '(415) 555-0142', '--no-codes', '--relay-sms'],
    ['status'],
  ]) {
    assert.match(await refusal(argv), /^Cannot reach Temporal at 127\.0\.0\.1:1/, argv.join(' '));
  }
});
