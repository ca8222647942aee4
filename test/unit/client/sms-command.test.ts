import { test } from 'node:test';
import assert from 'node:assert/strict';
import { usageRefusal } from '../../helpers/usage-refusal';
import { main } from '../../../client/commands/sms';
import { SMS_BODY_MAX_CHARS } from '../../../common/sms-consent';

// Each of these fails before any connection is made: TEMPORAL_ADDRESS points nowhere on purpose.
process.env.TEMPORAL_ADDRESS = '127.0.0.1:1';

const refusal = (argv: string[]) => usageRefusal(main, argv);

test('ringflow sms refuses bad input by name, before anything is sent', async () => {
  assert.match(await refusal(['--body', 'hi']), /^Missing --to <number> \(nothing was sent/);
  assert.match(await refusal(['--to', '+14155550199', '--body', '  ']), /--body: the message is empty/);
  assert.match(await refusal(['--to', '911', '--body', 'hi']), /^--to: .*\(nothing was sent\)/);
  const long = 'x'.repeat(SMS_BODY_MAX_CHARS + 1);
  assert.match(
    await refusal(['--to', '+14155550199', '--body', long]),
    new RegExp(
      `--body: ${SMS_BODY_MAX_CHARS + 1} characters; the limit is ${SMS_BODY_MAX_CHARS}, which leaves room`,
    ),
  );
});

test('a body of the largest size still reaches the connection step', async () => {
  const message = await refusal(['--to', '+14155550199', '--body', 'x'.repeat(SMS_BODY_MAX_CHARS)]);
  assert.match(message, /^Cannot reach Temporal at 127\.0\.0\.1:1/);
});
