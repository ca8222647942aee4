/**
 * The opt-out list end to end: dev server, worker, simulator and ingress over HTTP. A person's STOP by
 * SMS (through the signed webhook and their inbox) lists them, and from then on `ringflow call` and
 * `ringflow sms` — and the call and SMS workflows themselves — make zero AgentPhone requests for that
 * number and say suppressed; START lifts it; a spoken "stop calling me" in a call's transcript lists the
 * callee; the CLI imports, checks and exports a file of a few hundred numbers.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lookUpOptOut, type OptOutListAccess } from '../../../client/opt-out-list';
import { developmentNumberKeyer } from '../../../common/process/number-key';
import { callWorkflow, smsWorkflow } from '../../../workflows';
import { workflowIds } from '../../../workflows/messages';
import { eventually } from '../../helpers/eventually';
import { runCli } from '../../helpers/processes';
import { startTestStack, type TestStack } from '../../helpers/stack';

const PERSON = '+14155550161';
const SAYS_STOP = '+14155550162';

describe('the opt-out list, end to end', () => {
  let stack: TestStack;
  let list: OptOutListAccess;
  before(async () => {
    stack = await startTestStack();
    list = { temporal: stack.temporal.client, taskQueue: stack.taskQueue, numberKey: developmentNumberKeyer };
  });
  after(() => stack?.stop());

  const cli = async (args: string[]) => {
    const run = runCli(args, {
      ...process.env,
      TEMPORAL_ADDRESS: stack.temporal.address,
      RINGFLOW_TASK_QUEUE: stack.taskQueue,
    });
    const code = run.child.exitCode ?? (await once(run.child, 'exit'))[0];
    return { code: code as number, output: run.output() };
  };
  const personTexts = (from: string, body: string) =>
    stack.control('/_sim/inbound/sms', { from, to: stack.simulator.account.phoneNumber, body });
  /** The API requests made since the last clear, by route, that concern `number`. */
  const requestsFor = async (number: string) => {
    const requests = await stack.list<{ method: string; path: string; requestBody: unknown }>(
      '/_sim/requests',
    );
    return requests
      .filter(
        (r) =>
          JSON.stringify(r.requestBody ?? '').includes(number) || r.path.includes(encodeURIComponent(number)),
      )
      .map((r) => `${r.method} ${r.path}`);
  };
  const clearRequests = () =>
    fetch(`${stack.simulatorUrl}/_sim/requests`, { method: 'DELETE' }).then((r) => assert.ok(r.ok));
  const listed = (number: string) =>
    eventually(async () => (await lookUpOptOut(list, number)) ?? undefined, { what: `${number} listed` });

  test('STOP by SMS: ringflow call and ringflow sms make zero API requests and say suppressed', async () => {
    await personTexts(PERSON, 'Stop');
    const entry = await listed(PERSON);
    assert.equal(entry.marks.sms?.reason, 'texted STOP');
    await clearRequests();

    const call = await cli(['call', '--to', PERSON, '--prompt', 'Say hello.', '--wait']);
    assert.equal(call.code, 3, call.output);
    assert.match(
      call.output,
      /^suppressed: \+14155550161 is on the opt-out list \(texted STOP, by sms, since .*\); nothing was called\.$/m,
    );
    const sms = await cli(['sms', '--to', PERSON, '--body', 'Hello!']);
    assert.equal(sms.code, 3, sms.output);
    assert.match(sms.output, /^suppressed: \+14155550161 is on the opt-out list .*; nothing was texted\.$/m);

    // The workflows check too, right before the dial and the SMS (the CLI's own check only speaks first).
    const called = await stack.temporal.client.workflow.execute(callWorkflow, {
      taskQueue: stack.taskQueue,
      workflowId: workflowIds.call(randomUUID()),
      args: [{ toNumber: PERSON, systemPrompt: 'Say hello.' }],
    });
    assert.equal(called.status, 'suppressed');
    const texted = await stack.temporal.client.workflow.execute(smsWorkflow, {
      taskQueue: stack.taskQueue,
      workflowId: workflowIds.sms(randomUUID()),
      args: [{ toNumber: PERSON, body: 'Hello!' }],
    });
    assert.equal(texted.suppressed, true);
    assert.deepEqual(await requestsFor(PERSON), [], 'zero AgentPhone requests for that number');
  });

  test('START lifts the SMS opt-out: the next text goes out, once', async () => {
    await personTexts(PERSON, 'START');
    await eventually(async () => ((await lookUpOptOut(list, PERSON)) === null ? true : undefined), {
      what: 'the opt-out lifted',
    });
    await clearRequests();
    const sms = await cli(['sms', '--to', PERSON, '--body', 'Welcome back!']);
    assert.equal(sms.code, 0, sms.output);
    const posts = (await requestsFor(PERSON)).filter((r) => r === 'POST /v1/messages');
    assert.equal(posts.length, 1);
  });

  test('a spoken "stop calling me" in a call transcript lists the callee; the next call is not placed', async () => {
    await stack.control('/_sim/callees', {
      phoneNumber: SAYS_STOP,
      script: {
        turns: [
          { role: 'agent', content: 'Hi, this is the assistant calling about your appointment.' },
          { role: 'user', content: "Please stop calling me, I'm not interested." },
          { role: 'agent', content: 'Understood, goodbye.' },
        ],
        status: 'completed',
        disconnectionReason: 'user_hangup',
        durationSeconds: 12,
      },
    });
    const first = await stack.temporal.client.workflow.execute(callWorkflow, {
      taskQueue: stack.taskQueue,
      workflowId: workflowIds.call(randomUUID()),
      args: [
        { toNumber: SAYS_STOP, systemPrompt: 'Confirm the appointment.', checks: { firstCheckMs: 60_000 } },
      ],
    });
    assert.equal(first.suppressed, false);
    const entry = await lookUpOptOut(list, SAYS_STOP); // recorded before the call workflow returned
    assert.ok(entry, 'listed by the call workflow itself');
    assert.equal(entry.marks.voice?.source, first.suppressed ? '' : first.callId);
    assert.match(entry.marks.voice?.reason ?? '', /^said: "Please stop calling me/);

    await clearRequests();
    const again = await stack.temporal.client.workflow.execute(callWorkflow, {
      taskQueue: stack.taskQueue,
      workflowId: workflowIds.call(randomUUID()),
      args: [{ toNumber: SAYS_STOP, systemPrompt: 'Confirm the appointment.' }],
    });
    assert.equal(again.status, 'suppressed');
    assert.deepEqual(await requestsFor(SAYS_STOP), []);
    const sms = await cli(['sms', '--to', SAYS_STOP, '--body', 'Hello?']);
    assert.equal(sms.code, 3, 'a spoken opt-out stops texts too (scope all)');
  });

  test('ringflow suppress imports a file of a few hundred numbers, checks one, and exports them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ringflow-optout-'));
    const numbers = Array.from({ length: 300 }, (_, i) => `+1212555${String(1000 + i).padStart(4, '0')}`);
    const file = join(dir, 'dnc.csv');
    writeFileSync(file, `number,reason\n${numbers.map((n) => `${n},DNC registry`).join('\n')}\n`);
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'number\n+12125559999\n911\n');

    const refused = await cli(['suppress', 'import', bad]);
    assert.equal(refused.code, 2, refused.output);
    assert.match(refused.output, /bad\.csv:3: number "911": /);
    assert.match(refused.output, /1 bad row\(s\); nothing was imported/);
    assert.equal(await lookUpOptOut(list, '+12125559999'), null, 'nothing half-imported');

    const imported = await cli(['suppress', 'import', file]);
    assert.equal(imported.code, 0, imported.output);
    assert.match(imported.output, /Imported 300 row\(s\): 300 added, 0 already listed\./);
    const again = await cli(['suppress', 'import', file]);
    assert.match(again.output, /300 row\(s\): 0 added, 300 already listed\./, 'idempotent');

    const check = await cli(['suppress', 'check', numbers[42]!]);
    assert.equal(check.code, 3, check.output);
    assert.match(check.output, /\+12125551042 {2}import {2}since .* {2}DNC registry {2}\(dnc\.csv\)/);

    const out = join(dir, 'out.csv');
    const exported = await cli(['suppress', 'export', out]);
    assert.equal(exported.code, 0, exported.output);
    const rows = readFileSync(out, 'utf8').trim().split('\n');
    assert.equal(rows[0], 'number,reason,channel,source,at');
    const exportedNumbers = new Set(rows.slice(1).map((r) => r.split(',')[0]));
    for (const n of numbers) assert.ok(exportedNumbers.has(n), `${n} exported`);

    const removed = await cli(['suppress', 'remove', numbers[42]!]);
    assert.match(removed.output, /Removed \+12125551042 from the opt-out list \(import\)\./);
    assert.equal(await lookUpOptOut(list, numbers[42]!), null);
  });
});
