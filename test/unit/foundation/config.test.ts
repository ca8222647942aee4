import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../../common/process/config/parse-env';
import { describeConfig, loadConfig } from '../../../worker/config';

describe('worker configuration', () => {
  test('defaults fill every optional variable', () => {
    const config = loadConfig({});
    assert.equal(config.TEMPORAL_NAMESPACE, 'default');
    assert.equal(config.RINGFLOW_TASK_QUEUE, 'ringflow');
    assert.equal(config.RINGFLOW_SHUTDOWN_GRACE_MS, 10_000);
    assert.equal(config.TEMPORAL_ADDRESS, undefined);
  });

  test('the SMS sender name is a short single line, Ringflow unless set', () => {
    assert.equal(loadConfig({}).RINGFLOW_SMS_SENDER, 'Ringflow');
    assert.equal(
      loadConfig({ RINGFLOW_SMS_SENDER: ' Manav’s assistant ' }).RINGFLOW_SMS_SENDER,
      'Manav’s assistant',
    );
    assert.throws(
      () => loadConfig({ RINGFLOW_SMS_SENDER: 'x'.repeat(31) }),
      /RINGFLOW_SMS_SENDER: a short name on one line \(1 to 30/,
    );
    assert.throws(() => loadConfig({ RINGFLOW_SMS_SENDER: 'two\nlines' }), /RINGFLOW_SMS_SENDER/);
  });

  test('the workflow cache is bounded (500 unless set), and a cache below 2 is refused naming the variable', () => {
    assert.equal(loadConfig({}).RINGFLOW_MAX_CACHED_WORKFLOWS, 500);
    assert.equal(loadConfig({ RINGFLOW_MAX_CACHED_WORKFLOWS: '200' }).RINGFLOW_MAX_CACHED_WORKFLOWS, 200);
    assert.throws(() => loadConfig({ RINGFLOW_MAX_CACHED_WORKFLOWS: '1' }), /RINGFLOW_MAX_CACHED_WORKFLOWS/);
  });

  test('an empty variable counts as unset', () => {
    assert.equal(loadConfig({ TEMPORAL_ADDRESS: '' }).TEMPORAL_ADDRESS, undefined);
  });

  test('a bad value is reported with the variable name and the fix', () => {
    assert.throws(
      () => loadConfig({ TEMPORAL_ADDRESS: 'http://localhost', RINGFLOW_SHUTDOWN_GRACE_MS: 'soon' }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.match(err.message, /TEMPORAL_ADDRESS: expected host:port/);
        assert.match(err.message, /RINGFLOW_SHUTDOWN_GRACE_MS: must be a whole number/);
        return true;
      },
    );
  });

  test('booleans accept only true/false/1/0, and "false" means false', () => {
    assert.equal(loadConfig({ TEMPORAL_TLS: 'false' }).TEMPORAL_TLS, false);
    assert.equal(loadConfig({ TEMPORAL_TLS: '1', TEMPORAL_ADDRESS: 'h:7233' }).TEMPORAL_TLS, true);
    assert.throws(() => loadConfig({ TEMPORAL_TLS: 'yes' }), /TEMPORAL_TLS: use true, false, 1 or 0/);
  });

  test('an API key without an address, or with TLS off, is refused', () => {
    assert.throws(() => loadConfig({ TEMPORAL_API_KEY: 'k' }), /TEMPORAL_ADDRESS: TEMPORAL_API_KEY is set/);
    assert.throws(
      () => loadConfig({ TEMPORAL_API_KEY: 'k', TEMPORAL_ADDRESS: 'x.tmprl.cloud:7233', TEMPORAL_TLS: '0' }),
      /TEMPORAL_TLS: TEMPORAL_API_KEY needs TLS/,
    );
  });

  test('the start-up description never contains the secrets', () => {
    const config = loadConfig({
      AGENTPHONE_API_KEY: 'sk_live_secret',
      TEMPORAL_API_KEY: 'tk',
      TEMPORAL_ADDRESS: 'h:1',
      RINGFLOW_NUMBER_KEY: 'number-key-0123456789abcdef0123456789',
    });
    const text = JSON.stringify(describeConfig(config));
    assert.doesNotMatch(text, /sk_live_secret|"tk"|number-key-0123/);
    assert.match(text, /"AGENTPHONE_API_KEY":"set"/);
    assert.match(text, /"RINGFLOW_NUMBER_KEY":"set"/);
  });

  test('a real AgentPhone key without RINGFLOW_NUMBER_KEY is refused, naming the variable and the fix', () => {
    assert.throws(
      () => loadConfig({ AGENTPHONE_API_KEY: 'sk_live_secret' }),
      /RINGFLOW_NUMBER_KEY: set it with a real AgentPhone account: at least 32 random characters/,
    );
    assert.throws(
      () => loadConfig({ RINGFLOW_NUMBER_KEY: 'short' }),
      /RINGFLOW_NUMBER_KEY: use at least 32 random characters/,
    );
    // Without a real account (the simulator), the development key serves.
    assert.equal(loadConfig({}).RINGFLOW_NUMBER_KEY, undefined);
  });
});
