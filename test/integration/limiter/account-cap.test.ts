/**
 * The account's concurrent-call cap end to end: the simulator allows 2 live calls (above that it
 * answers 409, like AgentPhone), ringflow is configured for 2, and 6 calls are started at once. The
 * limiter queues the rest: the simulator never has more than 2 calls live and never answers 409.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { callWorkflow } from '../../../workflows';
import { workflowIds } from '../../../workflows/messages';
import { startTestStack, type TestStack } from '../../helpers/stack';

const LIVE_CALLS = 2;

let stack: TestStack;
before(async () => {
  stack = await startTestStack(
    { speed: 60, limits: { concurrentCalls: 2 } },
    {},
    { RINGFLOW_MAX_LIVE_CALLS_PER_ACCOUNT: String(LIVE_CALLS) },
  );
});
after(() => stack?.stop());

interface SimCall {
  startedAt: string | null;
  endedAt: string | null;
  status: string;
}

/** The most calls live at the same simulated instant. */
function mostAtOnce(calls: SimCall[]): number {
  const edges = calls.flatMap((c) => [
    { at: Date.parse(c.startedAt!), delta: 1 },
    { at: Date.parse(c.endedAt!), delta: -1 },
  ]);
  // An end and a start at the same instant: the end first (the slot was free by then).
  edges.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let live = 0;
  let most = 0;
  for (const edge of edges) most = Math.max(most, (live += edge.delta));
  return most;
}

test('six calls started at once never have more than the account cap live, and none is refused with 409', async () => {
  const handles = await Promise.all(
    Array.from({ length: 6 }, (_, i) =>
      stack.temporal.client.workflow.start(callWorkflow, {
        taskQueue: stack.taskQueue,
        workflowId: workflowIds.call(`${stack.taskQueue}-${i}`),
        args: [{ toNumber: `+1415555${2000 + i}`, systemPrompt: 'Ask how their day is going.' }],
      }),
    ),
  );
  const results = await Promise.all(handles.map((h) => h.result()));
  assert.deepEqual(
    results.map((r) => r.status),
    Array(6).fill('completed'),
  );

  const posts = (await stack.list<{ method: string; path: string; status: number }>('/_sim/requests')).filter(
    (r) => r.method === 'POST' && r.path === '/v1/calls',
  );
  assert.deepEqual(
    posts.map((p) => p.status).filter((s) => s === 409),
    [],
    'the simulator refused calls over its concurrency limit',
  );
  assert.equal(posts.length, 6);
  const calls = await stack.list<SimCall>('/_sim/calls');
  assert.equal(calls.length, 6);
  const most = mostAtOnce(calls);
  assert.ok(most <= 2, `${most} calls were live at once`);
  assert.equal(most, 2, 'the calls never overlapped: the test proves nothing');
});
