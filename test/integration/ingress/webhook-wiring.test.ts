/**
 * `ringflow webhooks setup|rotate|test|deliveries` against the simulator and an ingress that reads the
 * secrets file: the secret reaches only the 0600 file; during a rotation's grace both secrets verify,
 * after it only the new one (a clock input, not a sleep); the test event's fate is read back.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { signWebhook, verifyWebhookSignature } from '../../../agentphone';
import { buildIngress, WEBHOOK_PATH } from '../../../client/ingress';
import { runWebhookWiring } from '../../../client/commands/webhook-wiring';
import { webhookSecretsSource } from '../../../common/process/config';
import { developmentNumberKeyer } from '../../../common/process/number-key';
import { readWebhookSecretsFile, webhookSecretsReader } from '../../../common/process/webhook-secrets-file';
import { startTestStack, type TestStack } from '../../helpers/stack';

let stack: TestStack;
let ingress: FastifyInstance;
let ingressUrl: string;
let secretsFile: string;
before(async () => {
  stack = await startTestStack();
  secretsFile = join(mkdtempSync(join(tmpdir(), 'ringflow-wiring-')), 'ringflow', 'webhook-secrets.json');
  ingress = await buildIngress({
    temporal: stack.temporal.client,
    taskQueue: stack.taskQueue,
    numberKey: developmentNumberKeyer,
    secrets: webhookSecretsSource({
      AGENTPHONE_WEBHOOK_SECRETS: [],
      RINGFLOW_WEBHOOK_SECRETS_FILE: secretsFile,
    }),
  });
  ingressUrl = `${await ingress.listen({ port: 0, host: '127.0.0.1' })}${WEBHOOK_PATH}`;
});
after(async () => {
  await ingress?.close();
  await stack?.stop();
});

async function wiring(
  ...argv: string[]
): Promise<{ code: number; json: Record<string, unknown>; text: string }> {
  let text = '';
  const env = {
    AGENTPHONE_API_KEY: stack.simulator.account.apiKey,
    AGENTPHONE_BASE_URL: stack.simulatorUrl,
    RINGFLOW_WEBHOOK_SECRETS_FILE: secretsFile,
    TEMPORAL_ADDRESS: stack.temporal.address,
    RINGFLOW_TASK_QUEUE: stack.taskQueue,
    RINGFLOW_NUMBER_KEY: 'k'.repeat(32), // required beside an API key; dead letters do not depend on it
  };
  const code = await runWebhookWiring(argv[0]!, [...argv.slice(1), '--json'], env, (t) => (text += t));
  return { code, json: JSON.parse(text) as Record<string, unknown>, text };
}

const signedAt = (secret: string, nowMs: number) =>
  signWebhook({ payload: { event: 'agent.message', data: {} }, secret, timestamp: Math.floor(nowMs / 1000) });

const verifies = (secrets: string[], signed: ReturnType<typeof signedAt>, nowMs: number) => {
  try {
    verifyWebhookSignature({ rawBody: signed.body, headers: signed.headers, secrets, now: nowMs });
    return true;
  } catch {
    return false;
  }
};

test('setup → rotation: both secrets verify during the grace, only the new one after; test events are accepted', async () => {
  const setup = await wiring('setup', '--url', ingressUrl, '--grace', '24h');
  assert.equal(setup.code, 0);
  const [first] = readWebhookSecretsFile(secretsFile);
  assert.ok(first, 'the secret was stored');
  assert.equal(statSync(secretsFile).mode & 0o777, 0o600);
  assert.ok(!setup.text.includes(first.secret), 'the secret is never printed');

  const tested = await wiring('test');
  assert.equal(tested.code, 0);
  assert.equal(tested.json.accepted, true);

  const rotatedAt = Date.now();
  const rotated = await wiring('rotate', '--grace', '24h');
  assert.equal(rotated.code, 0);
  const second = readWebhookSecretsFile(secretsFile).find((s) => s.retiresAt === null);
  assert.ok(second && second.secret !== first.secret, 'a new secret is current');
  assert.ok(!rotated.text.includes(second.secret));

  const hour = 3_600_000;
  const during = rotatedAt + hour;
  const afterGrace = rotatedAt + 25 * hour;
  const secretsAt = (t: number) => webhookSecretsReader(secretsFile, () => t)();
  assert.equal(
    verifies(secretsAt(during), signedAt(first.secret, during), during),
    true,
    'old secret in grace',
  );
  assert.equal(
    verifies(secretsAt(during), signedAt(second.secret, during), during),
    true,
    'new secret in grace',
  );
  assert.equal(
    verifies(secretsAt(afterGrace), signedAt(first.secret, afterGrace), afterGrace),
    false,
    'old secret dropped',
  );
  assert.equal(
    verifies(secretsAt(afterGrace), signedAt(second.secret, afterGrace), afterGrace),
    true,
    'new secret kept',
  );

  // The running ingress (real clock, inside the grace) accepts the test event signed with the new secret.
  const testedAgain = await wiring('test');
  assert.equal(testedAgain.json.accepted, true);

  const deliveries = await wiring('deliveries');
  const summary = deliveries.json.summary as { byVerdict: Record<string, number> };
  assert.equal(summary.byVerdict.accepted, 2);
});

test('webhooks test reports a rejection when the ingress lacks the secret, and deliveries name the reason', async () => {
  await wiring('setup', '--url', ingressUrl, '--grace', '0');
  writeFileSync(secretsFile, JSON.stringify({ secrets: [] }), { mode: 0o600 });
  const tested = await wiring('test');
  assert.equal(tested.code, 3);
  assert.equal(tested.json.accepted, false);
  assert.equal(tested.json.httpStatus, 401);
  const deliveries = await wiring('deliveries');
  const summary = deliveries.json.summary as { rejectedByReason: Record<string, number> };
  assert.equal(summary.rejectedByReason.bad_signature, 1);
});

test('setup refuses a non-https URL by its flag, before calling anything', async () => {
  await assert.rejects(
    runWebhookWiring('setup', ['--url', 'http://hooks.example.com/x'], {}),
    /--url must use https/,
  );
});
