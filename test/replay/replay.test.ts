import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DeterminismViolationError } from '@temporalio/workflow';
import { loadHistories, replay } from '../helpers/replay';

const recorded = loadHistories((name) => !name.startsWith('altered-'));
const altered = loadHistories((name) => name.startsWith('altered-'));

describe('recorded histories replay against the current workflow code', () => {
  test('there are histories to replay', () => {
    assert.ok(recorded.length > 0 && altered.length > 0);
  });
  for (const history of recorded) {
    test(`${history.name} replays without a determinism error`, async () => {
      await replay(history);
    });
  }
  for (const history of altered) {
    test(`${history.name} (a history the code would not produce) fails with a determinism error`, async () => {
      await assert.rejects(replay(history), DeterminismViolationError);
    });
  }
});
