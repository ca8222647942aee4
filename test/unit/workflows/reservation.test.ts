import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { QueryNotRegisteredError, WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { reservationWorkflow } from '../../../workflows';
import {
  cancelReservationUpdate,
  getReservationStatusQuery,
  callEndedSignal,
  releaseCallSlotSignal,
  replyUpdate,
  smsReceivedSignal,
  workflowIds,
} from '../../../workflows/messages';
import {
  ANY_HOUR,
  type ReservationRequest,
  type ReservationState,
} from '../../../workflows/reservation/types';
import { eventually } from '../../helpers/eventually';
import { fakeActivities, outcomes } from '../../helpers/fake-activities';
import { callingHoursOpeningIn, daysFromNow } from '../../helpers/dates';
import { wallClockAt } from '../../../common/zoned-time';
import { spokenDate, spokenTime } from '../../../workflows/reservation/text';
import { readReply } from '../../../outcome/human-reply';

const DATE = daysFromNow(30);
import { timeSkippingEnv, uniqueTaskQueue, untilWaitingOnTimer, withWorker } from '../../helpers/temporal';

let env: TestWorkflowEnvironment;
before(async () => {
  env = await timeSkippingEnv();
});
after(() => env?.teardown());

function request(overrides: Partial<ReservationRequest> = {}): ReservationRequest {
  return {
    requestId: `r-${Math.random().toString(36).slice(2)}`,
    restaurants: [{ name: 'Lovely Thai', phone: '+14155550123' }],
    partySize: 2,
    date: DATE,
    time: '19:00',
    flexMinutes: 60,
    name: 'Manav',
    notifyNumber: '+14155550199',
    // Any hour, so the tests pass whenever they run; the calling-hours tests set their own.
    policy: { callingHours: ANY_HOUR },
    ...overrides,
  };
}

/** The reservation's status once it reaches `state` (its status is a query: no event announces it). */
async function waitForState(handle: WorkflowHandle<typeof reservationWorkflow>, state: ReservationState) {
  return eventually(
    async () => {
      // A query that reaches the workflow before its first task has run finds no handler yet.
      const status = await handle.query(getReservationStatusQuery).catch((err: unknown) => {
        if (err instanceof QueryNotRegisteredError) return undefined;
        throw err;
      });
      return status?.state === state ? status : undefined;
    },
    { what: `the reservation to reach ${state}` },
  );
}

/** The human's SMS reaching the waiting reservation, as the inbox hands it over. */
let inboundCount = 0;
async function humanTexts(handle: WorkflowHandle<typeof reservationWorkflow>, body: string) {
  inboundCount += 1;
  await handle.signal(smsReceivedSignal, {
    messageId: `msg_in_${inboundCount}`,
    agentId: 'agt_default',
    from: '+14155550199',
    to: '+14155550100',
    body,
    receivedAt: '2026-12-01T18:05:00Z',
    reading: readReply(body),
  });
}

async function run(
  fake: ReturnType<typeof fakeActivities>,
  input: ReservationRequest,
  steer: (handle: WorkflowHandle<typeof reservationWorkflow>) => Promise<void> = async () => {},
) {
  const taskQueue = uniqueTaskQueue();
  return withWorker(
    { connection: env.nativeConnection, taskQueue, activities: fake.activities },
    async () => {
      const handle = await env.client.workflow.start(reservationWorkflow, {
        taskQueue,
        workflowId: workflowIds.reservation(input.requestId),
        args: [input],
      });
      await steer(handle);
      return handle.result();
    },
  );
}

describe('the reservation workflow and the opt-out list', () => {
  test('a restaurant on the opt-out list is not called: the next one is, and the status says why', async () => {
    const listed = { name: 'Stop Calling Bistro', phone: '+14155550124' };
    const fake = fakeActivities({
      client: env.client,
      suppressedNumbers: [listed.phone],
      outcomes: [outcomes.booked(DATE, '19:00')],
    });
    const result = await run(
      fake,
      request({ restaurants: [listed, { name: 'Lovely Thai', phone: '+14155550123' }] }),
    );
    assert.equal(result.state, 'booked', result.message);
    assert.equal(result.booking?.restaurant.name, 'Lovely Thai');
    assert.deepEqual(
      fake.calls.map((c) => c.toNumber),
      ['+14155550123'],
      'only the listed-free restaurant was called',
    );
    assert.equal(result.calls[0]?.outcome, 'suppressed');
    assert.equal(result.calls[0]?.callId, null);
    assert.match(
      result.calls[0]?.reason ?? '',
      /not called: \+14155550124 is on the opt-out list \(scripted/,
    );
  });

  test('a human on the opt-out list is not texted: the table is booked and the status says so', async () => {
    const fake = fakeActivities({
      client: env.client,
      optedOut: true,
      outcomes: [outcomes.booked(DATE, '19:00')],
    });
    const result = await run(fake, request());
    assert.equal(result.state, 'booked');
    assert.match(result.message, /Not texted: you opted out of texts\./);
    assert.deepEqual(fake.sms, []);
  });
});

describe('the reservation workflow', () => {
  test('a booked table is confirmed to the human by one SMS', async () => {
    const fake = fakeActivities({ client: env.client, outcomes: [outcomes.booked(DATE, '19:00')] });
    const result = await run(fake, request());
    assert.equal(result.state, 'booked');
    assert.deepEqual(
      fake.sms.map((s) => s.body),
      [`Booked: table for 2 at Lovely Thai, ${spokenDate(DATE)} at 7 PM, under Manav.`],
    );
    assert.equal(fake.calls[0]?.variables?.party_size, '2');
  });

  test('an alternative the human accepts with YES is booked by a second call that takes it', async () => {
    const fake = fakeActivities({
      client: env.client,
      outcomes: [outcomes.offered(DATE, '20:30'), outcomes.booked(DATE, '20:30')],
    });
    const result = await run(fake, request(), async (handle) => {
      await waitForState(handle, 'awaiting_reply');
      const answer = await handle.executeUpdate(replyUpdate, {
        args: [{ text: 'yes please', reading: readReply('yes please') }],
      });
      assert.deepEqual(answer.understood, { kind: 'yes' });
    });
    assert.equal(result.state, 'booked');
    assert.equal(result.booking?.time, '20:30');
    assert.equal(fake.calls.length, 2);
    assert.equal(fake.calls[1]?.variables?.accepting_offer, 'yes');
    assert.equal(fake.calls[1]?.variables?.time, '20:30');
    assert.match(fake.sms[0]!.body, /offered 8:30 PM\. Reply YES/);
    assert.match(fake.sms[1]!.body, /^Booked: .* at 8:30 PM/);
    assert.equal(fake.counts.awaitSmsReply, 1, 'registered with the inbox before texting the offer');
  });

  test('an SMS reply of another time makes the next call ask for that time', async () => {
    const fake = fakeActivities({
      client: env.client,
      outcomes: [outcomes.offered(DATE, '20:30'), outcomes.booked(DATE, '21:00')],
    });
    const result = await run(fake, request(), async (handle) => {
      await waitForState(handle, 'awaiting_reply');
      await humanTexts(handle, 'How about 9pm?');
    });
    assert.equal(result.state, 'booked');
    assert.equal(fake.calls[1]?.variables?.time, '21:00');
    assert.equal(fake.calls[1]?.variables?.accepting_offer, 'no');
  });

  test('an offer with no reply before the deadline lapses and the human is told', async () => {
    const fake = fakeActivities({ client: env.client, outcomes: [outcomes.offered(DATE, '20:30')] });
    const result = await run(fake, request());
    assert.equal(result.state, 'lapsed');
    assert.equal(fake.calls.length, 1);
    assert.match(fake.sms.at(-1)!.body, /No reply, so the 8:30 PM offer from Lovely Thai has lapsed/);
  });

  test('a STOP reply to an offer ends the reservation: nothing more is called, texted or booked', async () => {
    const fake = fakeActivities({
      client: env.client,
      outcomes: [outcomes.offered(DATE, '20:30'), outcomes.booked(DATE, '20:30')],
    });
    const result = await run(fake, request(), async (handle) => {
      await waitForState(handle, 'awaiting_reply');
      await humanTexts(handle, 'STOP');
    });
    assert.equal(result.state, 'opted_out');
    assert.equal(result.booking, null);
    assert.equal(fake.calls.length, 1);
    assert.equal(fake.sms.length, 1, 'only the offer was texted');
  });

  test('a human who opted out still gets the table booked; the workflow completes without texting', async () => {
    const fake = fakeActivities({
      client: env.client,
      optedOut: true,
      outcomes: [outcomes.booked(DATE, '19:00')],
    });
    const result = await run(fake, request());
    assert.equal(result.state, 'booked');
    assert.match(result.message, /Not texted: you opted out of texts\.$/);
    assert.deepEqual([fake.counts.sendSms, result.smsSent.length], [1, 0]);
  });

  test('an offer cannot be put to a human who opted out: the reservation stops there', async () => {
    const fake = fakeActivities({
      client: env.client,
      optedOut: true,
      outcomes: [outcomes.offered(DATE, '20:30'), outcomes.booked(DATE, '20:30')],
    });
    const result = await run(
      fake,
      request({
        restaurants: [
          { name: 'Lovely Thai', phone: '+14155550123' },
          { name: 'Spicy Basil', phone: '+14155550124' },
        ],
      }),
    );
    assert.equal(result.state, 'opted_out');
    assert.deepEqual([fake.calls.length, fake.counts.sendSms], [1, 1]);
  });

  test('no answer is retried after a backoff, then booked', async () => {
    const fake = fakeActivities({
      client: env.client,
      outcomes: [outcomes.noAnswer(), outcomes.booked(DATE, '19:00')],
    });
    const result = await run(fake, request());
    assert.equal(result.state, 'booked');
    assert.deepEqual(
      result.calls.map((c) => c.outcome),
      ['no_answer', 'booked'],
    );
  });

  test("a restaurant at today's call cap is not dialled: retried as call-back-later, then the next", async () => {
    const fake = fakeActivities({
      client: env.client,
      attemptsAllowedToday: 1,
      outcomes: [outcomes.noAnswer(), outcomes.booked(DATE, '19:00')],
    });
    const result = await run(
      fake,
      request({
        restaurants: [
          { name: 'Lovely Thai', phone: '+14155550123' },
          { name: 'Spicy Basil', phone: '+14155550124' },
        ],
      }),
    );
    assert.deepEqual(
      result.calls.map((c) => [c.restaurant, c.outcome]),
      [
        ['Lovely Thai', 'no_answer'],
        ['Lovely Thai', 'capped'],
        ['Lovely Thai', 'capped'],
        ['Spicy Basil', 'capped'],
        ['Spicy Basil', 'capped'],
        ['Spicy Basil', 'capped'],
      ],
    );
    assert.equal(fake.counts.placeCall, 1, 'nothing dialled over the cap');
    assert.equal(result.state, 'not_booked');
  });

  test('a full restaurant moves on to the next one', async () => {
    const fake = fakeActivities({
      client: env.client,
      outcomes: [outcomes.full(), outcomes.booked(DATE, '19:00')],
    });
    const result = await run(
      fake,
      request({
        restaurants: [
          { name: 'Lovely Thai', phone: '+14155550123' },
          { name: 'Basil House', phone: '+14155550124' },
        ],
      }),
    );
    assert.equal(result.state, 'booked');
    assert.deepEqual(
      fake.calls.map((c) => c.toNumber),
      ['+14155550123', '+14155550124'],
    );
    assert.equal(result.booking?.restaurant.name, 'Basil House');
  });

  test('every restaurant full ends not booked, with one SMS saying so', async () => {
    const fake = fakeActivities({ client: env.client, outcomes: [outcomes.full()] });
    const result = await run(fake, request());
    assert.equal(result.state, 'not_booked');
    assert.equal(fake.sms.length, 1);
    assert.match(fake.sms[0]!.body, /couldn't book/);
  });

  test('cancelling mid-call ends the live call and texts nothing', async () => {
    const fake = fakeActivities({
      client: env.client,
      webhooks: ['lose'],
      callEndedOnFetch: false,
      outcomes: [],
    });
    const input = request();
    const result = await run(fake, input, async (handle) => {
      // Mid-call: the reservation (which makes its calls inline) waits for the call to end.
      await untilWaitingOnTimer(env.client, workflowIds.reservation(input.requestId));
      const status = await handle.executeUpdate(cancelReservationUpdate, { args: ['changed my mind'] });
      assert.equal(status.state, 'cancelled');
    });
    assert.equal(result.state, 'cancelled');
    assert.deepEqual([...fake.ended], ['call_0001']);
    assert.equal(fake.counts.sendSms, 0);
  });

  test('a table time that has already passed is refused before any activity runs', async () => {
    const fake = fakeActivities({ client: env.client, outcomes: [] });
    // Relative to the test server's clock, which time skipping has moved ahead of the wall clock.
    const past = wallClockAt((await env.currentTimeMs()) - 60 * 60_000, 'America/Los_Angeles');
    await assert.rejects(run(fake, request(past)), (err: unknown) => {
      assert.ok(err instanceof WorkflowFailedError);
      assert.match((err.cause as { message?: string }).message ?? '', /has already passed/);
      return true;
    });
    assert.ok(
      Object.values(fake.counts).every((n) => n === 0),
      JSON.stringify(fake.counts),
    );
  });

  test('no retry call is made when the table time is too close: the next restaurant is tried instead', async () => {
    // The restaurant (a 415 number: Pacific time) is wanted 35 minutes from now; a retry after the
    // 10-minute backoff would land within 30 minutes of the table, so it is not made.
    const soon = wallClockAt((await env.currentTimeMs()) + 35 * 60_000, 'America/Los_Angeles');
    const fake = fakeActivities({ client: env.client, outcomes: [outcomes.noAnswer()] });
    const result = await run(fake, request(soon));
    assert.equal(result.state, 'not_booked');
    assert.equal(fake.counts.placeCall, 1);
  });

  test("each restaurant's table time is read on its own clock: a fallback where it has passed is not called", async () => {
    // The table is wanted an hour from now in Pacific time. In New York that wall-clock time was two
    // hours ago (one or three on a DST night), so the New York fallback is skipped; a Pacific one is called.
    const inAnHour = wallClockAt((await env.currentTimeMs()) + 3_600_000, 'America/Los_Angeles');
    const pacific = { name: 'Lovely Thai', phone: '+14155550123' };
    const newYork = { name: 'Katz Deli', phone: '+12125550123' };
    const alsoPacific = { name: 'Basil House', phone: '+14155550124' };
    const fake = fakeActivities({ client: env.client, outcomes: [outcomes.full(), outcomes.full()] });
    const result = await run(fake, request({ ...inAnHour, restaurants: [pacific, newYork, alsoPacific] }));
    assert.equal(result.state, 'not_booked');
    assert.deepEqual(
      fake.calls.map((c) => c.toNumber),
      [pacific.phone, alsoPacific.phone],
    );
    assert.match(fake.sms.at(-1)!.body, /Tried: Lovely Thai, Basil House\. Too late to call: Katz Deli\.$/);
  });

  async function hoursOpeningIn(hoursAhead: number) {
    const nowMs = await env.currentTimeMs();
    return { nowMs, ...callingHoursOpeningIn(nowMs, hoursAhead) };
  }

  test("outside the restaurant's calling hours the call waits for them to open", async () => {
    const { nowMs, hours, opensAtMs } = await hoursOpeningIn(2);
    // Dated from the test server's clock, which earlier tests have moved on.
    const { date } = wallClockAt(nowMs + 3 * 86_400_000, 'America/Los_Angeles');
    const fake = fakeActivities({ client: env.client, outcomes: [outcomes.booked(date, '19:00')] });
    const result = await run(fake, request({ date, policy: { callingHours: hours } }), async (handle) => {
      const waiting = await waitForState(handle, 'waiting_for_hours');
      assert.match(
        waiting.message,
        new RegExp(`^Calling Lovely Thai when its calling hours open: ${spokenTime(hours.start)} on `),
      );
      assert.equal(fake.counts.placeCall, 0, 'no call before the hours open');
    });
    assert.equal(result.state, 'booked');
    assert.equal(fake.counts.placeCall, 1);
    assert.ok((await env.currentTimeMs()) >= opensAtMs, 'the call waited for the opening');
  });

  test('calling hours that open too close to the table time: that restaurant is not called', async () => {
    // The table is an hour away (Pacific); the hours open in two: no call could be of use.
    const { nowMs, hours } = await hoursOpeningIn(2);
    const table = wallClockAt(nowMs + 3_600_000, 'America/Los_Angeles');
    const fake = fakeActivities({ client: env.client, outcomes: [] });
    const result = await run(fake, request({ ...table, policy: { callingHours: hours } }));
    assert.equal(result.state, 'not_booked');
    assert.equal(fake.counts.placeCall, 0);
    assert.match(fake.sms.at(-1)!.body, /\. Too late to call: Lovely Thai\.$/);
  });

  test('an emergency number is refused before any activity runs', async () => {
    const fake = fakeActivities({ client: env.client, outcomes: [] });
    await assert.rejects(
      run(fake, request({ restaurants: [{ name: 'Nope', phone: '911' }] })),
      (err: unknown) => {
        assert.ok(err instanceof WorkflowFailedError);
        const cause = err.cause as { type?: string; message?: string };
        assert.equal(cause.type, 'InvalidReservationRequest');
        assert.match(cause.message ?? '', /restaurants\.0\.phone/);
        return true;
      },
    );
    assert.ok(
      Object.values(fake.counts).every((n) => n === 0),
      JSON.stringify(fake.counts),
    );
  });
});

describe('from the call’s end to the confirmation (the hot path)', () => {
  /** A booking 30 days after the test server's clock (earlier tests skip it ahead). */
  async function bookingAheadOfTheTestClock() {
    const date = new Date((await env.currentTimeMs()) + 30 * 86_400_000).toISOString().slice(0, 10);
    // As in production, the ingress has read the transcript (no spoken opt-out): no activity for it.
    const fake = fakeActivities({
      client: env.client,
      outcomes: [outcomes.booked(date, '19:00')],
      ingressReadsTranscript: true,
    });
    return { fake, input: request({ date }) };
  }

  test('the workflow task that has the call’s result reads the outcome, releases the slot and schedules the SMS', async () => {
    const { fake, input } = await bookingAheadOfTheTestClock();
    const result = await run(fake, input);
    assert.equal(result.state, 'booked', result.message);
    const handle = env.client.workflow.getHandle(workflowIds.reservation(input.requestId));
    const events = (await handle.fetchHistory()).events ?? [];
    // The call is made inline: its end reaches the reservation itself, from the call's mailbox.
    assert.ok(
      events.some((e) => e.workflowExecutionSignaledEventAttributes?.signalName === callEndedSignal.name),
      'the call-ended event reached the reservation',
    );
    const releaseAt = events.findIndex(
      (e) =>
        e.signalExternalWorkflowExecutionInitiatedEventAttributes?.signalName === releaseCallSlotSignal.name,
    );
    const smsScheduled = events.findIndex(
      (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'sendSms',
    );
    assert.ok(releaseAt >= 0 && smsScheduled > releaseAt, 'the slot was released, then the SMS scheduled');
    // One batch of commands: the completed task before the release, and no task started until the SMS.
    const taskCompleted = events
      .slice(0, releaseAt)
      .findLastIndex((e) => e.workflowTaskCompletedEventAttributes);
    const batch = events.slice(taskCompleted, smsScheduled);
    assert.equal(batch.filter((e) => e.workflowTaskStartedEventAttributes).length, 0, 'a task in between');
    assert.ok(
      events.slice(taskCompleted, releaseAt).some((e) => e.markerRecordedEventAttributes),
      'the outcome was read by a local activity in that task',
    );
    assert.equal(fake.counts.extract, 1);
  });

  test('the reservation ends only after its call gave the live-call slot back (the release answered)', async () => {
    const { fake, input } = await bookingAheadOfTheTestClock();
    await run(fake, input);
    const events =
      (await env.client.workflow.getHandle(workflowIds.reservation(input.requestId)).fetchHistory()).events ??
      [];
    const release = events.find(
      (e) =>
        e.signalExternalWorkflowExecutionInitiatedEventAttributes?.signalName === releaseCallSlotSignal.name,
    );
    assert.ok(release, 'the reservation never released its call slot');
    // Answered either way: signalled, or (the fakes' limiter does not exist) failed, but answered.
    const answered = events.findIndex(
      (e) =>
        (
          e.externalWorkflowExecutionSignaledEventAttributes ??
          e.signalExternalWorkflowExecutionFailedEventAttributes
        )?.initiatedEventId?.toString() === release.eventId?.toString(),
    );
    const ended = events.findIndex((e) => e.workflowExecutionCompletedEventAttributes);
    assert.ok(
      answered >= 0 && answered < ended,
      'the reservation completed before its slot release was answered',
    );
    // No call child any more: the call was made inside the reservation.
    assert.ok(!events.some((e) => e.startChildWorkflowExecutionInitiatedEventAttributes));
  });
});
