/**
 * Benchmark 1: webhook-driven vs polling.
 *
 *   node --import tsx bench/webhook-vs-polling.ts [--count 200 | --quick] [--concurrency 20] [--speed 10] [--seed 7]
 *
 * `--quick` (CI's smoke size, part of `npm run bench -- --quick`'s two minutes): 20 reservations at
 * simulator speed 20× instead of 200 at 10×. Each side lasts about as long as its longest call (up to
 * 120 simulated s), so the speed, not the count, sets its wall time: 20× halves it. The polling figures
 * stay honest at 20× (a poll every 150 ms of wall time, its wait counted at simulated length), and
 * ringflow's webhook → SMS path is measured in wall time, unscaled — only its calls end closer together.
 *
 * The same reservations go through two sides, one after the other, each against a
 * simulator of its own at the same speed, `concurrency` reservations in flight at a time:
 * - **polling**: a script that does what the AgentPhone guide suggests (bench/polling/baseline.ts):
 *   create the call, poll `GET /v1/calls/{id}` every 3 simulated seconds until terminal, then SMS;
 * - **ringflow**: the reservation workflow on the in-process stack (Temporal dev server, ingress,
 *   worker, simulator webhooks on), its call safety net scaled to the simulator's clock like the calls.
 * Every restaurant answers a scripted booking call of a seeded length, 20–120 simulated seconds.
 *
 * Reported for both, and as ringflow ÷ polling: AgentPhone requests per call, by route (every API
 * request the simulator answered, counted by a hook on its server; its `/_sim/requests` log keeps only
 * the last 2,000 and is compared when it holds them all), and call end → SMS latency p50/p95/p99 in
 * real-time-equivalent ms (bench/polling/measure.ts: the wait for the next poll counts at its simulated
 * length, every request and workflow step at its wall length). Checks one call and one SMS per
 * reservation on both sides, and every ringflow reservation booked (exit 1 otherwise).
 *
 * Results: bench/results/webhook-vs-polling-<n>.json and bench/results/webhook-vs-polling.summary.json.
 */
import { createServer, type Server } from 'node:http';
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { reservationWorkflow } from '../workflows';
import { ANY_HOUR } from '../workflows/reservation/types';
import { DEFAULT_CALL_CHECKS } from '../workflows/types';
import { workflowIds } from '../workflows/messages';
import { createLogger } from '../common/process/logger';
import { startInProcessStack } from '../stack/in-process';
import { installRuntimeLogger } from '../worker/runtime-logger';
import { buildSimulator } from '../simulator';
import { benchRatio, percentile, writeBenchSummary, type BenchFigure } from './result-file';
import { runPollingBaseline } from './polling/baseline';
import { apiRoute, callToSmsMs, perCall, round2 } from './polling/measure';
import {
  BENCH_GUEST_NAME,
  BENCH_RESTAURANT_NAME,
  BENCH_TABLE_TIME,
  planReservations,
  scriptedBookingCall,
  type PlannedReservation,
} from './polling/plan';

/** The smoke size: 20 reservations at 20× (about 6 s of calls per side instead of 12 s at 10×). */
const QUICK = { count: 20, speed: 20 } as const;

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '200' },
    quick: { type: 'boolean', default: false },
    concurrency: { type: 'string', default: '20' },
    speed: { type: 'string' },
    seed: { type: 'string', default: '7' },
  },
});
const count = values.quick ? QUICK.count : Number(values.count);
const concurrency = Number(values.concurrency);
// 10×: a 120 s call lasts 12 s and polls go 300 ms apart, well above the event-loop delays of a busy
// machine (at 30× a 100 ms poll interval drowned in them, and 20 calls ending within 4 s starved the worker).
// The quick run's 20× keeps polls 150 ms apart and its 20 calls ending over ~5 s.
const speed = Number(values.speed ?? (values.quick ? QUICK.speed : 10));
const seed = Number(values.seed);
for (const [flag, value] of [
  ['--count', count],
  ['--concurrency', concurrency],
  ['--speed', speed],
] as const) {
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${flag} must be a whole number of at least 1 (got ${String(value)})`);
}
// The safety net's first check must stay ≥ 1 s (the reservation input's floor) once scaled.
if (speed > 180) throw new Error(`--speed is at most 180 (got ${speed})`);
installRuntimeLogger(createLogger({ level: 'warn' }), 'WARN');

const POLL_SIMULATED_MS = 3_000;
const benchStarted = performance.now();
/** One line per phase, seconds since the script started: where a run's wall time goes. */
const phase = (what: string) =>
  console.log(`  [${((performance.now() - benchStarted) / 1000).toFixed(1)} s] ${what}`);
const loadAtStart = round2(loadavg()[0]!);
const WARM_UP = 2;
const plan = planReservations(count + WARM_UP, seed, new Date());
// Short warm-up calls: they only warm the code paths. The simulator plays each restaurant's call as it
// is registered, so the warm-up's own length is what must be registered (not the plan's 20–120 s).
const warmUp = plan.slice(count).map((r) => ({ ...r, callSeconds: 20 }));
const measured = plan.slice(0, count);
const simulatorLimits = { concurrentCalls: concurrency + 5 };

/** What one side's simulator saw: API requests by route, SMS arrivals and call ends by number. */
class SimulatorTap {
  counting = false;
  readonly routes = new Map<string, number>();
  readonly smsAt = new Map<string, number>(); // human's number → wall ms of the first POST /v1/messages
  readonly endedAt = new Map<string, number>(); // callId → wall ms agent.call_ended arrived
  private readonly arrivals = new WeakMap<object, number>();

  /** Counts every API request the simulator answers (its control API aside). */
  attachToSimulator(app: FastifyInstance): void {
    app.addHook('onRequest', async (request) => {
      this.arrivals.set(request, performance.now());
    });
    app.addHook('onResponse', async (request) => {
      if (!this.counting || request.url.startsWith('/_sim/')) return;
      const route = apiRoute(request.method, request.url);
      this.routes.set(route, (this.routes.get(route) ?? 0) + 1);
      const to = (request.body as { to_number?: string } | undefined)?.to_number;
      if (route === 'POST /v1/messages' && to && !this.smsAt.has(to))
        this.smsAt.set(to, this.arrivals.get(request)!);
    });
  }

  /** Notes when `agent.call_ended` reached the ingress (the ringflow side). */
  attachToIngress(app: FastifyInstance): void {
    app.addHook('onRequest', async (request) => {
      this.arrivals.set(request, performance.now());
    });
    app.addHook('onResponse', async (request, reply) => {
      if (reply.statusCode === 200) this.noteWebhook(String(request.body), this.arrivals.get(request)!);
    });
  }

  noteWebhook(body: string, at: number): void {
    try {
      const event = JSON.parse(body) as { event?: string; data?: { callId?: string } };
      const callId = event.data?.callId;
      if (event.event === 'agent.call_ended' && callId && !this.endedAt.has(callId))
        this.endedAt.set(callId, at);
    } catch {
      // not JSON: not a call end
    }
  }

  reset(): void {
    this.routes.clear();
    this.smsAt.clear();
    this.endedAt.clear();
  }
}

/** A receiver for the polling side's simulator webhooks: the script never reads them, the clock does. */
async function webhookTimer(tap: SimulatorTap): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const at = performance.now();
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      tap.noteWebhook(body, at);
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`, server };
}

interface SideResult {
  side: 'ringflow' | 'polling';
  wallSeconds: number;
  calls: number;
  requestsPerCall: number;
  requestsPerCallByRoute: Record<string, number>;
  requestLogAgrees: boolean | 'log full';
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  wallLatencyMs: { p50: number; p95: number; p99: number };
  problems: string[];
}

async function callIdsByNumber(simulatorUrl: string): Promise<Map<string, string[]>> {
  const res = await fetch(`${simulatorUrl}/_sim/calls`);
  const calls = ((await res.json()) as { data: { id: string; toNumber: string }[] }).data;
  const byNumber = new Map<string, string[]>();
  for (const c of calls) byNumber.set(c.toNumber, [...(byNumber.get(c.toNumber) ?? []), c.id]);
  return byNumber;
}

/** The simulator's own log against the tap's counts, when the log (last 2,000) holds every request. */
async function requestLogAgrees(simulatorUrl: string, tap: SimulatorTap): Promise<boolean | 'log full'> {
  const res = await fetch(`${simulatorUrl}/_sim/requests`);
  const log = ((await res.json()) as { data: { method: string; path: string }[] }).data;
  if (log.length >= 2000) return 'log full';
  const fromLog = new Map<string, number>();
  for (const r of log)
    fromLog.set(apiRoute(r.method, r.path), (fromLog.get(apiRoute(r.method, r.path)) ?? 0) + 1);
  return JSON.stringify(perCall(fromLog, 1)) === JSON.stringify(perCall(tap.routes, 1));
}

async function sideResult(
  side: SideResult['side'],
  tap: SimulatorTap,
  simulatorUrl: string,
  wallMs: number,
  terminalPolls: Map<string, number> | undefined,
): Promise<SideResult> {
  const problems: string[] = [];
  const calls = await callIdsByNumber(simulatorUrl);
  const latencies: number[] = [];
  const wall: number[] = [];
  for (const r of measured) {
    const ids = calls.get(r.restaurantPhone) ?? [];
    if (ids.length !== 1) problems.push(`${side}: reservation ${r.index} placed ${ids.length} calls`);
    const endedAt = tap.endedAt.get(ids[0] ?? '');
    const smsAt = tap.smsAt.get(r.notifyNumber);
    if (endedAt === undefined || smsAt === undefined) {
      problems.push(`${side}: reservation ${r.index} has no ${endedAt === undefined ? 'call end' : 'SMS'}`);
      continue;
    }
    const terminalPollSentAt = terminalPolls?.get(ids[0]!);
    latencies.push(
      callToSmsMs(
        { callEndedAt: endedAt, smsAt, ...(terminalPollSentAt ? { terminalPollSentAt } : {}) },
        speed,
      ),
    );
    wall.push(smsAt - endedAt);
  }
  const sms = tap.routes.get('POST /v1/messages') ?? 0;
  if (sms !== count) problems.push(`${side}: ${sms} SMS sent for ${count} reservations`);
  const total = [...tap.routes.values()].reduce((a, b) => a + b, 0);
  const pct = (values: number[]) => ({
    p50: Math.round(percentile(values, 50)),
    p95: Math.round(percentile(values, 95)),
    p99: Math.round(percentile(values, 99)),
  });
  return {
    side,
    wallSeconds: round2(wallMs / 1000),
    calls: count,
    requestsPerCall: round2(total / count),
    requestsPerCallByRoute: perCall(tap.routes, count),
    requestLogAgrees: await requestLogAgrees(simulatorUrl, tap),
    latencyMs: { ...pct(latencies), max: Math.round(Math.max(...latencies)) },
    wallLatencyMs: pct(wall),
    problems,
  };
}

async function registerRestaurants(simulatorUrl: string, reservations: readonly PlannedReservation[]) {
  for (const r of reservations) {
    const res = await fetch(`${simulatorUrl}/_sim/callees`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(scriptedBookingCall(r)),
    });
    if (!res.ok) throw new Error(`/_sim/callees: ${res.status} ${await res.text()}`);
  }
}

async function runPollingSide(): Promise<SideResult> {
  const tap = new SimulatorTap();
  const receiver = await webhookTimer(tap);
  const simulator = await buildSimulator({
    speed,
    seed,
    rateLimits: false,
    limits: simulatorLimits,
    webhookUrl: receiver.url,
  });
  tap.attachToSimulator(simulator.app);
  const baseUrl = await simulator.listen({ port: 0 });
  try {
    await registerRestaurants(baseUrl, [...measured, ...warmUp]);
    const common = {
      baseUrl,
      apiKey: simulator.account.apiKey,
      agentId: simulator.account.agentId,
      concurrency,
      pollIntervalMs: POLL_SIMULATED_MS / speed,
    };
    phase('polling: simulator ready, warming up');
    await runPollingBaseline({ ...common, reservations: warmUp });
    phase('polling: warmed up, measuring');
    await fetch(`${baseUrl}/_sim/requests`, { method: 'DELETE' });
    tap.reset();
    tap.counting = true;
    const t0 = performance.now();
    const polled = await runPollingBaseline({ ...common, reservations: measured });
    const wallMs = performance.now() - t0;
    tap.counting = false;
    const terminalPolls = new Map(polled.map((p) => [p.callId, p.terminalPollSentAt]));
    return await sideResult('polling', tap, baseUrl, wallMs, terminalPolls);
  } finally {
    await simulator.close();
    await new Promise((resolve) => receiver.server.close(resolve));
  }
}

async function runRingflowSide(): Promise<SideResult & { notBooked: string[] }> {
  const tap = new SimulatorTap();
  const stack = await startInProcessStack({
    simulator: { speed, seed, rateLimits: false, limits: simulatorLimits },
    workerEnv: { RINGFLOW_MAX_LIVE_CALLS_PER_ACCOUNT: String(concurrency) },
    instruments: {
      ingress: (app) => tap.attachToIngress(app),
      simulator: (app) => tap.attachToSimulator(app),
    },
  });
  const notBooked: string[] = [];
  try {
    phase('ringflow: stack ready, warming up');
    await registerRestaurants(stack.simulatorUrl, [...measured, ...warmUp]);
    // The safety net runs on Temporal's (wall) clock: scaled like the simulated calls it watches.
    const callChecks = {
      firstCheckMs: Math.round(DEFAULT_CALL_CHECKS.firstCheckMs / speed),
      maxIntervalMs: Math.round(DEFAULT_CALL_CHECKS.maxIntervalMs / speed),
      giveUpAfterMs: Math.max(10_000, Math.round(DEFAULT_CALL_CHECKS.giveUpAfterMs / speed)),
    };
    const book = async (r: PlannedReservation) => {
      const requestId = `bench-wvp-${seed}-${r.index}-${Date.now()}`;
      const result = await stack.temporal.client.workflow.execute(reservationWorkflow, {
        taskQueue: stack.taskQueue,
        workflowId: workflowIds.reservation(requestId),
        args: [
          {
            requestId,
            restaurants: [{ name: BENCH_RESTAURANT_NAME, phone: r.restaurantPhone }],
            partySize: 2,
            date: r.date,
            time: BENCH_TABLE_TIME,
            flexMinutes: 60,
            name: BENCH_GUEST_NAME,
            notifyNumber: r.notifyNumber,
            policy: { callChecks, callingHours: ANY_HOUR },
          },
        ],
      });
      if (result.state !== 'booked')
        notBooked.push(`reservation ${r.index}: ${result.state} — ${result.message}`);
    };
    const inLanes = async (reservations: readonly PlannedReservation[]) => {
      let next = 0;
      const lane = async () => {
        while (next < reservations.length) await book(reservations[next++]!);
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, reservations.length) }, lane));
    };
    await inLanes(warmUp);
    phase('ringflow: warmed up, measuring');
    notBooked.length = 0;
    await fetch(`${stack.simulatorUrl}/_sim/requests`, { method: 'DELETE' });
    tap.reset();
    tap.counting = true;
    const t0 = performance.now();
    await inLanes(measured);
    const wallMs = performance.now() - t0;
    tap.counting = false;
    const result = await sideResult('ringflow', tap, stack.simulatorUrl, wallMs, undefined);
    return { ...result, problems: [...result.problems, ...notBooked], notBooked };
  } finally {
    await stack.stop();
  }
}

console.log(
  `webhook-vs-polling: ${count} reservations, ${concurrency} at a time, calls 20–120 simulated s, ` +
    `simulator speed ${speed}×, polls every ${POLL_SIMULATED_MS / 1000} simulated s`,
);
phase('polling: starting its simulator');
const polling = await runPollingSide();
console.log(`polling done in ${polling.wallSeconds} s`);
phase('ringflow: starting the stack');
const ringflow = await runRingflowSide();
console.log(`ringflow done in ${ringflow.wallSeconds} s`);
phase('both sides done');

const unit = 'ms (real-time equivalent)';
const UNITS_NOTE =
  `Latency unit: real-time-equivalent ms. The simulator runs ${speed}× the wall clock; the wait for ` +
  `the next poll (3 simulated s apart) counts at its simulated length (wall × ${speed}), as it would ` +
  `last against the real API; every HTTP request and workflow step counts at its wall length. Call ` +
  `end = agent.call_ended reaching a receiver (the simulator sends it as the call ends); SMS = the ` +
  `simulator receiving POST /v1/messages.`;
const figures: BenchFigure[] = [
  {
    metric: 'AgentPhone requests per call',
    unit: 'requests/call',
    ringflow: ringflow.requestsPerCall,
    baseline: polling.requestsPerCall,
    baselineName: 'polling script (3 s)',
    ...(benchRatio(ringflow.requestsPerCall, polling.requestsPerCall) !== undefined
      ? { ratio: benchRatio(ringflow.requestsPerCall, polling.requestsPerCall)! }
      : {}),
  },
  ...(['p50', 'p95', 'p99'] as const).map((p): BenchFigure => {
    const ratio = benchRatio(ringflow.latencyMs[p], polling.latencyMs[p]);
    return {
      metric: `call end → SMS, ${p}`,
      unit,
      ringflow: ringflow.latencyMs[p],
      baseline: polling.latencyMs[p],
      baselineName: 'polling script (3 s)',
      ...(ratio !== undefined ? { ratio } : {}),
    };
  }),
];
const problems = [...polling.problems, ...ringflow.problems];
const detail = {
  bench: 'webhook-vs-polling',
  at: new Date().toISOString(),
  quick: values.quick,
  reservations: count,
  concurrency,
  simulatorSpeed: speed,
  pollEverySimulatedMs: POLL_SIMULATED_MS,
  callSeconds: {
    min: Math.min(...measured.map((r) => r.callSeconds)),
    max: Math.max(...measured.map((r) => r.callSeconds)),
  },
  seed,
  latencyUnit: UNITS_NOTE,
  loadAverage1m: { atStart: loadAtStart, atEnd: round2(loadavg()[0]!) },
  exact: problems.length === 0,
  problems,
  ringflow,
  polling,
};
await mkdir('bench/results', { recursive: true });
const detailFile = `bench/results/webhook-vs-polling-${count}.json`;
await writeFile(detailFile, `${JSON.stringify(detail, null, 2)}\n`);
await writeBenchSummary({
  benchmark: 'webhook-vs-polling',
  title: 'Webhook-driven vs polling',
  quick: values.quick,
  figures,
  notes: [
    `${count} reservations, ${concurrency} at a time, calls ${detail.callSeconds.min}–${detail.callSeconds.max} simulated s at ${speed}×; ` +
      (problems.length === 0
        ? 'exact: one call and one SMS per reservation on both sides'
        : `NOT EXACT: ${problems.length} problems`),
    UNITS_NOTE,
    `load average ${loadAtStart} at the start, ${detail.loadAverage1m.atEnd} at the end (2 cores: above 2, the worker waits for CPU)`,
    `requests per call by route — ringflow ${JSON.stringify(ringflow.requestsPerCallByRoute)}; polling ${JSON.stringify(polling.requestsPerCallByRoute)}`,
  ],
});

for (const s of [ringflow, polling]) {
  console.log(
    `${s.side.padEnd(8)}: ${s.requestsPerCall} requests/call ${JSON.stringify(s.requestsPerCallByRoute)}; ` +
      `call end → SMS p50 ${s.latencyMs.p50} / p95 ${s.latencyMs.p95} / p99 ${s.latencyMs.p99} ${unit} ` +
      `(wall p50 ${s.wallLatencyMs.p50} ms)`,
  );
}
for (const f of figures) console.log(`  ${f.metric}: ratio ringflow ÷ polling = ${f.ratio ?? '–'}`);
console.log(`Results: ${detailFile}, bench/results/webhook-vs-polling.summary.json`);
if (problems.length > 0) {
  for (const p of problems.slice(0, 20)) console.error(`problem: ${p}`);
  process.exitCode = 1;
}
