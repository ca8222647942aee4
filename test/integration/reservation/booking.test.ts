import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { reservationWorkflow } from '../../../workflows';
import { workflowIds } from '../../../workflows/messages';
import { ANY_HOUR, type ReservationRequest } from '../../../workflows/reservation/types';
import { daysFromNow } from '../../helpers/dates';
import { runCli } from '../../helpers/processes';
import { countByRoute } from '../../helpers/routes';
import { startTestStack, type TestStack } from '../../helpers/stack';
import { untilHistoryEvent } from '../../helpers/temporal';

const RESTAURANT = { name: 'Lovely Thai', phone: '+14155550123' };
const HUMAN = '+14155550199';
const DATE = daysFromNow(30);

function request(overrides: Partial<ReservationRequest> = {}): ReservationRequest {
  return {
    requestId: randomUUID(),
    restaurants: [RESTAURANT],
    partySize: 2,
    date: DATE,
    time: '19:00',
    flexMinutes: 60,
    name: 'Manav',
    notifyNumber: HUMAN,
    // Webhooks carry every result here; a check only if one is lost (none should be).
    // Simulated restaurants never close, so the tests pass at any hour.
    policy: { callChecks: { firstCheckMs: 60_000 }, callingHours: ANY_HOUR },
    ...overrides,
  };
}

async function book(stack: TestStack, input: ReservationRequest) {
  return stack.temporal.client.workflow.execute(reservationWorkflow, {
    taskQueue: stack.taskQueue,
    workflowId: workflowIds.reservation(input.requestId),
    args: [input],
  });
}

type Logged = { method: string; path: string; dropped: boolean };
/** The requests that change something at AgentPhone, counted by route. */
const posts = (log: Logged[]) => countByRoute(log.filter((r) => r.method === 'POST'));

describe('reservations against the simulator, over HTTP, through the ingress', () => {
  const stacks: TestStack[] = [];
  after(async () => {
    await Promise.all(stacks.map((s) => s.stop()));
  });
  async function stackWithRestaurant(slots: string[], speed?: number) {
    const stack = await startTestStack(speed ? { speed } : {});
    stacks.push(stack);
    await stack.control('/_sim/callees', {
      phoneNumber: RESTAURANT.phone,
      persona: 'restaurant',
      options: { name: RESTAURANT.name, availability: { [DATE]: slots } },
    });
    return stack;
  }

  test('a table is booked with one call and one SMS, and no status polls', async () => {
    const stack = await stackWithRestaurant(['18:00', '19:00', '20:30']);
    const result = await book(stack, request());
    assert.equal(result.state, 'booked', result.message);
    assert.deepEqual(result.booking && [result.booking.date, result.booking.time, result.booking.partySize], [
      DATE,
      '19:00',
      2,
    ]);
    const log = await stack.list<Logged>('/_sim/requests');
    assert.deepEqual(posts(log), { 'POST /v1/calls': 1, 'POST /v1/messages': 1 });
    assert.equal(
      countByRoute(log)['GET /v1/calls/{id}'],
      undefined,
      'the webhook made every status check unnecessary',
    );
    const sent = (await stack.list<{ direction: string; to: string; body: string }>('/_sim/messages')).filter(
      (m) => m.direction === 'outbound',
    );
    assert.deepEqual(
      sent.map((m) => [m.to, m.body]),
      [[HUMAN, result.smsSent[0]!.body]],
    );
  });

  test('an offered time accepted by the human over SMS is booked by calling back', async () => {
    const stack = await stackWithRestaurant(['18:00', '20:30']);
    await stack.control('/_sim/auto-replies', { from: HUMAN, reply: 'YES', delayMs: 1_000 });
    const result = await book(stack, request());
    assert.equal(result.state, 'booked', result.message);
    assert.equal(result.calls.length, 2);
    assert.equal(result.calls[0]!.outcome, 'alternative_offered');
    assert.match(result.smsSent[0]!.body, /Reply YES/);
    assert.equal(result.booking?.time, result.offer?.time, JSON.stringify(result, null, 1));
  });

  test('does not place a second call when the first POST committed but the response was lost', async () => {
    const stack = await stackWithRestaurant(['19:00']);
    await stack.control('/_sim/faults', { on: 'POST /v1/calls', commitThenDrop: true, times: 1 });
    const result = await book(stack, request());
    assert.equal(result.state, 'booked', result.message);
    const calls = await stack.list('/_sim/calls');
    assert.equal(calls.length, 1, 'exactly one call in the simulator');
    const log = await stack.list<Logged>('/_sim/requests');
    assert.equal(log.filter((r) => r.dropped).length, 1, 'the fault did cut the first response');
    assert.deepEqual(posts(log), { 'POST /v1/calls': 1, 'POST /v1/messages': 1 });
  });

  test('does not send a second SMS when the first POST committed but the response was lost', async () => {
    const stack = await stackWithRestaurant(['19:00']);
    await stack.control('/_sim/faults', { on: 'POST /v1/messages', commitThenDrop: true, times: 1 });
    const result = await book(stack, request());
    assert.equal(result.state, 'booked', result.message);
    const sent = (await stack.list<{ direction: string }>('/_sim/messages')).filter(
      (m) => m.direction === 'outbound',
    );
    assert.equal(sent.length, 1, 'exactly one SMS in the simulator');
    const log = await stack.list<Logged>('/_sim/requests');
    assert.equal(log.filter((r) => r.dropped).length, 1, 'the fault did cut the first response');
    assert.deepEqual(posts(log), { 'POST /v1/calls': 1, 'POST /v1/messages': 1 });
  });

  test('a worker stopped mid-call and started again finishes the reservation', async () => {
    // At 20× a call of about a minute lasts a few seconds: long enough to stop the worker during it.
    const stack = await stackWithRestaurant(['19:00'], 20);
    const input = request();
    const handle = await stack.temporal.client.workflow.start(reservationWorkflow, {
      taskQueue: stack.taskQueue,
      workflowId: workflowIds.reservation(input.requestId),
      args: [input],
    });
    // Once the reservation's history records the placed call (made inline), stop the worker.
    await untilHistoryEvent(
      stack.temporal.client,
      workflowIds.reservation(input.requestId),
      // placeCall's completion (the limiter's activities run before it).
      (e, before) => {
        const scheduledId = e.activityTaskCompletedEventAttributes?.scheduledEventId;
        if (scheduledId == null) return false;
        const scheduled = before.find((b) => String(b.eventId) === String(scheduledId));
        return scheduled?.activityTaskScheduledEventAttributes?.activityType?.name === 'placeCall';
      },
      { what: 'the call to be placed' },
    );
    await stack.stopWorker();
    // The call ends, and its webhook reaches the ingress, while no worker runs.
    const [placed] = await stack.list<{ id: string }>('/_sim/calls');
    const ended = await fetch(`${stack.simulatorUrl}/v1/calls/${placed!.id}?wait=true&timeout=300`, {
      headers: { authorization: `Bearer ${stack.simulator.account.apiKey}` },
    });
    assert.equal(((await ended.json()) as { status: string }).status, 'completed');
    await stack.startWorker();
    const result = await handle.result();
    assert.equal(result.state, 'booked', result.message);
    assert.equal((await stack.list('/_sim/calls')).length, 1);
  });

  test('ringflow book --wait exits 0 with a table and 3 without one', async () => {
    const stack = await stackWithRestaurant(['19:00']);
    const full = { name: 'Basil House', phone: '+14155550124' };
    await stack.control('/_sim/callees', {
      phoneNumber: full.phone,
      persona: 'restaurant',
      options: { name: full.name, availability: { [DATE]: [] } },
    });
    const book = async (restaurant: { name: string; phone: string }) => {
      const cli = runCli(
        [
          'book',
          ...['--restaurant-phone', restaurant.phone, '--restaurant-name', restaurant.name],
          ...['--party', '2', '--date', DATE, '--time', '19:00', '--flex-minutes', '0'],
          ...['--name', 'Manav', '--notify', HUMAN, '--calling-hours', 'any', '--wait'],
        ],
        { ...process.env, TEMPORAL_ADDRESS: stack.temporal.address, RINGFLOW_TASK_QUEUE: stack.taskQueue },
      );
      const code = cli.child.exitCode ?? (await once(cli.child, 'exit'))[0];
      return { code, output: cli.output() };
    };
    const booked = await book(RESTAURANT);
    assert.equal(booked.code, 0, booked.output);
    assert.match(booked.output, /booked/);
    const notBooked = await book(full);
    assert.equal(notBooked.code, 3, notBooked.output);
    assert.match(notBooked.output, /not_booked/);
  });
});
