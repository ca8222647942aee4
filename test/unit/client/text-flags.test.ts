import assert from 'node:assert/strict';
import { test } from 'node:test';
import { main as sms } from '../../../client/commands/sms';
import { main as call } from '../../../client/commands/call';
import { main as book } from '../../../client/commands/book';
import {
  MAX_PROMPT_CHARS,
  refuseBadAgentId,
  refuseControlCharacters,
} from '../../../client/commands/text-flags';
import { usageRefusal } from '../../helpers/usage-refusal';

test('free text with control characters is refused naming the flag; tabs and line breaks are text', () => {
  assert.throws(
    () => refuseControlCharacters('--body', 'hi\u0000there', 'nothing was sent'),
    /--body: .*U\+0000 at position 3/,
  );
  assert.throws(() => refuseControlCharacters('--name', '\u001b[31mRed', 'x'), /--name: .*U\+001B/);
  assert.throws(() => refuseControlCharacters('--prompt', 'a\u0085b', 'x'), /U\+0085/);
  refuseControlCharacters('--body', 'Line one\n\tline two\r\n— ok, café ✓', 'x');
  refuseControlCharacters('--body', undefined, 'x');
  assert.throws(() => refuseBadAgentId('../../etc', 'x'), /--agent-id/);
  refuseBadAgentId('agt_4afebede10d4e8eb', 'x');
});

test('sms, call and book refuse control characters before reaching Temporal', async () => {
  // No TEMPORAL_ADDRESS is needed: each is refused before a client is made.
  assert.match(await usageRefusal(sms, ['--to', '+14155550123', '--body', 'hi\u0007']), /^--body: /);
  assert.match(
    await usageRefusal(call, ['--to', '+14155550123', '--prompt', 'Ask\u0000about it']),
    /^--prompt: /,
  );
  assert.match(
    await usageRefusal(call, ['--to', '+14155550123', '--prompt', 'Ask', '--agent-id', '../x']),
    /^--agent-id: /,
  );
  assert.match(
    await usageRefusal(book, [
      ...['--restaurant-phone', '+14155550123', '--restaurant-name', 'Lovely Thai', '--party', '2'],
      ...['--date', '2099-12-05', '--time', '19:00', '--name', 'Ma\u0000nav', '--notify', '+14155550199'],
    ]),
    /^--name: /,
  );
});

test('a prompt or greeting past its length is refused naming the flag, before reaching Temporal', async () => {
  const long = 'x'.repeat(MAX_PROMPT_CHARS + 1);
  assert.match(
    await usageRefusal(call, ['--to', '+14155550123', '--prompt', long]),
    /^--prompt: 20001 characters, more than the 20000 allowed; shorten it \(nothing was called\)/,
  );
  assert.match(
    await usageRefusal(call, ['--to', '+14155550123', '--prompt', 'Ask', '--greeting', 'y'.repeat(1_001)]),
    /^--greeting: /,
  );
});
