import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger } from '../../../common/process/logger';

test('the logger redacts keys, secrets and authorization headers at any common depth', () => {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ level: 'info', destination });
  logger.info({ apiKey: 'sk_live_A', headers: { authorization: 'Bearer sk_live_B' } }, 'one');
  logger.info(
    { request: { api_key: 'sk_live_C', secret: 'whsec_D', headers: { Authorization: 'Bearer E' } } },
    'two',
  );
  const out = lines.join('');
  for (const secret of ['sk_live_A', 'sk_live_B', 'sk_live_C', 'whsec_D', 'Bearer E']) {
    assert.ok(!out.includes(secret), `${secret} leaked: ${out}`);
  }
  assert.equal((out.match(/\[redacted\]/g) ?? []).length, 5);
});
