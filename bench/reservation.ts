/**
 * Benchmark: what one booked reservation costs and how fast its result reaches the human.
 *
 *   node --import tsx bench/reservation.ts [--count 20] [--concurrency 5]
 *
 * Runs the whole stack in this process (Temporal dev server, simulator at instant speed, ingress, worker)
 * and books `count` tables, first one at a time, then `concurrency` at a time. It reports:
 * - AgentPhone requests per booked reservation, by route (from the simulator's request log);
 * - webhook-to-SMS latency: from the ingress accepting `agent.call_ended` to the confirmation SMS
 *   reaching the simulator (mailbox → call workflow → outcome → SMS activity), wall clock;
 * - that latency as a ratio of a bare workflow round trip (start → timer-free activity → result) measured
 *   in the same run, since absolute times depend on the machine.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { reservationWorkflow, selfCheckWorkflow } from '../workflows';
import { ANY_HOUR } from '../workflows/reservation/types';
import { workflowIds } from '../workflows/messages';
import { createLogger } from '../common/process/logger';
import { startInProcessStack } from '../stack/in-process';
import { installRuntimeLogger } from '../worker/runtime-logger';

const { values } = parseArgs({
  options: { count: { type: 'string', default: '20' }, concurrency: { type: 'string', default: '5' } },
});
// Temporal's own lines (worker state changes) would drown the figures: warnings and errors only.
installRuntimeLogger(createLogger({ level: 'warn' }), 'WARN');

const count = Number(values.count);
const concurrency = Number(values.concurrency);

const RESTAURANT = '+14155550123';
const acceptedAt = new Map<string, number>(); // callId → ms the ingress accepted call_ended
const smsAt: { to: string; at: number; body: string }[] = [];

const stack = await startInProcessStack({
  instruments: {
    ingress(app) {
      app.addHook('onResponse', async (request, reply) => {
        if (request.url !== '/webhooks/agentphone' || reply.statusCode !== 200) return;
        try {
          const event = JSON.parse(String(request.body)) as { event: string; data?: { callId?: string } };
          if (
            event.event === 'agent.call_ended' &&
            event.data?.callId &&
            !acceptedAt.has(event.data.callId)
          ) {
            acceptedAt.set(event.data.callId, performance.now());
          }
        } catch {
          // not JSON: not ours to time
        }
      });
    },
    simulator(app) {
      app.addHook('onRequest', async (request) => {
        if (request.method === 'POST' && request.url === '/v1/messages')
          smsAt.push({ to: '', at: performance.now(), body: '' });
      });
    },
  },
});

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** YYYY-MM-DD, `days` after today (UTC): reservations refuse a table time in the past. */
function daysFromNow(days: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days))
    .toISOString()
    .slice(0, 10);
}

/** One evening per booking, each with its 19:00 table free (the venue remembers what it booked). */
const dates = Array.from({ length: 400 }, (_, i) => daysFromNow(30 + i));
let nextDate = 0;

async function bookOne(): Promise<{ callId: string; smsIndex: number }> {
  const requestId = `bench-${randomUUID()}`;
  const date = dates[nextDate++]!;
  const before = smsAt.length;
  const result = await stack.temporal.client.workflow.execute(reservationWorkflow, {
    taskQueue: stack.taskQueue,
    workflowId: workflowIds.reservation(requestId),
    args: [
      {
        requestId,
        restaurants: [{ name: 'Bench Bistro', phone: RESTAURANT }],
        partySize: 2,
        date,
        time: '19:00',
        flexMinutes: 60,
        name: 'Bench',
        notifyNumber: '+14155550199',
        policy: { callChecks: { firstCheckMs: 60_000 }, callingHours: ANY_HOUR },
      },
    ],
  });
  if (result.state !== 'booked') throw new Error(`not booked: ${result.message}`);
  return { callId: result.calls[0]!.callId!, smsIndex: before };
}

try {
  // Plenty of 19:00 tables: every request books on the first call (the path being measured).
  await stack.control('/_sim/callees', {
    phoneNumber: RESTAURANT,
    persona: 'restaurant',
    options: {
      name: 'Bench Bistro',
      maxParty: 8,
      availability: Object.fromEntries(dates.map((d) => [d, ['19:00']])),
    },
  });
  const roundTrips: number[] = [];
  for (let i = 0; i < 6; i++) {
    const t0 = performance.now();
    await stack.temporal.client.workflow.execute(selfCheckWorkflow, {
      taskQueue: stack.taskQueue,
      workflowId: `bench-rt-${randomUUID()}`,
      args: [{ delayMs: 0, note: 'rt' }],
    });
    roundTrips.push(performance.now() - t0);
  }
  const roundTrip = [...roundTrips.slice(1)].sort((a, b) => a - b)[2]!; // the first one warms up

  const latencies = async (label: string, parallel: number) => {
    const runs: { callId: string }[] = [];
    const smsBefore = smsAt.length;
    const t0 = performance.now();
    for (let done = 0; done < count; done += parallel) {
      const batch = Array.from({ length: Math.min(parallel, count - done) }, () => bookOne());
      runs.push(...(await Promise.all(batch)));
    }
    const wall = performance.now() - t0;
    // Each reservation sends exactly one SMS after its call's webhook; pair them in time order.
    const sms = smsAt
      .slice(smsBefore)
      .map((s) => s.at)
      .sort((a, b) => a - b);
    const accepted = runs.map((r) => acceptedAt.get(r.callId)!).sort((a, b) => a - b);
    const lat = accepted.map((a, i) => (sms[i] ?? NaN) - a).sort((a, b) => a - b);
    console.log(
      `${label}: ${count} booked in ${(wall / 1000).toFixed(1)} s; webhook→SMS p50 ${percentile(lat, 50).toFixed(0)} ms, ` +
        `p95 ${percentile(lat, 95).toFixed(0)} ms = ${(percentile(lat, 50) / roundTrip).toFixed(1)}× / ` +
        `${(percentile(lat, 95) / roundTrip).toFixed(1)}× a bare workflow round trip`,
    );
  };

  console.log(`bare workflow round trip (median of 5): ${roundTrip.toFixed(0)} ms`);
  await latencies('one at a time', 1);
  await latencies(`${concurrency} at a time`, concurrency);

  const log = await stack.list<{ method: string; path: string }>('/_sim/requests');
  const byRoute = new Map<string, number>();
  for (const r of log) {
    const route = `${r.method} ${r.path.replace(/\/(call|agt|num|msg|conv)_[0-9a-f]+/g, '/{id}')}`;
    byRoute.set(route, (byRoute.get(route) ?? 0) + 1);
  }
  const total = 2 * count;
  console.log(`AgentPhone requests per booked reservation: ${(log.length / total).toFixed(2)}`);
  for (const [route, n] of [...byRoute].sort()) console.log(`  ${route}: ${(n / total).toFixed(2)}`);
} finally {
  await stack.stop();
}
