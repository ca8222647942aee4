import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { temporalIntentRecorder, type IntentBaseline } from '../../../activities/intent';

/** A Temporal client whose async-completion heartbeat only remembers what it was asked to send. */
function recordingClient(fail?: Error) {
  const sent: { taskToken: Uint8Array; details: unknown }[] = [];
  const client = {
    activity: {
      heartbeat: async (taskToken: Uint8Array, details: unknown) => {
        if (fail) throw fail;
        sent.push({ taskToken, details });
      },
    },
  } as unknown as Pick<Client, 'activity'>;
  return { sent, client };
}

const baseline: IntentBaseline = { existingIds: ['call_1'] };

describe('temporalIntentRecorder', () => {
  test('sends the baseline as this attempt’s heartbeat, by its task token, and waits for the answer', async () => {
    const { sent, client } = recordingClient();
    const env = new MockActivityEnvironment({ taskToken: Buffer.from('token-7'), isLocal: false });
    await env.run(() => temporalIntentRecorder(client)(baseline));
    assert.deepEqual(sent, [{ taskToken: Buffer.from('token-7'), details: baseline }]);
  });

  test('rejects when Temporal does not take the record, so the caller does not post', async () => {
    const { client } = recordingClient(new Error('14 UNAVAILABLE'));
    const env = new MockActivityEnvironment({ isLocal: false });
    await assert.rejects(
      env.run(() => temporalIntentRecorder(client)(baseline)),
      /UNAVAILABLE/,
    );
  });

  test('refuses for good in a local activity, which has no heartbeat details to carry the record', async () => {
    const { sent, client } = recordingClient();
    const env = new MockActivityEnvironment({ isLocal: true, activityType: 'sendSms' });
    const err = await env.run(() => temporalIntentRecorder(client)(baseline)).catch((e: unknown) => e);
    assert.ok(err instanceof ApplicationFailure);
    assert.equal(err.type, 'IntentNotRecordable');
    assert.equal(err.nonRetryable, true);
    assert.match(err.message, /sendSms ran as a local activity/);
    assert.deepEqual(sent, []);
  });
});
