/**
 * `ringflow status --json` against the stack: a reservation waiting on the human's answer, a campaign
 * waiting for its calling window, a finished reservation, an opt-out and the webhook deliveries all show.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../client/commands/status';
import { ContactPageWriter } from '../../../client/campaign/store';
import { addOptOuts } from '../../../client/opt-out-list';
import type { StatusReport } from '../../../client/status';
import { developmentNumberKeyer } from '../../../common/process/number-key';
import { campaignWorkflow, reservationWorkflow } from '../../../workflows';
import { DEFAULT_OUTCOMES, DEFAULT_RETRY } from '../../../workflows/campaign/input';
import { getReservationStatusQuery, workflowIds } from '../../../workflows/messages';
import { ANY_HOUR, type ReservationRequest } from '../../../workflows/reservation/types';
import { EVERY_DAY, middayZone, testContacts } from '../../helpers/campaign';
import { daysFromNow } from '../../helpers/dates';
import { eventually, startTestStack, type TestStack } from '../../helpers/stack';

let stack: TestStack;
before(async () => {
  stack = await startTestStack();
});
after(() => stack?.stop());

const DATE = daysFromNow(30);
const request = (phone: string): ReservationRequest => ({
  requestId: randomUUID(),
  restaurants: [{ name: 'Lovely Thai', phone }],
  partySize: 2,
  date: DATE,
  time: '19:00',
  flexMinutes: 60,
  name: 'Manav',
  notifyNumber: '+14155550199',
  policy: { callChecks: { firstCheckMs: 60_000 }, callingHours: ANY_HOUR },
});

test('status shows a reservation waiting on the human, a campaign with its progress, outcomes, opt-outs and webhooks', async () => {
  const client = stack.temporal.client;
  // A restaurant that only has 20:30: the reservation texts the offer and waits for the human.
  await stack.control('/_sim/callees', {
    phoneNumber: '+14155550123',
    persona: 'restaurant',
    options: { name: 'Lovely Thai', availability: { [DATE]: ['20:00'] } },
  });
  // One that has 19:00: booked and finished.
  await stack.control('/_sim/callees', {
    phoneNumber: '+14155550124',
    persona: 'restaurant',
    options: { name: 'Lovely Thai', availability: { [DATE]: ['19:00'] } },
  });
  const booked = await client.workflow.execute(reservationWorkflow, {
    taskQueue: stack.taskQueue,
    workflowId: workflowIds.reservation(randomUUID()),
    args: [request('+14155550124')],
  });
  assert.equal(booked.state, 'booked');
  const waiting = await client.workflow.start(reservationWorkflow, {
    taskQueue: stack.taskQueue,
    workflowId: workflowIds.reservation(randomUUID()),
    args: [request('+14155550123')],
  });
  await eventually(
    async () => {
      const s = await waiting.query(getReservationStatusQuery);
      return s.state === 'awaiting_reply' ? s : undefined;
    },
    30_000,
    'the offer to be texted',
  );

  // A campaign whose window (03:00–03:01 where it is now midday) is closed: its contacts wait.
  const campaignId = `st-${randomUUID().slice(0, 8)}`;
  const zone = middayZone(Date.now());
  const deadlineMs = Date.now() + 86_400_000;
  const writer = new ContactPageWriter(client, stack.taskQueue, campaignId, deadlineMs + 3_600_000, 10);
  for (const contact of testContacts(3, () => [zone])) await writer.add(contact);
  await client.workflow.start(campaignWorkflow, {
    taskQueue: stack.taskQueue,
    workflowId: workflowIds.campaign(campaignId),
    args: [
      {
        definition: {
          campaignId,
          prompt: 'Remind {{name}}.',
          concurrency: 2,
          window: { start: '03:00', end: '03:01', days: EVERY_DAY },
          retry: DEFAULT_RETRY,
          deadlineMs,
          outcomes: DEFAULT_OUTCOMES,
        },
        contacts: await writer.finish(),
      },
    ],
  });

  await addOptOuts({ temporal: client, taskQueue: stack.taskQueue, numberKey: developmentNumberKeyer }, [
    { number: '+14155550777', channel: 'cli', reason: 'asked not to be called', source: 'test' },
  ]);

  const env = {
    TEMPORAL_ADDRESS: stack.temporal.address,
    RINGFLOW_TASK_QUEUE: stack.taskQueue,
    AGENTPHONE_API_KEY: stack.simulator.account.apiKey,
    AGENTPHONE_BASE_URL: stack.simulatorUrl,
    RINGFLOW_NUMBER_KEY: 'k'.repeat(32),
    RINGFLOW_WEBHOOK_SECRETS_FILE: join(mkdtempSync(join(tmpdir(), 'ringflow-status-')), 'none.json'),
  };
  const report = await eventually(
    async () => {
      let text = '';
      await main(['--json'], env, (t) => (text += t));
      const r = JSON.parse(text) as StatusReport;
      // Visibility is eventually consistent: wait until both running flows and the finished one are listed.
      const ready =
        r.flows.ok &&
        r.flows.value.reservations.length === 1 &&
        r.flows.value.campaigns.length === 1 &&
        r.recentOutcomes.ok &&
        (r.recentOutcomes.value.byKind.reservations?.completed ?? 0) >= 1;
      return ready ? r : undefined;
    },
    30_000,
    'status to list the flows',
  );

  assert.ok(report.flows.ok);
  const [reservation] = report.flows.value.reservations;
  assert.equal(reservation?.workflowId, waiting.workflowId);
  assert.equal(reservation?.state, 'awaiting_reply');
  assert.equal(reservation?.waitingOnHuman, true);
  const [campaign] = report.flows.value.campaigns;
  assert.equal(campaign?.workflowId, workflowIds.campaign(campaignId));
  assert.match(campaign?.detail ?? '', /^0\/3 done \(0%\), \d+ active, \d+ pending$/);

  assert.ok(report.account.ok, report.account.ok ? '' : report.account.error);
  assert.equal(report.account.value.numbersList.length >= 1, true);
  assert.ok(report.account.value.agents.some((a) => a.id === stack.simulator.account.agentId));
  assert.ok(report.optOuts.ok);
  assert.equal(report.optOuts.value.entries, 1);
  assert.ok(report.webhooks.ok, report.webhooks.ok ? '' : report.webhooks.error);
  assert.ok((report.webhooks.value.byVerdict.accepted ?? 0) >= 2, 'the call_ended webhooks were accepted');
  assert.equal(report.webhooks.value.url, stack.ingressUrl);
  // The stack's ingress holds the simulator's secret in memory, not in the (empty) secrets file here.
  assert.equal(report.webhooks.value.secretStored, false);

  let text = '';
  await main([], env, (t) => (text += t));
  assert.match(text, /Reservations: 1 running, 1 waiting on a human/);
  assert.match(text, /Campaigns: 1 running/);
  assert.match(text, /Opt-out list: 1 entries/);
  assert.match(text, /current secret is NOT in the secrets file: run `ringflow webhooks rotate`/);
});
