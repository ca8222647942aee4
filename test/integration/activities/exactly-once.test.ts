/**
 * The retry bound of side-effecting activities on a real Temporal dev server: the baseline an attempt
 * records as heartbeat details before it posts reaches the next attempt although the activity runs
 * without a heartbeat timeout. Without it the retry below would fall back to the time window and take
 * the first intent's identical text for its own.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { smsWorkflow } from '../../../workflows';
import { workflowIds } from '../../../workflows/messages';
import { countByRoute } from '../../helpers/routes';
import { startTestStack, type TestStack } from '../../helpers/stack';

const HUMAN = '+14155550177';
const BODY = 'Your table at Lovely Thai is booked for 19:00.';

describe('exactly-once SMS over a real Temporal server and the simulator', () => {
  let stack: TestStack;
  before(async () => {
    stack = await startTestStack();
  });
  after(() => stack?.stop());

  const text = async (requestId: string) => {
    const result = await stack.temporal.client.workflow.execute(smsWorkflow, {
      taskQueue: stack.taskQueue,
      workflowId: workflowIds.sms(requestId),
      args: [{ toNumber: HUMAN, body: BODY }],
    });
    assert.equal(result.suppressed, false);
    return result;
  };

  test('a retry of a second identical text seconds after the first one sends it, once', async () => {
    const first = await text(randomUUID());
    await stack.control('/_sim/faults', { on: 'POST /v1/messages', status: 503, times: 1 });
    const second = await text(randomUUID());

    assert.equal(second.reconciled, false, 'the retry did not take the first text for its own');
    assert.notEqual(second.messageId, first.messageId);
    const sent = (await stack.list<{ direction: string; to: string }>('/_sim/messages')).filter(
      (m) => m.direction === 'outbound' && m.to === HUMAN,
    );
    assert.equal(sent.length, 2, 'one text per intent');
    const posts = await stack.list<{ method: string; path: string; status: number }>('/_sim/requests');
    assert.deepEqual(
      countByRoute(posts.filter((r) => r.method === 'POST').map((r) => `${r.method} ${r.path} ${r.status}`)),
      { 'POST /v1/messages 200': 2, 'POST /v1/messages 503': 1 },
    );
  });
});
