/**
 * Texting within the carriers' rules, end to end through the real activities, the simulator and the
 * ingress: the first SMS to a person names the sender and says how to opt out; STOP ends a waiting
 * reservation and keeps every later reservation from texting that person, until they text START;
 * HELP is answered once per message, even after STOP.
 */
import { developmentNumberKeyer } from '../../../common/process/number-key';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { reservationWorkflow } from '../../../workflows';
import { smsReceivedSignal, workflowIds } from '../../../workflows/messages';
import type { InboundSms } from '../../../workflows/types';
import { ANY_HOUR, type ReservationRequest } from '../../../workflows/reservation/types';
import { daysFromNow } from '../../helpers/dates';
import { runCli } from '../../helpers/processes';
import { eventually } from '../../helpers/eventually';
import { startTestStack, type TestStack } from '../../helpers/stack';
import { untilHistoryEvent } from '../../helpers/temporal';

const HUMAN = '+14155550177';
const DATE = daysFromNow(30);
const OFFERING = { name: 'Lovely Thai', phone: '+14155550131' };
const FREE = { name: 'Spicy Basil', phone: '+14155550132' };
const ALSO_FREE = { name: 'Green Curry', phone: '+14155550133' };

describe('SMS consent: sender, opt-out wording, STOP and START', () => {
  let stack: TestStack;
  before(async () => {
    stack = await startTestStack();
    for (const [restaurant, slots] of [
      [OFFERING, ['20:30']],
      [FREE, ['19:00']],
      [ALSO_FREE, ['19:00']],
    ] as const) {
      await stack.control('/_sim/callees', {
        phoneNumber: restaurant.phone,
        persona: 'restaurant',
        options: { name: restaurant.name, availability: { [DATE]: slots } },
      });
    }
  });
  after(() => stack?.stop());

  function book(restaurants: ReservationRequest['restaurants']) {
    const requestId = randomUUID();
    return stack.temporal.client.workflow.execute(reservationWorkflow, {
      taskQueue: stack.taskQueue,
      workflowId: workflowIds.reservation(requestId),
      args: [
        {
          requestId,
          restaurants,
          partySize: 2,
          date: DATE,
          time: '19:00',
          flexMinutes: 120,
          name: 'Manav',
          notifyNumber: HUMAN,
          policy: { callChecks: { firstCheckMs: 60_000 }, callingHours: ANY_HOUR },
        },
      ],
    });
  }
  const textsTo = async (person: string) =>
    (await stack.list<{ direction: string; to: string; body: string }>('/_sim/messages'))
      .filter((m) => m.direction === 'outbound' && m.to === person)
      .map((m) => m.body);
  const textsToHuman = () => textsTo(HUMAN);
  const personTexts = (from: string, body: string) =>
    stack.control('/_sim/inbound/sms', { from, to: stack.simulator.account.phoneNumber, body });

  test('the first text names the sender and the opt-out; STOP ends the waiting reservation', async () => {
    await stack.control('/_sim/auto-replies', { from: HUMAN, reply: 'Stop', delayMs: 1_000 });
    const result = await book([OFFERING, FREE]);
    assert.equal(result.state, 'opted_out', result.message);
    assert.equal(result.calls.length, 1, 'the next restaurant was not called');
    const texts = await textsToHuman();
    assert.equal(texts.length, 1);
    assert.match(texts[0]!, /^Ringflow: Lovely Thai has no table .* Reply STOP to opt out\.$/);
  });

  test('after STOP a booked table is not texted; after START the confirmation goes out, unsigned', async () => {
    const silent = await book([FREE]);
    assert.equal(silent.state, 'booked', silent.message);
    assert.match(silent.message, /Not texted: you opted out of texts\./);
    assert.equal((await textsToHuman()).length, 1, 'nothing texted after STOP');

    const cli = runCli(['sms', '--to', HUMAN, '--body', 'See you at 7!'], {
      ...process.env,
      TEMPORAL_ADDRESS: stack.temporal.address,
      RINGFLOW_TASK_QUEUE: stack.taskQueue,
    });
    const code = cli.child.exitCode ?? (await once(cli.child, 'exit'))[0];
    assert.equal(code, 3, cli.output());
    assert.match(
      cli.output(),
      /^suppressed: \+14155550177 is on the opt-out list \(texted STOP, by sms, since .*\); nothing was texted\.$/m,
    );
    assert.equal((await textsToHuman()).length, 1, 'the CLI texted nothing either');

    await personTexts(HUMAN, 'START');
    const told = await book([ALSO_FREE]);
    assert.equal(told.state, 'booked', told.message);
    const texts = await textsToHuman();
    assert.equal(texts.length, 2);
    assert.match(
      texts[1]!,
      /^Booked: table for 2 at Green Curry/,
      'an introduced contact gets the plain text',
    );
  });

  test('HELP is answered once per message, signed with the opt-out wording, even after STOP', async () => {
    const stranger = '+14155550178';
    const answers = (count: number) =>
      eventually(async () => ((await textsTo(stranger)).length >= count ? true : undefined), {
        what: `${count} HELP answers`,
      });
    await personTexts(stranger, 'STOP');
    await personTexts(stranger, 'Help');
    await answers(1);
    assert.match(
      (await textsTo(stranger))[0]!,
      /^Ringflow: This number sends automated texts for an AI phone assistant\. .* Reply STOP to opt out\.$/,
    );

    await personTexts(stranger, 'INFO');
    await answers(2);

    // The first HELP delivered again (a duplicated webhook) is not answered again: once the inbox has
    // handled that signal, it has still scheduled only the two answers.
    const agentId = stack.simulator.account.agentId;
    const helpIn = (
      await stack.list<{ id: string; from: string; body: string; direction: string }>('/_sim/messages')
    ).find((m) => m.direction === 'inbound' && m.from === stranger && m.body === 'Help');
    assert.ok(helpIn);
    const duplicate: InboundSms = {
      messageId: helpIn.id,
      agentId,
      from: stranger,
      to: stack.simulator.account.phoneNumber,
      body: 'Help',
      receivedAt: new Date().toISOString(),
      reading: { kind: 'help' },
    };
    const inbox = await stack.temporal.client.workflow.signalWithStart('smsInboxWorkflow', {
      workflowId: workflowIds.smsInbox(agentId, developmentNumberKeyer(stranger)),
      taskQueue: stack.taskQueue,
      args: [{ agentId, humanNumber: stranger }],
      signal: smsReceivedSignal,
      signalArgs: [duplicate],
    });
    // signalWithStart returned, so the duplicate is the latest signal in the history: wait (on the
    // history long-poll) for the workflow task that handled it.
    const signalled = (await inbox.fetchHistory()).events?.findLast(
      (e) => e.workflowExecutionSignaledEventAttributes,
    );
    await untilHistoryEvent(
      stack.temporal.client,
      inbox.workflowId,
      (e) => !!e.workflowTaskCompletedEventAttributes && Number(e.eventId) > Number(signalled?.eventId),
      { what: 'the inbox to handle the duplicate' },
    );
    // That task's commands (an answer it scheduled) are recorded with it: read the history after it.
    // Three activities in all: the STOP written to the opt-out list, and the two answers.
    const events = (await inbox.fetchHistory()).events ?? [];
    const scheduled = events.flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
    assert.deepEqual(scheduled, ['recordSmsConsent', 'sendSms', 'sendSms']);
    assert.equal((await textsTo(stranger)).length, 2);
  });
});
