import { after, before, describe, test } from 'node:test';
import { once } from 'node:events';
import assert from 'node:assert/strict';
import { WorkflowNotFoundError } from '@temporalio/client';
import { writeAgentSettingsSection } from '../../../client/agent-settings';
import { developmentNumberKeyer } from '../../../common/process/number-key';
import { workflowIds } from '../../../workflows/messages';
import {
  MISSED_CALLS_SECTION,
  type MissedCallSettings,
  type MissedCallStatus,
} from '../../../workflows/missed-call/types';
import type { InboundCallResult } from '../../../workflows/inbound-call';
import { eventually } from '../../helpers/eventually';
import { runCli } from '../../helpers/processes';
import { countByRoute } from '../../helpers/routes';
import { startTestStack, type TestStack } from '../../helpers/stack';

const OWNER = '+14155550199';

/** Callbacks at once (a few seconds after the first miss) at any hour: the test passes whenever it runs. */
const SETTINGS: MissedCallSettings = {
  delayMinutes: 0.1,
  hours: { start: '00:00', end: '24:00' },
  days: [0, 1, 2, 3, 4, 5, 6],
  timeZone: 'America/New_York',
  notifyNumber: OWNER,
  businessName: 'Lovely Thai',
  prompt: null,
  maxAttempts: 2,
  triage: 'messages',
  retryAfterMinutes: 60,
  relayRepliesForHours: 1,
};

type SimCall = { direction: string; toNumber?: string; fromNumber?: string; to?: string; from?: string };
type SimMessage = { direction: string; to: string; body: string };

describe('missed-call callbacks against the simulator, over HTTP, through the ingress', () => {
  let stack: TestStack;
  before(async () => {
    stack = await startTestStack();
    const { agentId } = stack.simulator.account;
    await writeAgentSettingsSection(
      stack.temporal.client,
      stack.taskQueue,
      agentId,
      MISSED_CALLS_SECTION,
      SETTINGS,
    );
  });
  after(() => stack?.stop());

  const ourNumber = () => stack.simulator.account.phoneNumber;
  const outboundTo = async (number: string) =>
    (await stack.list<SimCall>('/_sim/calls')).filter(
      (c) => c.direction === 'outbound' && (c.toNumber ?? c.to) === number,
    );
  const textsTo = async (number: string) =>
    (await stack.list<SimMessage>('/_sim/messages')).filter(
      (m) => m.direction === 'outbound' && m.to === number,
    );

  test('three missed calls make exactly one callback and one SMS summary to the owner', async () => {
    const caller = '+14155552101';
    for (let n = 0; n < 3; n++)
      await stack.control('/_sim/inbound/call', { from: caller, to: ourNumber(), missed: true });
    const workflowId = workflowIds.missedCall(
      stack.simulator.account.agentId,
      developmentNumberKeyer(caller),
    );
    assert.ok(!workflowId.includes(caller.slice(2)), 'no phone number in the workflow id');
    const handle = stack.temporal.client.workflow.getHandle<() => Promise<MissedCallStatus>>(workflowId);
    const result = await eventually(
      () =>
        handle.result().catch((err: unknown) => {
          if (err instanceof WorkflowNotFoundError) return undefined;
          throw err;
        }),
      { timeoutMs: 60_000, what: 'the callback series to finish' },
    );
    assert.equal(result.state, 'summarized', result.message);
    assert.equal(result.misses.length, 3, 'the three misses joined one series');
    assert.equal((await outboundTo(caller)).length, 1, 'exactly one callback in the call log');
    const owner = await textsTo(OWNER);
    assert.equal(owner.length, 1, JSON.stringify(owner));
    assert.match(owner[0]!.body, new RegExp(`Callback to \\${caller}`));
    assert.match(owner[0]!.body, /They said: "Oh, thanks for calling back!/);
    assert.equal(
      (await textsTo(caller)).length,
      0,
      'the caller is not texted when the callback reached them',
    );
    const log = await stack.list<{ method: string; path: string }>('/_sim/requests');
    assert.deepEqual(countByRoute(log.filter((r) => r.method === 'POST')), {
      'POST /v1/calls': 1,
      'POST /v1/messages': 1,
    });
  });

  test('a caller who leaves a message with the agent is texted to the owner and not called back', async () => {
    const caller = '+14155552102';
    await stack.control('/_sim/callees', {
      phoneNumber: caller,
      persona: 'person',
      options: { name: 'Dana', intent: 'message', topic: 'the umbrella I left last night' },
    });
    const before = (await textsTo(OWNER)).length;
    const { callId } = (await stack.control('/_sim/inbound/call', { from: caller, to: ourNumber() })) as {
      callId: string;
    };
    const triage = await eventually(
      () =>
        stack.temporal.client.workflow
          .getHandle<() => Promise<InboundCallResult>>(workflowIds.inboundCall(callId))
          .result()
          .catch((err: unknown) => {
            if (err instanceof WorkflowNotFoundError) return undefined;
            throw err;
          }),
      { timeoutMs: 60_000, what: 'the inbound call triage' },
    );
    assert.equal(triage.reading?.kind, 'message');
    assert.deepEqual(triage.actions, ['owner-sms']);
    const owner = (await textsTo(OWNER)).slice(before);
    assert.equal(owner.length, 1);
    assert.match(owner[0]!.body, /Dana left a message about the umbrella I left last night/);
    assert.equal((await outboundTo(caller)).length, 0);
  });

  /** `npx ringflow …` against this stack, as the owner runs it; resolves with the exit code and output. */
  async function ringflow(args: string[]) {
    const cli = runCli(args, {
      ...process.env,
      TEMPORAL_ADDRESS: stack.temporal.address,
      RINGFLOW_TASK_QUEUE: stack.taskQueue,
    });
    const code = cli.child.exitCode ?? (await once(cli.child, 'exit'))[0];
    return { code, output: cli.output() };
  }

  // Last: it replaces the settings the tests above use.
  test('the commands npm start prints: enable, a callback nobody answers, the reply relayed, status, cancel', async () => {
    const { agentId } = stack.simulator.account;
    const caller = '+14155552103';
    await stack.control('/_sim/callees', { phoneNumber: caller, persona: 'no-answer' });
    const enabled = await ringflow([
      ...['missed-calls', 'enable', '--agent', agentId, '--notify', OWNER, '--timezone', 'America/New_York'],
      ...[
        '--delay-minutes',
        '0',
        '--hours',
        'any',
        '--days',
        'any',
        '--max-attempts',
        '1',
        '--business',
        'Lovely Thai',
      ],
    ]);
    assert.equal(enabled.code, 0, enabled.output);
    assert.match(
      enabled.output,
      /missed-call callbacks on: 0 min after a miss, 00:00-24:00 Sun,Mon,Tue,Wed,Thu,Fri,Sat/,
    );

    await stack.control('/_sim/inbound/call', { from: caller, to: ourNumber(), missed: true });
    const sorry = await eventually(async () => (await textsTo(caller))[0], {
      timeoutMs: 60_000,
      what: 'the text to the caller',
    });
    assert.match(sorry.body, /Sorry we missed your call to Lovely Thai — reply here or call back\./);
    assert.equal((await outboundTo(caller)).length, 1, 'one unanswered callback (max attempts 1)');

    const before = (await textsTo(OWNER)).length;
    await stack.control('/_sim/inbound/sms', {
      from: caller,
      to: ourNumber(),
      body: 'Was about my order, call after 5',
    });
    const relayed = await eventually(async () => (await textsTo(OWNER))[before], {
      timeoutMs: 60_000,
      what: 'the relayed reply',
    });
    assert.equal(relayed.body, `Reply from ${caller} (missed call): Was about my order, call after 5`);

    const status = await ringflow(['missed-calls', 'status', '--agent', agentId]);
    assert.equal(status.code, 0, status.output);
    assert.match(
      status.output,
      new RegExp(`\\${caller}: awaiting_caller_reply, 1 miss\\(es\\), 1 call\\(s\\)`),
    );

    const cancelled = await ringflow(['missed-calls', 'cancel', caller, '--agent', agentId]);
    assert.equal(cancelled.code, 0, cancelled.output);
    assert.match(cancelled.output, /cancelled/);
    const again = await ringflow(['missed-calls', 'cancel', caller, '--agent', agentId]);
    assert.equal(again.code, 2, 'nothing to cancel is bad input');
    assert.match(again.output, /No callback pending for/);
  });
});
