import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_BASE_URL } from '../../../agentphone';
import {
  AGENTPHONE_PRODUCTION_URL,
  ConfigError,
  LOCAL_TEMPORAL_ADDRESS,
  TemporalEnvSchema,
  describeConfig,
  parseEnv,
  parseWebhookSecrets,
  temporalConnectionOptions,
} from '../../../common/process/config';
import { DEFAULT_TASK_QUEUE } from '../../../common/task-queue';
import { CommandEnvSchema, loadCommandConfig } from '../../../client/commands/shared';
import { IngressEnvSchema } from '../../../client/commands/ingress';
import { StackEnvSchema } from '../../../stack/start';
import { TemporalServerEnvSchema } from '../../../stack/temporal-server';
import { SimulatorEnvSchema } from '../../../simulator/main';
import { ConfigSchema } from '../../../worker/config';
import { TASK_QUEUE } from '../../../workflows/messages';

/** The ConfigError a parse throws, so a test can read its message. */
function configError(parse: () => unknown): ConfigError {
  try {
    parse();
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the configuration to be refused');
}

describe('shared configuration fragments', () => {
  test('webhook secrets are split on commas, trimmed and empty entries dropped, the same in every process', () => {
    assert.deepEqual(parseWebhookSecrets(' whsec_a , whsec_b,, '), ['whsec_a', 'whsec_b']);
    const env = { AGENTPHONE_WEBHOOK_SECRETS: ' whsec_a , whsec_b,, ' };
    assert.deepEqual(parseEnv(IngressEnvSchema, env, 'ingress').AGENTPHONE_WEBHOOK_SECRETS, [
      'whsec_a',
      'whsec_b',
    ]);
    assert.deepEqual(parseEnv(StackEnvSchema, env, 'stack').AGENTPHONE_WEBHOOK_SECRETS, [
      'whsec_a',
      'whsec_b',
    ]);
    assert.deepEqual(parseEnv(StackEnvSchema, {}, 'stack').AGENTPHONE_WEBHOOK_SECRETS, []);
  });

  test('the standalone ingress refuses to start without a secret, naming the variable', () => {
    for (const value of [undefined, '', ' , ']) {
      const err = configError(() =>
        parseEnv(IngressEnvSchema, { AGENTPHONE_WEBHOOK_SECRETS: value }, 'ingress'),
      );
      assert.match(
        err.message,
        /AGENTPHONE_WEBHOOK_SECRETS: set it to the webhook secret\(s\) from AgentPhone/,
      );
    }
  });

  test('the CLI connects with TLS when TEMPORAL_TLS says so, and with the API key (TLS implied)', () => {
    const tls = loadCommandConfig({ TEMPORAL_ADDRESS: 'temporal.example:7233', TEMPORAL_TLS: 'true' });
    assert.deepEqual(temporalConnectionOptions(tls), { address: 'temporal.example:7233', tls: true });
    const cloud = loadCommandConfig({ TEMPORAL_ADDRESS: 'ns.tmprl.cloud:7233', TEMPORAL_API_KEY: 'tk' });
    assert.deepEqual(temporalConnectionOptions(cloud), {
      address: 'ns.tmprl.cloud:7233',
      tls: true,
      apiKey: 'tk',
    });
    assert.deepEqual(temporalConnectionOptions(loadCommandConfig({})), { address: LOCAL_TEMPORAL_ADDRESS });
  });

  test('an explicit address (the server the stack started) overrides TEMPORAL_ADDRESS', () => {
    assert.deepEqual(temporalConnectionOptions(loadCommandConfig({}), '127.0.0.1:40001'), {
      address: '127.0.0.1:40001',
    });
  });

  test('every process reads TEMPORAL_ADDRESS by the same rule, and a bad one is a ConfigError naming it', () => {
    const schemas = [
      ConfigSchema,
      StackEnvSchema,
      CommandEnvSchema,
      IngressEnvSchema,
      TemporalServerEnvSchema,
    ];
    const env = { TEMPORAL_ADDRESS: 'http://localhost:7233', AGENTPHONE_WEBHOOK_SECRETS: 'whsec_a' };
    for (const schema of schemas) {
      const err = configError(() => parseEnv(schema, env, 'test'));
      assert.match(err.message, /TEMPORAL_ADDRESS: expected host:port without a scheme/);
    }
    const ok = { TEMPORAL_ADDRESS: '[::1]:7233', AGENTPHONE_WEBHOOK_SECRETS: 'whsec_a' };
    for (const schema of schemas) assert.equal(parseEnv(schema, ok, 'test').TEMPORAL_ADDRESS, '[::1]:7233');
  });

  test('a bad value reaches the operator as a ConfigError naming the variable, never as a raw ZodError', () => {
    const err = configError(() => loadCommandConfig({ TEMPORAL_TLS: 'yes' }));
    assert.match(err.message, /TEMPORAL_TLS: use true, false, 1 or 0/);
    const level = configError(() => parseEnv(SimulatorEnvSchema, { LOG_LEVEL: 'loud' }, 'simulator'));
    assert.match(level.message, /LOG_LEVEL: use one of trace, debug, info, warn, error, fatal, silent/);
  });

  test('TLS, an API key or a Web UI URL without TEMPORAL_ADDRESS is refused with the fix', () => {
    for (const [variable, value] of [
      ['TEMPORAL_TLS', 'true'],
      ['TEMPORAL_API_KEY', 'tk'],
      ['TEMPORAL_UI_URL', 'https://temporal.example'],
    ] as const) {
      const err = configError(() => parseEnv(TemporalEnvSchema, { [variable]: value }, 'test'));
      assert.match(err.message, new RegExp(`TEMPORAL_ADDRESS: ${variable} is set, so set TEMPORAL_ADDRESS`));
    }
    const both = configError(() =>
      parseEnv(TemporalEnvSchema, { TEMPORAL_TLS: '1', TEMPORAL_UI_URL: 'https://t.example' }, 'test'),
    );
    assert.match(both.message, /TEMPORAL_TLS and TEMPORAL_UI_URL are set/);
    const withAddress = parseEnv(
      TemporalEnvSchema,
      { TEMPORAL_ADDRESS: 't.example:7233', TEMPORAL_UI_URL: 'https://t.example/' },
      'test',
    );
    assert.equal(withAddress.TEMPORAL_UI_URL, 'https://t.example/');
  });

  test('TEMPORAL_UI_URL must be an http(s) URL', () => {
    const err = configError(() =>
      parseEnv(TemporalEnvSchema, { TEMPORAL_ADDRESS: 't:7233', TEMPORAL_UI_URL: 'ftp://t.example' }, 'test'),
    );
    assert.match(err.message, /TEMPORAL_UI_URL: must be the http\(s\) URL of the Temporal Web UI/);
  });

  test('one task-queue default, the same for the workflows and the configuration', () => {
    assert.equal(TASK_QUEUE, DEFAULT_TASK_QUEUE);
    assert.equal(loadCommandConfig({}).RINGFLOW_TASK_QUEUE, DEFAULT_TASK_QUEUE);
  });

  test("the configuration's AgentPhone default is the client's own production URL", () => {
    assert.equal(AGENTPHONE_PRODUCTION_URL, DEFAULT_BASE_URL);
  });

  test('the start-up description of the stack shows how many webhook secrets are set, not the secrets', () => {
    const config = parseEnv(
      StackEnvSchema,
      {
        AGENTPHONE_WEBHOOK_SECRETS: 'whsec_one,whsec_two',
        AGENTPHONE_API_KEY: 'sk_live_x',
        RINGFLOW_NUMBER_KEY: 'number-key-0123456789abcdef0123456789',
      },
      'stack',
    );
    const text = JSON.stringify(describeConfig(config));
    assert.doesNotMatch(text, /whsec_|sk_live_x/);
    assert.match(text, /"AGENTPHONE_WEBHOOK_SECRETS":"2 set"/);
  });
});
