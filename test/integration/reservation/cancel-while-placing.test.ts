/**
 * Cancelling a reservation while its call is being placed (the POST is in flight): the call that the
 * POST creates is ended at once, nothing is texted, and the `cancel` update returns `cancelled`. Run on
 * the dev server against the simulator: the time-skipping test server has hung on cancels that land
 * during an activity.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { reservationWorkflow } from '../../../workflows';
import { cancelReservationUpdate, workflowIds } from '../../../workflows/messages';
import { ANY_HOUR } from '../../../workflows/reservation/types';
import { daysFromNow } from '../../helpers/dates';
import { startTestStack, type TestStack } from '../../helpers/stack';

const RESTAURANT = { name: 'Lovely Thai', phone: '+14155550123' };

let stack: TestStack;
/** Resolves when the simulator receives the reservation's POST /v1/calls. */
let callPosted: Promise<void>;
before(async () => {
  let posted: () => void;
  callPosted = new Promise((resolve) => (posted = resolve));
  stack = await startTestStack(
    { speed: 1 },
    {
      simulator(app) {
        app.addHook('onRequest', async (request) => {
          if (request.method === 'POST' && request.url === '/v1/calls') posted();
        });
      },
    },
  );
  await stack.control('/_sim/callees', {
    phoneNumber: RESTAURANT.phone,
    persona: 'restaurant',
    options: { name: RESTAURANT.name, availability: { [daysFromNow(30)]: ['19:00'] } },
  });
  // The POST stays in flight long enough for the cancel to land while placeCall runs.
  await stack.control('/_sim/faults', { on: 'POST /v1/calls', latencyMs: 1_500, times: 1 });
});
after(() => stack?.stop());

type Logged = { method: string; path: string };

test(
  'a cancel that lands while the call is being placed ends that call and texts nothing',
  { timeout: 90_000 },
  async () => {
    const requestId = randomUUID();
    const handle = await stack.temporal.client.workflow.start(reservationWorkflow, {
      taskQueue: stack.taskQueue,
      workflowId: workflowIds.reservation(requestId),
      args: [
        {
          requestId,
          restaurants: [RESTAURANT],
          partySize: 2,
          date: daysFromNow(30),
          time: '19:00',
          flexMinutes: 60,
          name: 'Manav',
          notifyNumber: '+14155550199',
          policy: { callingHours: ANY_HOUR },
        },
      ],
    });
    await callPosted;
    const status = await handle.executeUpdate(cancelReservationUpdate, { args: ['changed my mind'] });
    assert.equal(status.state, 'cancelled');
    assert.equal((await handle.result()).state, 'cancelled');

    const requests = await stack.list<Logged>('/_sim/requests');
    const byRoute = (method: string, path: RegExp) =>
      requests.filter((r) => r.method === method && path.test(r.path)).length;
    assert.deepEqual(
      {
        placed: byRoute('POST', /^\/v1\/calls$/),
        ended: byRoute('POST', /^\/v1\/calls\/[^/]+\/end$/),
        texted: byRoute('POST', /^\/v1\/messages$/),
      },
      { placed: 1, ended: 1, texted: 0 },
    );
    const calls = await stack.list<{ status: string }>('/_sim/calls');
    assert.equal(calls.length, 1);
    assert.notEqual(calls[0]!.status, 'in-progress', 'the call placed during the cancel is not left live');
  },
);
