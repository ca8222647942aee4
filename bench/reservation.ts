/**
 * Benchmark 2, the hot path: from the ingress accepting a booked call's `agent.call_ended` to the
 * confirmation SMS reaching AgentPhone, as a ratio of a bare workflow round trip measured in the same run.
 *
 *   node --import tsx bench/reservation.ts [--quick] [--modes 1,5,20] [--count 30]
 *
 * Runs the whole stack in this process (Temporal dev server, simulator at speed 40 so the call workflow is
 * waiting when the webhook comes, as it is with real calls; ingress; worker) and books tables one at a
 * time, then 5 and 20 at a time (a pool keeping that many reservations in flight). It reports:
 * - webhook→SMS latency p50/p95/p99 per mode, matched per reservation (each texts its own number);
 * - the bare round trip (start → one activity → result) p50, one at a time right before each mode, from
 *   its history's first to last event (the client's view, with its RPCs, is kept beside it), and the
 *   ratio to it (goal: p50 ≤ 3×, and p99 ≤ 1 s at 20 at a time);
 * - AgentPhone requests per reservation, by route (the simulator's request log);
 * - where the time goes: from the workflow histories of the call's mailbox, the call workflow and the
 *   reservation, the median offset of every event after the webhook's signal, and the workflow tasks
 *   and activities each hop took.
 * - CPU per reservation while a mode runs: this process (worker, ingress and simulator, all in it) and
 *   the Temporal dev server, when this process started it (a shared server's CPU is not ours to count).
 * It writes bench/results/hot-path.json (details) and bench/results/hot-path.summary.json.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import protos from '@temporalio/proto';
import { reservationWorkflow, selfCheckWorkflow } from '../workflows';
import { ANY_HOUR } from '../workflows/reservation/types';
import { workflowIds } from '../workflows/messages';
import { createLogger } from '../common/process/logger';
import { startInProcessStack } from '../stack/in-process';
import { installRuntimeLogger } from '../worker/runtime-logger';
import { benchRatio, percentile, writeBenchSummary, type BenchFigure } from './result-file';
import { cpuSecondsOf, descendantsMatching } from './scale/processes';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    modes: { type: 'string', default: '1,5,20' },
    /** Reservations per mode; default 30 (quick: 8), at least 2 rounds of the mode's concurrency. */
    count: { type: 'string' },
    out: { type: 'string', default: 'bench/results/hot-path.json' },
  },
});
// Temporal's own lines (worker state changes) would drown the figures: warnings and errors only.
installRuntimeLogger(createLogger({ level: 'warn' }), 'WARN');

const quick = values.quick;
const modes = values.modes.split(',').map((m) => {
  const n = Number(m);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--modes: "${m}" is not a positive whole number`);
  return n;
});
const baseCount = values.count ? Number(values.count) : quick ? 8 : 30;
if (!Number.isInteger(baseCount) || baseCount < 1) throw new Error('--count: a positive whole number');
const countFor = (parallel: number) => Math.max(baseCount, 2 * parallel);
/** Bare round trips per measurement (the first of each batch warms up and is dropped). */
const ROUND_TRIPS = quick ? 8 : 20;
/** A restaurant call lasts ~40 simulated seconds: ~1 s of wall time at this speed. */
const SIMULATOR_SPEED = 40;
const LIVE_CALLS = 50;

const RESTAURANT = '+14155550123';
const acceptedAt = new Map<string, number>(); // callId → epoch ms the ingress answered call_ended 200
const smsAt = new Map<string, number>(); // notify number → epoch ms its SMS POST reached the simulator

const stack = await startInProcessStack({
  // Room for 20 live calls at once, so webhooks come close together (the stress being measured).
  simulator: { speed: SIMULATOR_SPEED, limits: { concurrentCalls: LIVE_CALLS } },
  workerEnv: { RINGFLOW_MAX_LIVE_CALLS_PER_ACCOUNT: String(LIVE_CALLS) },
  instruments: {
    ingress(app) {
      app.addHook('onResponse', async (request, reply) => {
        if (request.url !== '/webhooks/agentphone' || reply.statusCode !== 200) return;
        const at = Date.now();
        try {
          const event = JSON.parse(String(request.body)) as { event: string; data?: { callId?: string } };
          const callId = event.data?.callId;
          if (event.event === 'agent.call_ended' && callId && !acceptedAt.has(callId))
            acceptedAt.set(callId, at);
        } catch {
          // not JSON: not ours to time
        }
      });
    },
    simulator(app) {
      app.addHook('preHandler', async (request) => {
        if (request.method !== 'POST' || request.url !== '/v1/messages') return;
        const to = (request.body as { to_number?: string } | undefined)?.to_number;
        if (to && !smsAt.has(to)) smsAt.set(to, Date.now());
      });
    },
  },
});

/** The dev server started for this stack (none when the harness gave one). */
const [serverPid] = descendantsMatching(process.pid, /temporal.*start-dev/);

/** YYYY-MM-DD, `days` after today (UTC): reservations refuse a table time in the past. */
function daysFromNow(days: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days))
    .toISOString()
    .slice(0, 10);
}

/** One evening per booking, each with its 19:00 table free (the venue remembers what it booked). */
const dates = Array.from({ length: 1000 }, (_, i) => daysFromNow(30 + i));
let booked = 0;

interface Booking {
  requestId: string;
  callId: string;
  notifyNumber: string;
  latencyMs: number;
}

async function bookOne(): Promise<Booking> {
  const n = booked++;
  const requestId = `bench-${randomUUID()}`;
  // Each reservation texts its own number, so every SMS pairs with its webhook.
  const notifyNumber = `+1415556${String(n).padStart(4, '0')}`;
  const result = await stack.temporal.client.workflow.execute(reservationWorkflow, {
    taskQueue: stack.taskQueue,
    workflowId: workflowIds.reservation(requestId),
    args: [
      {
        requestId,
        restaurants: [{ name: 'Bench Bistro', phone: RESTAURANT }],
        partySize: 2,
        date: dates[n]!,
        time: '19:00',
        flexMinutes: 60,
        name: 'Bench',
        notifyNumber,
        policy: { callChecks: { firstCheckMs: 60_000 }, callingHours: ANY_HOUR },
      },
    ],
  });
  if (result.state !== 'booked') throw new Error(`not booked: ${result.message}`);
  const callId = result.calls[0]!.callId!;
  const accepted = acceptedAt.get(callId);
  const sent = smsAt.get(notifyNumber);
  if (accepted === undefined || sent === undefined)
    throw new Error(`no timing for ${requestId} (webhook ${accepted}, SMS ${sent})`);
  return { requestId, callId, notifyNumber, latencyMs: sent - accepted };
}

/** Runs `total` jobs keeping `parallel` in flight. */
async function inPool<T>(parallel: number, total: number, job: () => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  let started = 0;
  const lane = async () => {
    while (started < total) {
      started += 1;
      results.push(await job());
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, total) }, lane));
  return results;
}

interface RoundTrip {
  /** Start → result as the client sees it (includes the start RPC and the result's long poll). */
  clientMs: number;
  /** First to last event of its history: start → workflow task → activity → workflow task → done. */
  serverMs: number;
}

/** A bare workflow round trip: start → the ping activity → result. */
async function bareRoundTrip(): Promise<RoundTrip> {
  const workflowId = `bench-rt-${randomUUID()}`;
  const t0 = performance.now();
  await stack.temporal.client.workflow.execute(selfCheckWorkflow, {
    taskQueue: stack.taskQueue,
    workflowId,
    args: [{ delayMs: 0, note: 'rt' }],
  });
  const clientMs = performance.now() - t0;
  const events = (await stack.temporal.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  return { clientMs, serverMs: eventMs(events[events.length - 1]!) - eventMs(events[0]!) };
}

async function bareRoundTrips(parallel: number): Promise<RoundTrip[]> {
  await bareRoundTrip(); // warm-up
  return inPool(parallel, ROUND_TRIPS, bareRoundTrip);
}

// ── where the time goes, from histories ──

const proto = protos.temporal;
const EVENT_NAMES = proto.api.enums.v1.EventType;
type HistoryEvent = protos.temporal.api.history.v1.IHistoryEvent;

function eventMs(event: HistoryEvent): number {
  const t = event.eventTime;
  return Number(t?.seconds ?? 0) * 1000 + (t?.nanos ?? 0) / 1e6;
}

/** A readable name: the event type, with the activity, signal or marker it is about. */
function eventLabel(event: HistoryEvent, activityOf: Map<string, string>): string {
  const type = (EVENT_NAMES[event.eventType ?? 0] ?? 'UNKNOWN')
    .replace(/^EVENT_TYPE_/, '')
    .toLowerCase()
    .replace(/_/g, ' ');
  const scheduled = event.activityTaskScheduledEventAttributes;
  if (scheduled) {
    activityOf.set(String(event.eventId), scheduled.activityType?.name ?? '?');
    return `${type} (${scheduled.activityType?.name})`;
  }
  const ref =
    event.activityTaskStartedEventAttributes?.scheduledEventId ??
    event.activityTaskCompletedEventAttributes?.scheduledEventId ??
    event.activityTaskFailedEventAttributes?.scheduledEventId;
  if (ref !== undefined && ref !== null) return `${type} (${activityOf.get(String(ref)) ?? '?'})`;
  const signal = event.workflowExecutionSignaledEventAttributes?.signalName;
  if (signal) return `${type} (${signal})`;
  const sent = event.signalExternalWorkflowExecutionInitiatedEventAttributes?.signalName;
  if (sent) return `${type} (${sent})`;
  const marker = event.markerRecordedEventAttributes?.markerName;
  if (marker) return `${type} (${marker})`;
  return type;
}

interface Hop {
  /** The reservation makes its call inline: the webhook's path is the mailbox, then the reservation. */
  workflow: 'mailbox' | 'reservation';
  workflowTasks: number;
  activities: number;
  localActivities: number;
}

interface Timeline {
  /** ms after the webhook's signal reached the mailbox, by "<workflow>: <event>[ #n]". */
  offsets: Map<string, number>;
  hops: Hop[];
}

async function timelineOf(booking: Booking): Promise<Timeline> {
  const ids = {
    mailbox: workflowIds.callEvents(booking.callId),
    reservation: workflowIds.reservation(booking.requestId),
  } as const;
  const histories = await Promise.all(
    Object.entries(ids).map(async ([workflow, id]) => ({
      workflow: workflow as Hop['workflow'],
      events: (await stack.temporal.client.workflow.getHandle(id).fetchHistory()).events ?? [],
    })),
  );
  const mailbox = histories.find((h) => h.workflow === 'mailbox')!.events;
  const signalIn = mailbox.find(
    (e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'call-ended',
  );
  if (!signalIn) throw new Error(`no call-ended signal in ${ids.mailbox}`);
  const t0 = eventMs(signalIn);
  const offsets = new Map<string, number>();
  offsets.set('ingress: webhook accepted (200)', acceptedAt.get(booking.callId)! - t0);
  offsets.set('simulator: SMS POST received', smsAt.get(booking.notifyNumber)! - t0);
  const hops: Hop[] = [];
  const end = smsAt.get(booking.notifyNumber)!;
  for (const { workflow, events } of histories) {
    const activityOf = new Map<string, string>();
    const seen = new Map<string, number>();
    const hop: Hop = { workflow, workflowTasks: 0, activities: 0, localActivities: 0 };
    for (const event of events) {
      const label = eventLabel(event, activityOf);
      const at = eventMs(event);
      if (at < t0 || (at > end && workflow === 'reservation')) continue;
      const n = (seen.get(label) ?? 0) + 1;
      seen.set(label, n);
      offsets.set(`${workflow}: ${label}${n > 1 ? ` #${n}` : ''}`, at - t0);
      if (event.eventType === proto.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED)
        hop.workflowTasks += 1;
      if (event.activityTaskScheduledEventAttributes) hop.activities += 1;
      if (event.markerRecordedEventAttributes) hop.localActivities += 1;
    }
    hops.push(hop);
  }
  return { offsets, hops };
}

interface ModeResult {
  parallel: number;
  reservations: number;
  wallSeconds: number;
  /**
   * The baseline: a bare round trip one at a time, first to last event of its history (`p50`, the
   * ratio's denominator: the stricter of the two, as the webhook→SMS span has no client RPC in it
   * either); as the client saw it (`clientP50`); and at this mode's concurrency.
   */
  bareRoundTripMs: { p50: number; p95: number; clientP50: number; atSameConcurrencyP50: number };
  webhookToSmsMs: { p50: number; p95: number; p99: number; max: number };
  ratioToBare: { p50: number | undefined; p95: number | undefined; p99: number | undefined };
  /** Per workflow, the median tasks and activities between the webhook's signal and the SMS. */
  hops: Hop[];
  /** Median ms after the webhook's signal reached the mailbox, in time order. */
  breakdown: { at: string; medianMs: number; sinceLastMs: number }[];
  /** CPU ms per reservation during the mode: this process (worker + ingress + simulator), the server. */
  cpuMsPerReservation: { thisProcess: number; temporalServer: number | null };
}

const median = (xs: number[]) => percentile(xs, 50);
const round = (x: number) => Math.round(x * 10) / 10;

async function measureMode(parallel: number): Promise<ModeResult> {
  const bareOne = await bareRoundTrips(1);
  const bareSame = parallel === 1 ? bareOne : await bareRoundTrips(parallel);
  const total = countFor(parallel);
  const cpuBefore = { own: process.cpuUsage(), server: serverPid ? cpuSecondsOf(serverPid) : NaN };
  const t0 = performance.now();
  const bookings = await inPool(parallel, total, bookOne);
  const wallSeconds = (performance.now() - t0) / 1000;
  const ownCpu = process.cpuUsage(cpuBefore.own);
  const cpuMsPerReservation = {
    thisProcess: round((ownCpu.user + ownCpu.system) / 1000 / total),
    temporalServer: serverPid ? round(((cpuSecondsOf(serverPid) - cpuBefore.server) * 1000) / total) : null,
  };
  const lat = bookings.map((b) => b.latencyMs);
  const bare = median(bareOne.map((r) => r.serverMs));

  const timelines = await Promise.all(bookings.map(timelineOf));
  const keys = [...new Set(timelines.flatMap((t) => [...t.offsets.keys()]))].filter((k) =>
    timelines.every((t) => t.offsets.has(k)),
  );
  const ordered = keys
    .map((at) => ({ at, medianMs: round(median(timelines.map((t) => t.offsets.get(at)!))) }))
    .sort((a, b) => a.medianMs - b.medianMs);
  const breakdown = ordered.map((row, i) => ({
    ...row,
    sinceLastMs: round(row.medianMs - (i > 0 ? ordered[i - 1]!.medianMs : 0)),
  }));
  const hops = (['mailbox', 'reservation'] as const).map((workflow) => {
    const of = timelines.map((t) => t.hops.find((h) => h.workflow === workflow)!);
    return {
      workflow,
      workflowTasks: median(of.map((h) => h.workflowTasks)),
      activities: median(of.map((h) => h.activities)),
      localActivities: median(of.map((h) => h.localActivities)),
    };
  });
  const p = { p50: percentile(lat, 50), p95: percentile(lat, 95), p99: percentile(lat, 99) };
  return {
    parallel,
    reservations: total,
    wallSeconds: round(wallSeconds),
    bareRoundTripMs: {
      p50: round(bare),
      p95: round(
        percentile(
          bareOne.map((r) => r.serverMs),
          95,
        ),
      ),
      clientP50: round(median(bareOne.map((r) => r.clientMs))),
      atSameConcurrencyP50: round(median(bareSame.map((r) => r.serverMs))),
    },
    webhookToSmsMs: { p50: round(p.p50), p95: round(p.p95), p99: round(p.p99), max: round(Math.max(...lat)) },
    ratioToBare: { p50: benchRatio(p.p50, bare), p95: benchRatio(p.p95, bare), p99: benchRatio(p.p99, bare) },
    hops,
    breakdown,
    cpuMsPerReservation,
  };
}

function requestsByRoute(log: { method: string; path: string }[], reservations: number) {
  const byRoute = new Map<string, number>();
  for (const r of log) {
    const route = `${r.method} ${r.path.replace(/\/(call|agt|num|msg|conv)_[0-9a-f]+/g, '/{id}')}`;
    byRoute.set(route, (byRoute.get(route) ?? 0) + 1);
  }
  return {
    perReservation: Math.round((log.length / reservations) * 100) / 100,
    byRoute: Object.fromEntries(
      [...byRoute].sort().map(([route, n]) => [route, Math.round((n / reservations) * 100) / 100]),
    ),
  };
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
  await inPool(2, 2, bookOne); // warm the worker's caches and the bundle's code paths
  const warmUp = booked;
  const results: ModeResult[] = [];
  for (const parallel of modes) {
    const r = await measureMode(parallel);
    results.push(r);
    const { webhookToSmsMs: l, ratioToBare: x, bareRoundTripMs: b } = r;
    console.log(
      `${parallel} at a time (${r.reservations} in ${r.wallSeconds} s): webhook→SMS p50 ${l.p50} ms, p95 ${l.p95}, ` +
        `p99 ${l.p99}; bare round trip p50 ${b.p50} ms (client ${b.clientP50}; ${b.atSameConcurrencyP50} at ${parallel} at a time); ` +
        `ratio p50 ${x.p50}×, p99 ${x.p99}×; CPU per reservation ${r.cpuMsPerReservation.thisProcess} ms ` +
        `(worker+ingress+simulator), ${r.cpuMsPerReservation.temporalServer ?? '–'} ms (server)`,
    );
    console.log(
      `  hops: ${r.hops.map((h) => `${h.workflow} ${h.workflowTasks} tasks/${h.activities} act/${h.localActivities} local`).join(', ')}`,
    );
    for (const row of r.breakdown)
      console.log(
        `  ${String(row.medianMs).padStart(7)} ms (+${String(row.sinceLastMs).padStart(6)})  ${row.at}`,
      );
  }
  const requests = requestsByRoute(
    await stack.list<{ method: string; path: string }>('/_sim/requests'),
    booked,
  );
  console.log(`AgentPhone requests per reservation: ${requests.perReservation}`);
  for (const [route, n] of Object.entries(requests.byRoute)) console.log(`  ${route}: ${n}`);

  await mkdir('bench/results', { recursive: true });
  await writeFile(
    values.out,
    `${JSON.stringify(
      {
        benchmark: 'hot-path',
        at: new Date().toISOString(),
        quick,
        simulatorSpeed: SIMULATOR_SPEED,
        warmUpReservations: warmUp,
        agentPhoneRequests: requests,
        modes: results,
      },
      null,
      2,
    )}\n`,
  );
  const figures: BenchFigure[] = results.flatMap((r) => {
    const bare = r.bareRoundTripMs.p50;
    const base = { unit: 'ms', baseline: bare, baselineName: 'bare workflow round trip (history span), p50' };
    const p50Ratio = benchRatio(r.webhookToSmsMs.p50, bare);
    const rows: BenchFigure[] = [
      {
        metric: `webhook → SMS p50, ${r.parallel} at a time`,
        ...base,
        ringflow: r.webhookToSmsMs.p50,
        ...(p50Ratio !== undefined ? { ratio: p50Ratio } : {}),
        goal: '≤ 3×',
        goalMet: p50Ratio !== undefined && p50Ratio <= 3,
      },
      {
        metric: `webhook → SMS p99, ${r.parallel} at a time`,
        ...base,
        ringflow: r.webhookToSmsMs.p99,
        ...(benchRatio(r.webhookToSmsMs.p99, bare) !== undefined
          ? { ratio: benchRatio(r.webhookToSmsMs.p99, bare)! }
          : {}),
        ...(r.parallel === 20 ? { goal: '≤ 1000 ms', goalMet: r.webhookToSmsMs.p99 <= 1000 } : {}),
      },
    ];
    return rows;
  });
  await writeBenchSummary({
    benchmark: 'hot-path',
    title: 'Hot path: webhook accepted → confirmation SMS posted',
    quick,
    figures,
    notes: [
      `${results.map((r) => `${r.reservations} reservations ${r.parallel} at a time`).join(', ')}; simulator at speed ${SIMULATOR_SPEED}.`,
      `AgentPhone requests per reservation: ${requests.perReservation}.`,
      `Workflow tasks between the webhook and the SMS (mailbox/reservation, one at a time): ${results[0]?.hops.map((h) => h.workflowTasks).join('/')}.`,
    ],
  });
  console.log(`wrote ${values.out} and bench/results/hot-path.summary.json`);
} finally {
  await stack.stop();
}
