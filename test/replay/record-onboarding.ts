/**
 * Records the replay history of an onboarding (kept apart from record.ts so recording it leaves the
 * other flows' histories untouched): on the in-process stack with the simulator, sign-up, one wrong
 * code, then the right one. The history holds the sealed codes and the key's fingerprint, never the
 * simulator's key. Re-run after an intended change:
 *   node --import tsx test/replay/record-onboarding.ts
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOnboarding, submitCode } from '../../client/onboarding';
import { DEVELOPMENT_NUMBER_KEY, developmentNumberKeyer } from '../../common/process/number-key';
import { saveHistory } from '../helpers/replay';
import { startTestStack } from '../helpers/stack';

const credentialsFile = join(mkdtempSync(join(tmpdir(), 'ringflow-record-')), 'credentials.json');
const stack = await startTestStack({}, {}, { RINGFLOW_CREDENTIALS_FILE: credentialsFile });
try {
  const { client } = stack.temporal;
  const email = 'recorded-owner@example.com';
  const { workflowId } = await startOnboarding(
    { client, taskQueue: stack.taskQueue, numberKey: developmentNumberKeyer },
    { email, agentName: 'Front desk' },
  );
  const outbox = await stack.list<{ to: string; code: string }>('/_sim/outbox');
  const code = outbox.filter((m) => m.to === email).at(-1)!.code;
  await submitCode(client, workflowId, code === '000000' ? '111111' : '000000', DEVELOPMENT_NUMBER_KEY);
  await submitCode(client, workflowId, code, DEVELOPMENT_NUMBER_KEY);
  await client.workflow.getHandle(workflowId).result();
  console.log(await saveHistory(client, workflowId, 'onboarding-wrong-then-verified'));
} finally {
  await stack.stop();
}
