import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { retryOptionsFor } from '../../../worker/update-retry';

const SERVICE = '/temporal.api.workflowservice.v1.WorkflowService';
const status = (code: number) => ({ code, details: '', metadata: undefined as never });

describe('the activities’ Temporal connection retries', () => {
  test('an update refused with RESOURCE_EXHAUSTED comes back at once, for the update batcher’s short retry', () => {
    for (const rpc of ['ExecuteMultiOperation', 'UpdateWorkflowExecution']) {
      assert.equal(retryOptionsFor(`${SERVICE}/${rpc}`).retryableDecider(1, status(8)), false, rpc);
    }
  });

  test('other refusals of an update, and every other RPC, keep the SDK’s retries', () => {
    const multiOp = retryOptionsFor(`${SERVICE}/ExecuteMultiOperation`);
    assert.equal(multiOp.retryableDecider(1, status(14)), true, 'UNAVAILABLE is still resent');
    assert.equal(multiOp.retryableDecider(1, status(3)), false, 'INVALID_ARGUMENT never is');
    assert.equal(
      retryOptionsFor(`${SERVICE}/SignalWithStartWorkflowExecution`).retryableDecider(1, status(8)),
      true,
    );
  });
});
