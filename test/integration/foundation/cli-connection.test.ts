/**
 * The operator commands connect as their configuration says, against a real Temporal server (the
 * harness's plaintext dev server): TEMPORAL_TLS is honoured, a bad value stops them before any I/O.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../../common/process/config';
import { commandClient, UsageError } from '../../../client/commands/shared';
import { integrationTemporal, type IntegrationTemporal } from '../../helpers/temporal';

describe('operator command connections', () => {
  let temporal: IntegrationTemporal;
  before(async () => {
    temporal = await integrationTemporal();
  });
  after(() => temporal.teardown());

  test('a command reaches the server at TEMPORAL_ADDRESS in plaintext by default', async () => {
    const { client, close } = await commandClient({ TEMPORAL_ADDRESS: temporal.address });
    try {
      await client.workflowService.getSystemInfo({});
    } finally {
      await close();
    }
  });

  test('with TEMPORAL_TLS=true a command speaks TLS, so a plaintext server cannot be reached', async () => {
    await assert.rejects(
      commandClient({ TEMPORAL_ADDRESS: temporal.address, TEMPORAL_TLS: 'true' }),
      (err: unknown) =>
        err instanceof UsageError && err.message.startsWith(`Cannot reach Temporal at ${temporal.address}`),
    );
  });

  test('a malformed TEMPORAL_ADDRESS is a ConfigError naming it, before any connection is tried', async () => {
    await assert.rejects(
      commandClient({ TEMPORAL_ADDRESS: `http://${temporal.address}` }),
      (err: unknown) =>
        err instanceof ConfigError &&
        /TEMPORAL_ADDRESS: expected host:port without a scheme/.test(err.message),
    );
  });
});
