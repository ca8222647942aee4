/**
 * `--request-id` is the intent key of `ringflow call` and `ringflow sms`: running the same command again
 * after the first has finished returns the first result and dials or texts nobody again (a closed
 * workflow's id is not reused).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { runCli } from '../../helpers/processes';
import { startTestStack, type TestStack } from '../../helpers/stack';

let stack: TestStack;
before(async () => {
  stack = await startTestStack();
});
after(async () => {
  await stack?.stop();
});

async function ringflow(args: string[]): Promise<unknown> {
  const cli = runCli(args, {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    TEMPORAL_ADDRESS: stack.temporal.address,
    RINGFLOW_TASK_QUEUE: stack.taskQueue,
  });
  const code = await cli.exited();
  assert.equal(code, 0, cli.output());
  return JSON.parse(cli.output().slice(cli.output().indexOf('{'))) as unknown;
}

test('ringflow call run twice with one --request-id places one call and prints its result twice', async () => {
  const to = '+14155557201';
  await stack.control('/_sim/callees', { phoneNumber: to, persona: 'person', options: { answer: 'yes' } });
  const args = [
    'call',
    '--to',
    to,
    '--prompt',
    'Confirm tomorrow at 10.',
    '--request-id',
    `cli-${randomUUID()}`,
  ];
  const first = (await ringflow([...args, '--wait', '--json'])) as { callId: string };
  const second = (await ringflow([...args, '--wait', '--json'])) as { callId: string };
  assert.equal(second.callId, first.callId);
  const calls = (await stack.list<{ toNumber: string }>('/_sim/calls')).filter((c) => c.toNumber === to);
  assert.equal(calls.length, 1);
});

test('ringflow sms run twice with one --request-id texts once', async () => {
  const to = '+14155557202';
  const args = [
    'sms',
    '--to',
    to,
    '--body',
    'See you tomorrow.',
    '--request-id',
    `cli-${randomUUID()}`,
    '--json',
  ];
  const first = (await ringflow(args)) as { messageId: string };
  const second = (await ringflow(args)) as { messageId: string };
  assert.equal(second.messageId, first.messageId);
  const sent = (await stack.list<{ to: string; direction: string }>('/_sim/messages')).filter(
    (m) => m.to === to && m.direction === 'outbound',
  );
  assert.equal(sent.length, 1);
});
