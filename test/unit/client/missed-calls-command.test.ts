import { test } from 'node:test';
import assert from 'node:assert/strict';
import { usageRefusal } from '../../helpers/usage-refusal';
import { main } from '../../../client/commands/missed-calls';

// Each of these fails before any connection is made: TEMPORAL_ADDRESS points nowhere on purpose, so a
// refusal that came after connecting would read "Cannot reach Temporal" instead.
process.env.TEMPORAL_ADDRESS = '127.0.0.1:1';

const refusal = (argv: string[]) => usageRefusal(main, argv);

const ENABLE = ['enable', '--agent', 'agt_1', '--notify', '+14155550199', '--timezone', 'America/New_York'];

test('ringflow missed-calls enable refuses bad flags by name, before anything is written', async () => {
  assert.match(await refusal(['enable', '--agent', 'agt_1']), /^Missing --notify, --timezone/);
  assert.match(
    await refusal([...ENABLE, '--delay-minutes', 'soon']),
    /^--delay-minutes: "soon" is not a number/,
  );
  assert.match(await refusal([...ENABLE, '--delay-minutes=-1']), /^--delay-minutes: use 0 or more minutes/);
  assert.match(await refusal([...ENABLE, '--hours', '9-6']), /^--hours: use HH:MM-HH:MM/);
  assert.match(
    await refusal([...ENABLE, '--hours', '18:00-09:00']),
    /^--hours: the hours must start before they end/,
  );
  assert.match(await refusal([...ENABLE, '--days', 'weekdays']), /^--days: use e\.g\. mon-fri/);
  assert.match(
    await refusal([...ENABLE.slice(0, 5), '--timezone', 'Mars/Olympus']),
    /^--timezone: not an IANA time zone/,
  );
  assert.match(await refusal([...ENABLE.slice(0, 3), '--notify', '911', '--timezone', 'UTC']), /^--notify: /);
  assert.match(await refusal([...ENABLE, '--max-attempts', '9']), /^--max-attempts: at most 5/);
  assert.match(await refusal([...ENABLE, '--triage', 'some']), /^--triage: /);
  assert.match(
    await refusal([...ENABLE, '--prompt-file', '/nonexistent/prompt.txt']),
    /^--prompt-file: cannot read it/,
  );
});

test('cancel and snooze need an agent and a real caller number', async () => {
  assert.match(await refusal(['cancel', '+14155552001']), /^Missing --agent/);
  assert.match(await refusal(['snooze', 'anonymous', '--agent', 'agt_1']), /^caller: /);
  assert.match(
    await refusal(['snooze', '+14155552001', '--agent', 'agt_1', '--minutes', 'x']),
    /^--minutes: "x"/,
  );
  assert.match(await refusal(['frobnicate']), /^unknown command 'frobnicate'/);
  assert.match(await refusal(['snoze', '+14155552001']), /\(Did you mean snooze\?\)/);
  assert.match(
    await refusal(['snooze', '+14155552001', '--agent', 'agt_1', '--minutes', '-5']),
    /^--minutes: /,
  );
});

test('good flags reach the connection step', async () => {
  assert.match(
    await refusal([...ENABLE, '--days', 'any', '--hours', 'any']),
    /^Cannot reach Temporal at 127\.0\.0\.1:1/,
  );
});
