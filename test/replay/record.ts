/**
 * Records the histories the replay tests check: runs each scenario on a dev server with the real
 * workflow code (and, for reservations, the simulator and the ingress) and saves its history. Waits of
 * hours (calling hours) run on a time-skipping server with scripted activities instead.
 * Re-run after an intended workflow change:
 *   node --import tsx test/replay/record.ts
 * Altered copies (names starting with "altered-") are written by hand to prove the check can fail.
 */
import { developmentNumberKeyer } from '../../common/process/number-key';
import { randomUUID } from 'node:crypto';
import { saveAlteredCopy, saveHistory } from '../helpers/replay';
import { callingHoursOpeningIn, daysFromNow } from '../helpers/dates';
import { eventually, startTestStack } from '../helpers/stack';
import { fakeActivities, outcomes } from '../helpers/fake-activities';
import { timeSkippingEnv, uniqueTaskQueue, withWorker } from '../helpers/temporal';
import { wallClockAt } from '../../common/zoned-time';

const date = daysFromNow(30);
import { callWorkflow, reservationWorkflow, selfCheckWorkflow } from '../../workflows';
import { ANY_HOUR } from '../../workflows/reservation/types';
import { workflowIds } from '../../workflows/messages';
import { writeSmsRelaySettings } from '../../client/sms-relay-settings';

const stack = await startTestStack();
try {
  const { client } = stack.temporal;
  const selfCheckId = `self-check-${randomUUID()}`;
  await client.workflow.execute(selfCheckWorkflow, {
    taskQueue: stack.taskQueue,
    workflowId: selfCheckId,
    args: [{ delayMs: 100, note: 'recorded' }],
  });
  console.log(await saveHistory(client, selfCheckId, 'self-check'));
  console.log(
    saveAlteredCopy('self-check', (event) => {
      const scheduled = event.activityTaskScheduledEventAttributes;
      if (!scheduled) return false;
      scheduled.activityType.name = 'sendSms'; // the self-check pings; it never texts
      return true;
    }),
  );

  const restaurants = {
    lovelyThai: { name: 'Lovely Thai', phone: '+14155550123', slots: ['18:00', '20:30'] },
    spicyBasil: { name: 'Spicy Basil', phone: '+14155550124', slots: ['20:30'] },
  };
  for (const r of Object.values(restaurants)) {
    await stack.control('/_sim/callees', {
      phoneNumber: r.phone,
      persona: 'restaurant',
      options: { name: r.name, availability: { [date]: r.slots } },
    });
  }
  /** Books for a human who answers every text with `reply`; fails unless it ends as `expected`. */
  async function reservation(
    human: string,
    reply: string,
    tried: (keyof typeof restaurants)[],
    expected: { state: string; calls: number },
  ) {
    await stack.control('/_sim/auto-replies', { from: human, reply, delayMs: 1_000 });
    const requestId = `recorded-${randomUUID()}`;
    const result = await client.workflow.execute(reservationWorkflow, {
      taskQueue: stack.taskQueue,
      workflowId: workflowIds.reservation(requestId),
      args: [
        {
          requestId,
          restaurants: tried.map((key) => ({ name: restaurants[key].name, phone: restaurants[key].phone })),
          partySize: 2,
          date,
          time: '19:00',
          flexMinutes: 120,
          name: 'Manav',
          notifyNumber: human,
          policy: { callingHours: ANY_HOUR },
        },
      ],
    });
    if (result.state !== expected.state || result.calls.length !== expected.calls)
      throw new Error(`unexpected: ${JSON.stringify(result)}`);
    return { workflowId: workflowIds.reservation(requestId), result };
  }

  // Every branch of the human-in-the-loop path: offer → SMS YES → call back → booked.
  const accepted = await reservation('+14155550199', 'YES', ['lovelyThai'], { state: 'booked', calls: 2 });
  console.log(await saveHistory(client, accepted.workflowId, 'reservation-offer-accepted'));
  console.log(
    saveAlteredCopy('reservation-offer-accepted', (event) => {
      const scheduled = event.activityTaskScheduledEventAttributes;
      if (scheduled?.activityType.name !== 'placeCall') return false;
      scheduled.activityType.name = 'sendSms'; // the reservation's first activity dials; it does not text
      return true;
    }),
  );

  // A call on its own (`ringflow call`): callWorkflow, ended by the webhook. (Reservations and
  // campaigns make their calls inline, so this is the one flow that still runs it.)
  const callId = `call:recorded-${randomUUID()}`;
  const called = await client.workflow.execute(callWorkflow, {
    taskQueue: stack.taskQueue,
    workflowId: callId,
    args: [{ toNumber: restaurants.lovelyThai.phone, systemPrompt: 'Ask whether they are open tonight.' }],
  });
  if (called.suppressed || called.source !== 'webhook')
    throw new Error(`unexpected call: ${JSON.stringify(called)}`);
  console.log(await saveHistory(client, callId, 'call-webhook'));

  // The human opts out instead of answering: offer → SMS STOP → opted out, nobody else called.
  const stopped = await reservation('+14155550198', 'STOP', ['spicyBasil', 'lovelyThai'], {
    state: 'opted_out',
    calls: 1,
  });
  console.log(await saveHistory(client, stopped.workflowId, 'reservation-stop-reply'));

  // The YES human's inbox: it handed YES to the reservation; then they text HELP and get one answer.
  const { agentId, phoneNumber } = stack.simulator.account;
  await stack.control('/_sim/inbound/sms', { from: '+14155550199', to: phoneNumber, body: 'HELP' });
  await eventually(
    async () => {
      const messages = await stack.list<{ to: string; body: string }>('/_sim/messages');
      return messages.some((m) => m.to === '+14155550199' && m.body.includes('automated texts'))
        ? true
        : undefined;
    },
    20_000,
    'the HELP answer',
  );
  console.log(
    await saveHistory(
      client,
      workflowIds.smsInbox(agentId, developmentNumberKeyer('+14155550199')),
      'sms-inbox-reply-and-help',
    ),
  );

  // A service's inbox: a one-time code (its webhook delivered twice) relayed once to the owner, then
  // a text nobody waits for relayed too (--relay-sms).
  const owner = '+14155550142';
  await writeSmsRelaySettings(client, stack.taskQueue, agentId, {
    notify: owner,
    codes: true,
    relaySms: true,
  });
  await stack.control('/_sim/faults', { webhook: { event: 'agent.message', duplicate: true, times: 1 } });
  await stack.control('/_sim/inbound/sms', {
    from: '22000',
    to: phoneNumber,
    body: 'G-723210 is your Google verification code.',
  });
  await stack.control('/_sim/inbound/sms', {
    from: '22000',
    to: phoneNumber,
    body: 'New sign-in to Google.',
  });
  await eventually(
    async () => {
      const messages = await stack.list<{ to: string; body: string }>('/_sim/messages');
      return messages.filter((m) => m.to === owner).length === 2 ? true : undefined;
    },
    60_000,
    'both relays to the owner',
  );
  console.log(
    await saveHistory(
      client,
      workflowIds.smsInbox(agentId, developmentNumberKeyer('22000')),
      'sms-inbox-code-relay',
    ),
  );
} finally {
  await stack.stop();
}

// A reservation that waits overnight-style for the restaurant's calling hours, then books: hours of
// durable sleep, so on a time-skipping server with scripted activities.
const env = await timeSkippingEnv();
try {
  const nowMs = await env.currentTimeMs();
  const la = (ms: number) => wallClockAt(ms, 'America/Los_Angeles');
  const { hours } = callingHoursOpeningIn(nowMs, 2);
  const day = la(nowMs + 3 * 86_400_000).date;
  const fake = fakeActivities({ client: env.client, outcomes: [outcomes.booked(day, '19:00')] });
  const taskQueue = uniqueTaskQueue('record');
  const requestId = `recorded-${randomUUID()}`;
  await withWorker({ connection: env.nativeConnection, taskQueue, activities: fake.activities }, async () => {
    const result = await env.client.workflow.execute(reservationWorkflow, {
      taskQueue,
      workflowId: workflowIds.reservation(requestId),
      args: [
        {
          requestId,
          restaurants: [{ name: 'Lovely Thai', phone: '+14155550123' }],
          partySize: 2,
          date: day,
          time: '19:00',
          flexMinutes: 60,
          name: 'Manav',
          notifyNumber: '+14155550199',
          policy: { callingHours: hours },
        },
      ],
    });
    const waited = (await env.currentTimeMs()) >= nowMs + 3_600_000;
    if (result.state !== 'booked' || fake.counts.placeCall !== 1 || !waited)
      throw new Error(`unexpected: ${JSON.stringify(result)}`);
  });
  console.log(await saveHistory(env.client, workflowIds.reservation(requestId), 'reservation-calling-hours'));
} finally {
  await env.teardown();
}
