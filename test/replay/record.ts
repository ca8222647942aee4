/**
 * Records the histories the replay tests check: runs each scenario on a dev server with the real
 * workflow code (and, for reservations, the simulator and the ingress) and saves its history.
 * Re-run after an intended workflow change:
 *   node --import tsx test/replay/record.ts
 * Altered copies (names starting with "altered-") are written by hand to prove the check can fail.
 */
import { randomUUID } from 'node:crypto';
import { saveHistory } from '../helpers/replay';
import { daysFromNow } from '../helpers/dates';
import { startTestStack } from '../helpers/stack';

const date = daysFromNow(30);
import { reservationWorkflow, selfCheckWorkflow } from '../../workflows';
import { workflowIds } from '../../workflows/messages';

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

  // A reservation that takes every branch of the human-in-the-loop path: offer → SMS YES → call back → booked.
  await stack.control('/_sim/callees', {
    phoneNumber: '+14155550123',
    persona: 'restaurant',
    options: { name: 'Lovely Thai', availability: { [date]: ['18:00', '20:30'] } },
  });
  await stack.control('/_sim/auto-replies', { from: '+14155550199', reply: 'YES', delayMs: 1_000 });
  const requestId = `recorded-${randomUUID()}`;
  const result = await client.workflow.execute(reservationWorkflow, {
    taskQueue: stack.taskQueue,
    workflowId: workflowIds.reservation(requestId),
    args: [
      {
        requestId,
        restaurants: [{ name: 'Lovely Thai', phone: '+14155550123' }],
        partySize: 2,
        date,
        time: '19:00',
        flexMinutes: 60,
        name: 'Manav',
        notifyNumber: '+14155550199',
      },
    ],
  });
  if (result.state !== 'booked' || result.calls.length !== 2)
    throw new Error(`unexpected: ${JSON.stringify(result)}`);
  console.log(await saveHistory(client, workflowIds.reservation(requestId), 'reservation-offer-accepted'));
  console.log(await saveHistory(client, result.calls[0]!.workflowId, 'call-webhook'));
} finally {
  await stack.stop();
}
