/**
 * The demo `npm start` runs on the simulator: a restaurant persona answers a number, ringflow books a table
 * there end to end, and the outcome, the call transcript and the SMS sent are printed.
 */
import type { Client } from '@temporalio/client';
import type { AgentPhone } from '../agentphone';
import { reservationWorkflow } from '../workflows';
import { workflowIds } from '../workflows/messages';
import { ANY_HOUR, type ReservationRequest, type ReservationResult } from '../workflows/reservation/types';

/** A restaurant persona left at this number for people to try `ringflow book` against. */
export const TRY_RESTAURANT = { name: 'Lovely Thai', phone: '+14155550123' };
export const DEMO_HUMAN = '+14155550199';

/** The first Saturday after today (UTC date), as YYYY-MM-DD. */
export function nextSaturday(now: Date): string {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
  while (day.getUTCDay() !== 6) day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

/** A POST to the simulator's control API (`/_sim/…`), failing loudly on a refusal. */
export async function control(simulatorUrl: string, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${simulatorUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`simulator ${path}: ${response.status} ${await response.text()}`);
}

export interface DemoResult {
  workflowId: string;
  seconds: number;
  result: ReservationResult;
  transcript: { role: string; content: string }[];
}

export async function runDemoReservation(options: {
  client: Client;
  taskQueue: string;
  simulatorUrl: string;
  agentphone: AgentPhone;
}): Promise<DemoResult> {
  const date = nextSaturday(new Date());
  // A restaurant of its own per run (the simulator remembers bookings across restarts), with 19:00 free.
  const restaurant = {
    name: 'Lovely Thai',
    phone: `+1415555${1000 + (Math.floor(Date.now() / 1000) % 9000)}`,
  };
  await control(options.simulatorUrl, '/_sim/callees', {
    phoneNumber: restaurant.phone,
    persona: 'restaurant',
    options: { name: restaurant.name, availability: { [date]: ['18:00', '19:00', '20:30', '21:00'] } },
  });
  await control(options.simulatorUrl, '/_sim/callees', {
    phoneNumber: TRY_RESTAURANT.phone,
    persona: 'restaurant',
    options: { name: TRY_RESTAURANT.name },
  });

  const request: ReservationRequest = {
    requestId: `demo-${Date.now()}`,
    restaurants: [restaurant],
    partySize: 2,
    date,
    time: '19:00',
    flexMinutes: 60,
    name: 'Manav',
    notifyNumber: DEMO_HUMAN,
    // The simulated restaurant never closes: the demo books at any hour of the day.
    policy: { callingHours: ANY_HOUR },
  };
  const workflowId = workflowIds.reservation(request.requestId);
  const started = Date.now();
  const result = await options.client.workflow.execute(reservationWorkflow, {
    taskQueue: options.taskQueue,
    workflowId,
    args: [request],
  });
  const lastCall = result.calls.at(-1)?.callId;
  const transcript = lastCall ? (await options.agentphone.calls.transcript(lastCall)).transcript : [];
  return { workflowId, seconds: (Date.now() - started) / 1000, result, transcript };
}
