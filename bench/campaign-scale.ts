/**
 * A call campaign at scale against the simulator at instant speed, and the bare script it is compared
 * with (issue 10 §4; issue 12 benchmarks 3 and 4):
 *   npm run bench:campaign -- [--contacts 10000 | --quick] [--concurrency 20] [--seed 7] [--no-baseline]
 *     [--state-dir DIR [--sitting-minutes M]] [--local-hour 14]
 * (`--quick` is 1,000 contacts, a tenth of the default; `npm run bench` passes `--contacts` itself.)
 * With `--state-dir` the run can be played in sittings (./scale/sittings.ts): after M minutes (or on
 * SIGUSR2) the campaign is paused, the sitting is written to DIR and the stack stops; the same command
 * goes on where it stopped, and the last sitting reports the totals. `--local-hour`: the contacts'
 * clock reads this hour at the start (9 leaves twelve hours of calling window for later sittings).
 *
 * 1. Generates a contacts CSV (distinct New York numbers, a name column, a `timezone` column set to a
 *    zone where it is now early afternoon, so the run is inside every contact's calling window).
 * 2. The bare script: its own simulator process, `POST /v1/calls` + wait for the signed call_ended
 *    webhook, `concurrency` at a time, no Temporal — the rate to beat.
 * 3. ringflow: a Temporal dev server (its own process), a simulator process with the same persona mix,
 *    and in this process the webhook ingress and a worker with the real activities. The campaign is
 *    started through the CLI's own start path (`ringflow campaign start`, the same function), and
 *    followed on the status query until it completes.
 * 4. Checks exact counts: every contact one result, final states and answers as each contact's
 *    persona dictates, and in the simulator's ledger one call per number, calls by persona as expected.
 * 5. Reports wall time, contacts/s, the ratio to the bare script, every campaign run's history (events
 *    and bytes, exported), the largest run of any workflow (visibility), events per contact by
 *    workflow type, peak RSS of this process (worker + ingress) and CPU of each process.
 * Results: bench/results/campaign-scale-<n>.json and a markdown table on stdout.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { format } from 'prettier';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import protos from '@temporalio/proto';
import { buildIngress, WEBHOOK_PATH } from '../client/ingress';
import { main as campaignCommand } from '../client/commands/campaign';
import { createLogger, silentLogger } from '../common/process/logger';
import { developmentNumberKeyer } from '../common/process/number-key';
import { DEFAULT_CAMPAIGN_MIX, type PersonaMix } from '../simulator/callees/mix';
import { startDevServer } from '../stack/temporal-server';
import { sharedWorkflowBundle, uniqueTaskQueue } from '../stack/in-process-temporal';
import { loadConfig } from '../worker/config';
import { buildActivityDeps } from '../worker/deps';
import { installRuntimeLogger } from '../worker/runtime-logger';
import { createWorker } from '../worker/worker';
import { campaignCallPrompt } from '../workflows/campaign/text';
import { DEFAULT_OUTCOMES } from '../workflows/campaign/input';
import type { CampaignStatus } from '../workflows/campaign/types';
import {
  getCampaignStatusQuery,
  pauseCampaignUpdate,
  resumeCampaignUpdate,
  workflowIds,
} from '../workflows/messages';
import { numberAt } from './campaign-numbers';
import { runBareScript, type BareRunResult } from './scale/bare-script';
import { countMismatches, expectedCounts, type LedgerView } from './scale/expectations';
import { cpuSecondsOf, descendantsMatching, peakRssOf, startSimulatorProcess } from './scale/processes';
import { historyFigures, workflowFigures } from './scale/histories';
import { runTemporalFloor } from './scale/temporal-floor';
import {
  mergedLedger,
  readSittings,
  temporalDbOf,
  writeSittings,
  type Sitting,
  type SittingLedger,
} from './scale/sittings';

const { values } = parseArgs({
  options: {
    contacts: { type: 'string', default: '10000' },
    quick: { type: 'boolean', default: false },
    concurrency: { type: 'string', default: '20' },
    seed: { type: 'string', default: '7' },
    'no-baseline': { type: 'boolean', default: false },
    'state-dir': { type: 'string' },
    'sitting-minutes': { type: 'string' },
    'local-hour': { type: 'string', default: '14' },
  },
});
const stateDir = values['state-dir'];
// A run started before: its own sizes, ids and zone, whatever the flags say now.
const earlier = stateDir ? await readSittings(stateDir) : undefined;
const contactCount = earlier?.contacts ?? (values.quick ? 1000 : Number(values.contacts));
const concurrency = earlier?.concurrency ?? Number(values.concurrency);
const seed = earlier?.seed ?? Number(values.seed);
const sittingMinutes =
  values['sitting-minutes'] === undefined ? undefined : Number(values['sitting-minutes']);
const localHour = Number(values['local-hour']);
if (sittingMinutes !== undefined && (!stateDir || !(sittingMinutes > 0)))
  throw new Error('--sitting-minutes: a number of minutes > 0, with --state-dir');
if (!Number.isInteger(localHour) || localHour < 8 || localHour > 20)
  throw new Error('--local-hour: a whole hour 8–20 (inside the 08:00–21:00 window)');
if (earlier)
  console.error(
    `going on with ${earlier.campaignId} (${contactCount} contacts), sitting ${earlier.sittings.length + 1}`,
  );
if (!Number.isInteger(contactCount) || contactCount < 1) throw new Error('--contacts: a whole number ≥ 1');
if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 100)
  throw new Error('--concurrency: 1–100 (the campaign maximum)');
installRuntimeLogger(createLogger({ level: 'warn' }), 'WARN');

// @temporalio/proto is CommonJS: its namespaces come from the default export under ESM.
const proto = protos.temporal;
const PROMPT = 'You are calling {{name}} to confirm their appointment on Friday at 10:00.';
const mix: PersonaMix = { proportions: DEFAULT_CAMPAIGN_MIX, seed };
const simulatorOptions = {
  speed: 'instant',
  // Call ids come from this seed: each sitting's simulator gets its own, or a call of sitting 2 would
  // take the id (and the mailbox workflow) of one from sitting 1. Callees follow the mix's own seed.
  seed: seed + 7919 * (earlier?.sittings.length ?? 0),
  rateLimits: false,
  personaMix: mix,
  // The account's live-call cap is the campaign's concurrency (AgentPhone's plan limit is 5).
  limits: { concurrentCalls: concurrency },
};

/** The IANA zone (of a few) where it is now closest to `hour`:00, so hours of calling window lie ahead. */
function zoneAtHour(nowMs: number, hour: number): string {
  const zones = [
    'Pacific/Honolulu',
    'America/Anchorage',
    'America/Los_Angeles',
    'America/Denver',
    'America/Chicago',
    'America/New_York',
    'America/Halifax',
    'America/Sao_Paulo',
    'Atlantic/Azores',
    'Europe/London',
    'Europe/Berlin',
    'Europe/Athens',
    'Asia/Dubai',
    'Asia/Karachi',
    'Asia/Dhaka',
    'Asia/Bangkok',
    'Asia/Shanghai',
    'Asia/Tokyo',
    'Australia/Sydney',
    'Pacific/Auckland',
  ];
  const hourIn = (zone: string) => {
    const parts = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(nowMs);
    return (
      Number(parts.find((p) => p.type === 'hour')!.value) +
      Number(parts.find((p) => p.type === 'minute')!.value) / 60
    );
  };
  return zones.reduce((best, z) => (Math.abs(hourIn(z) - hour) < Math.abs(hourIn(best) - hour) ? z : best));
}

const phones = Array.from({ length: contactCount }, (_, i) => numberAt(i));
const names = phones.map((_, i) => `Contact ${i + 1}`);
const zone = earlier?.zone ?? zoneAtHour(Date.now(), localHour);
if (stateDir) await mkdir(stateDir, { recursive: true });
const dir = stateDir ?? (await mkdtemp(join(os.tmpdir(), 'ringflow-campaign-scale-')));
const csvFile = join(dir, 'contacts.csv');
const promptFile = join(dir, 'prompt.txt');
if (!earlier) {
  await writeFile(
    csvFile,
    ['phone,name,timezone', ...phones.map((p, i) => `${p},${names[i]},${zone}`)].join('\n'),
  );
  await writeFile(promptFile, PROMPT);
}
const expected = expectedCounts(mix, seed, phones);

// ── the bare script ─────────────────────────────────────────────────────────────────────────────────
let bare: Omit<BareRunResult, 'byReason'> | undefined = earlier?.bareScript ?? undefined;
if (!values['no-baseline'] && !earlier) {
  let sim: Awaited<ReturnType<typeof startSimulatorProcess>> | undefined;
  bare = await runBareScript({
    contacts: phones.map((phone, i) => ({ phone, variables: { name: names[i]! } })),
    concurrency,
    systemPrompt: campaignCallPrompt(PROMPT, DEFAULT_OUTCOMES),
    async startSimulator(webhookUrl) {
      sim = await startSimulatorProcess({ ...simulatorOptions, webhookUrl });
      return { baseUrl: sim.baseUrl, ...sim.account, webhookSecret: sim.account.webhookSecret! };
    },
  });
  await sim?.stop();
  console.error(
    `bare script: ${contactCount} contacts in ${bare.seconds.toFixed(1)} s (${bare.contactsPerSecond.toFixed(1)}/s)`,
  );
}

// ── ringflow ────────────────────────────────────────────────────────────────────────────────────────
if (stateDir && !earlier && existsSync(temporalDbOf(stateDir)))
  throw new Error(
    `${temporalDbOf(stateDir)} is there without ${stateDir}/sittings.json: use a new --state-dir`,
  );
const server = await startDevServer({
  namespace: 'default',
  // Write-ahead log, synced at checkpoints: a transaction survives the server being killed (not the
  // machine losing power), and the server stops paying an fsync per transaction.
  ...(stateDir
    ? { dbFilename: temporalDbOf(stateDir), sqlitePragmas: ['journal_mode=wal', 'synchronous=normal'] }
    : {}),
});
const [serverPid] = descendantsMatching(process.pid, /temporal.*(server start-dev|start-dev)/);
// The dev server is a child process: a run that fails halfway must not leave it running.
const stopServerOnExit = () => serverPid && process.kill(serverPid, 'SIGTERM');
process.once('exit', stopServerOnExit);
const connection = await Connection.connect({ address: server.address });
const client = new Client({ connection, namespace: 'default' });
const nativeConnection = await NativeConnection.connect({ address: server.address });
const taskQueue = earlier?.taskQueue ?? uniqueTaskQueue('bench');
const secrets: string[] = [];
const ingress = await buildIngress({
  temporal: client,
  taskQueue,
  numberKey: developmentNumberKeyer,
  secrets: () => secrets,
});
const ingressUrl = `${await ingress.listen({ port: 0, host: '127.0.0.1' })}${WEBHOOK_PATH}`;
const sim = await startSimulatorProcess({ ...simulatorOptions, webhookUrl: ingressUrl });
secrets.push(sim.account.webhookSecret!);
const workerEnv = {
  TEMPORAL_ADDRESS: server.address,
  RINGFLOW_TASK_QUEUE: taskQueue,
  RINGFLOW_MAX_LIVE_CALLS_PER_ACCOUNT: String(concurrency),
  RINGFLOW_MAX_LIVE_CALLS_PER_NUMBER: String(concurrency),
  RINGFLOW_MAX_ATTEMPTS_PER_RECIPIENT_PER_DAY: '10',
};
const config = loadConfig(workerEnv);
const built = await buildActivityDeps(
  config,
  server.address,
  { apiKey: sim.account.apiKey, baseUrl: sim.baseUrl, defaultAgentId: sim.account.agentId },
  silentLogger,
  workerEnv,
);
const worker = await createWorker({
  connection: nativeConnection,
  namespace: 'default',
  taskQueue,
  deps: built.deps,
  workflowBundle: await sharedWorkflowBundle(),
  maxConcurrentActivityTaskExecutions: config.RINGFLOW_MAX_CONCURRENT_ACTIVITIES,
  maxConcurrentWorkflowTaskExecutions: config.RINGFLOW_MAX_CONCURRENT_WORKFLOW_TASKS,
  maxCachedWorkflows: config.RINGFLOW_MAX_CACHED_WORKFLOWS,
});
const running = worker.run();
/** Stops the worker, the simulator, the ingress and the server, each cleanly. */
async function stopStack() {
  worker.shutdown();
  await running;
  await built.close();
  await sim.stop();
  await ingress.close();
  await connection.close();
  await nativeConnection.close();
  await server.stop();
  process.off('exit', stopServerOnExit);
}

await mkdir('bench/results', { recursive: true });
let peakRss = process.memoryUsage().rss;
/** This process's memory now, by kind: a growing heap and a growing native part point to different leaks. */
const memoryNow = () =>
  Object.fromEntries(
    Object.entries(process.memoryUsage()).map(([kind, bytes]) => [kind, Math.round(bytes / 2 ** 20)]),
  );
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 500);
const campaignId = earlier?.campaignId ?? `scale-${contactCount}-${Date.now()}`;
const cpuBefore = {
  worker: process.cpuUsage(),
  server: serverPid ? cpuSecondsOf(serverPid) : NaN,
  sim: cpuSecondsOf(sim.pid),
};
const started = performance.now();

// The CLI's start path, exactly: the same flags an operator would type.
Object.assign(process.env, { TEMPORAL_ADDRESS: server.address, RINGFLOW_TASK_QUEUE: taskQueue });
const stdoutWrite = process.stdout.write.bind(process.stdout);
process.stdout.write = () => true; // the start report is long; keep the table readable
try {
  if (!earlier)
    await campaignCommand([
      'start',
      '--file',
      csvFile,
      '--prompt-file',
      promptFile,
      '--id',
      campaignId,
      '--concurrency',
      String(concurrency),
      '--window',
      '08:00-21:00',
      '--days',
      'sun-sat',
      '--deadline',
      // A week: a run in sittings may take days of calendar time.
      '7d',
      // One call per contact whatever it came to, so calls per persona are exact (retry timing is
      // covered by the time-skipping tests; here it would only add waiting).
      '--retry',
      'no-answer=1/1m,busy=1/1m,voicemail=1/1m,failed=1/1m',
      '--json',
    ]);
} finally {
  process.stdout.write = stdoutWrite;
}
const startedCampaignMs = earlier ? earlier.startPathSeconds * 1000 : performance.now() - started;
const handle = client.workflow.getHandle(workflowIds.campaign(campaignId));
if (stateDir && !earlier)
  await writeSittings(stateDir, {
    contacts: contactCount,
    concurrency,
    seed,
    campaignId,
    taskQueue,
    zone,
    startPathSeconds: Number((startedCampaignMs / 1000).toFixed(1)),
    bareScript: bare
      ? {
          seconds: bare.seconds,
          contactsPerSecond: bare.contactsPerSecond,
          calls: bare.calls,
          cpuSeconds: bare.cpuSeconds,
        }
      : null,
    sittings: [],
  });
if (earlier && (await handle.query(getCampaignStatusQuery)).state === 'paused')
  await handle.executeUpdate(resumeCampaignUpdate);
// The sitting ends after --sitting-minutes or on SIGUSR2: pause, let the contacts in flight finish.
const sittingEndsAt = sittingMinutes === undefined ? Infinity : started + sittingMinutes * 60_000;
let endSittingAsked = false;
process.on('SIGUSR2', () => (endSittingAsked = true));
let pausing = false;
let status: CampaignStatus;
let queryTimeouts = 0;
for (let lastPrint = 0; ;) {
  try {
    status = await handle.query(getCampaignStatusQuery);
  } catch (err) {
    // A saturated worker answers a query late ("query timed out before a worker could process it"):
    // that is a figure of the run, not its end. Ask again.
    console.error(`  status query failed (${(err as Error).message}); asking again`);
    queryTimeouts += 1;
    // A query can also fail at once (the campaign's next run has not had its first task yet, after a
    // continue-as-new): asking again without a pause hammered the server with thousands of queries a
    // minute, starving the very task that would answer them.
    await new Promise((r) => setTimeout(r, 1000));
    continue;
  }
  if (status.state === 'completed' || status.state === 'cancelled') break;
  if (stateDir && !pausing && (endSittingAsked || performance.now() > sittingEndsAt)) {
    status = await handle.executeUpdate(pauseCampaignUpdate);
    pausing = true;
    console.error(`  ending the sitting: paused with ${status.active} contacts in flight`);
  }
  if (pausing && status.state === 'paused' && status.active === 0) break;
  if (performance.now() - lastPrint > 10_000) {
    lastPrint = performance.now();
    const s = (performance.now() - started) / 1000;
    // A long run can be judged before it ends (and if it never does): the figures so far.
    const cpuNow = process.cpuUsage(cpuBefore.worker);
    await writeFile(
      `bench/results/campaign-scale-${contactCount}.progress.json`,
      `${JSON.stringify({ at: new Date().toISOString(), seconds: Math.round(s), done: status.done, total: status.total, contactsPerSecond: Number((status.done / s).toFixed(2)), peakRssMiB: Math.round(peakRss / 2 ** 20), memoryMiB: memoryNow(), workerCpuSeconds: Math.round((cpuNow.user + cpuNow.system) / 1e6), serverCpuSeconds: serverPid ? Math.round(cpuSecondsOf(serverPid) - cpuBefore.server) : null, loadAverage: os.loadavg() })}\n`,
    );
    console.error(
      `  ${status.done}/${status.total} done after ${s.toFixed(0)} s (${(status.done / s).toFixed(1)}/s), ${status.active} active`,
    );
  }
  await new Promise((r) => setTimeout(r, 1000));
}
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
const workerCpu = process.cpuUsage(cpuBefore.worker);
const cpu = {
  workerAndIngressSeconds: (workerCpu.user + workerCpu.system) / 1e6,
  temporalServerSeconds: serverPid ? cpuSecondsOf(serverPid) - cpuBefore.server : null,
  simulatorSeconds: cpuSecondsOf(sim.pid) - cpuBefore.sim,
};
const sittingLedger = (await (
  await fetch(`${sim.baseUrl}/_sim/ledger${stateDir ? '?numbers=true' : ''}`)
).json()) as LedgerView & SittingLedger;
const simulatorPeakRss = peakRssOf(sim.pid);
const thisSitting: Sitting = {
  startedAt: new Date(Date.now() - seconds * 1000).toISOString(),
  seconds: Number(seconds.toFixed(1)),
  doneAtEnd: status.done,
  cpuSeconds: {
    workerAndIngress: cpu.workerAndIngressSeconds,
    temporalServer: cpu.temporalServerSeconds,
    simulator: cpu.simulatorSeconds,
  },
  peakRssMiB: {
    workerAndIngress: Math.round(peakRss / 2 ** 20),
    simulator: Math.round(simulatorPeakRss / 2 ** 20),
  },
  statusQueryTimeouts: queryTimeouts,
  loadAverageAtEnd: os.loadavg().map((l) => Number(l.toFixed(1))),
  ledger: {
    calls: sittingLedger.calls,
    outbound: sittingLedger.outbound,
    byPersona: sittingLedger.byPersona,
    byEnd: sittingLedger.byEnd,
    callsByNumber: sittingLedger.callsByNumber ?? {},
  },
};
if (pausing && status.state === 'paused') {
  // Nothing in flight: this sitting's part is written down, and the stack stops cleanly.
  const file = (await readSittings(stateDir!))!;
  await writeSittings(stateDir!, { ...file, sittings: [...file.sittings, thisSitting] });
  await stopStack();
  console.error(
    `sitting ${(earlier?.sittings.length ?? 0) + 1} written to ${stateDir}: ${status.done}/${status.total} done after ${seconds.toFixed(0)} s; the same command goes on`,
  );
  process.exit(0);
}
// Every sitting of the run, this one last: the run's figures are their sums (memory: the largest).
const allSittings = [...(earlier?.sittings ?? []), thisSitting];
const sum = (f: (s: Sitting) => number | null) => allSittings.reduce((a, s) => a + (f(s) ?? NaN), 0);
const ledger = stateDir ? mergedLedger(allSittings.map((s) => s.ledger)) : sittingLedger;
const mismatches = countMismatches(expected, contactCount, status, ledger);

const campaignRuns = await historyFigures(client, workflowIds.campaign(campaignId), proto);
const byType = await workflowFigures(client, contactCount, proto);
// After the campaign and its figures, so neither disturbs the other; at most 1,000 (a ratio, not a soak).
const floor = values['no-baseline']
  ? undefined
  : await runTemporalFloor(client, taskQueue, Math.min(contactCount, 1000), concurrency);

await stopStack();

// The run's figures: one sitting's, or all sittings' added up (memory: the largest of any).
const runSeconds = sum((s) => s.seconds);
const runCpu = {
  workerAndIngressSeconds: sum((s) => s.cpuSeconds.workerAndIngress),
  temporalServerSeconds: cpu.temporalServerSeconds === null ? null : sum((s) => s.cpuSeconds.temporalServer),
  simulatorSeconds: sum((s) => s.cpuSeconds.simulator),
};
const runPeakRss = Math.max(...allSittings.map((s) => s.peakRssMiB.workerAndIngress)) * 2 ** 20;
// The first sitting's process also ran the bare script (100k webhooks) and the CLI's start path over
// the whole file, whose garbage grew the heap; a resumed sitting's process is the worker and the
// ingress alone, as in production.
const resumedPeakRss =
  allSittings.length > 1
    ? Math.max(...allSittings.slice(1).map((s) => s.peakRssMiB.workerAndIngress)) * 2 ** 20
    : undefined;
const runSimulatorPeakRss = Math.max(...allSittings.map((s) => s.peakRssMiB.simulator)) * 2 ** 20;
const contactsPerSecond = contactCount / runSeconds;
const largestCampaignRun = campaignRuns.reduce((a, b) => (b.events > a.events ? b : a));
const result = {
  bench: 'campaign-scale',
  at: new Date().toISOString(),
  contacts: contactCount,
  concurrency,
  seed,
  machine: { cpus: os.cpus().length, loadAverageAtEnd: thisSitting.loadAverageAtEnd },
  exact: mismatches.length === 0,
  mismatches,
  expected,
  finalStatus: {
    byState: status.byState,
    byAnswer: status.byAnswer,
    done: status.done,
    attempts: status.attempts,
  },
  ledger,
  wallSeconds: Number(runSeconds.toFixed(1)),
  startPathSeconds: Number((startedCampaignMs / 1000).toFixed(1)),
  /** Status queries the worker did not answer in time (asked again). */
  statusQueryTimeouts: sum((s) => s.statusQueryTimeouts),
  /** Played in sittings (--state-dir): each one's active time, CPU and memory; the figures above add them up. */
  sittings: stateDir ? allSittings.map(({ ledger: _ledger, ...rest }) => rest) : undefined,
  contactsPerSecond: Number(contactsPerSecond.toFixed(2)),
  bareScript: bare
    ? {
        wallSeconds: Number(bare.seconds.toFixed(1)),
        contactsPerSecond: Number(bare.contactsPerSecond.toFixed(2)),
        calls: bare.calls,
        cpuSeconds: Number(bare.cpuSeconds.toFixed(1)),
      }
    : null,
  ratioToBareScript: bare ? Number((contactsPerSecond / bare.contactsPerSecond).toFixed(4)) : null,
  /** One bare workflow (start → one activity → result) per contact: the ceiling of that design. */
  temporalFloor: floor
    ? {
        workflows: floor.workflows,
        concurrency: floor.concurrency,
        seconds: Number(floor.seconds.toFixed(1)),
        workflowsPerSecond: Number(floor.workflowsPerSecond.toFixed(2)),
        ratioToBareScript: bare
          ? Number((floor.workflowsPerSecond / bare.contactsPerSecond).toFixed(4))
          : null,
        campaignToFloor: Number((contactsPerSecond / floor.workflowsPerSecond).toFixed(4)),
      }
    : null,
  campaignRuns,
  largestCampaignRun,
  workflowsByType: byType.byType,
  largestRunOfAnyWorkflow: byType.largest,
  peakRssMiB: {
    workerAndIngress: Math.round(runPeakRss / 2 ** 20),
    ...(resumedPeakRss !== undefined
      ? { workerAndIngressInResumedSittings: Math.round(resumedPeakRss / 2 ** 20) }
      : {}),
    simulator: Math.round(runSimulatorPeakRss / 2 ** 20),
  },
  cpuSeconds: {
    workerAndIngress: Number(runCpu.workerAndIngressSeconds.toFixed(1)),
    temporalServer:
      runCpu.temporalServerSeconds === null ? null : Number(runCpu.temporalServerSeconds.toFixed(1)),
    simulator: Number(runCpu.simulatorSeconds.toFixed(1)),
  },
  cpuMsPerContact: {
    workerAndIngress: Number(((runCpu.workerAndIngressSeconds * 1000) / contactCount).toFixed(2)),
    temporalServer:
      runCpu.temporalServerSeconds === null
        ? null
        : Number(((runCpu.temporalServerSeconds * 1000) / contactCount).toFixed(2)),
    simulator: Number(((runCpu.simulatorSeconds * 1000) / contactCount).toFixed(3)),
  },
  goals: {
    historyEventsUnder10k: largestCampaignRun.events < 10_000,
    historyBytesUnder5MB: largestCampaignRun.bytes < 5 * 2 ** 20,
    workerRssUnder1GB: (resumedPeakRss ?? runPeakRss) < 2 ** 30,
    ratioAtLeastHalf: bare ? contactsPerSecond / bare.contactsPerSecond >= 0.5 : null,
  },
};
const out = `bench/results/campaign-scale-${contactCount}.json`;
// Formatted as the repository's prettier check wants it, so a committed result passes `npm run check`.
await writeFile(out, await format(JSON.stringify(result), { parser: 'json' }));
await rm(`bench/results/campaign-scale-${contactCount}.progress.json`, { force: true });

const row = (k: string, v: string) => console.log(`| ${k} | ${v} |`);
console.log(`\n| campaign, ${contactCount} contacts, concurrency ${concurrency} | |\n| --- | --- |`);
row('exact counts', result.exact ? 'yes' : `NO: ${mismatches.slice(0, 5).join('; ')}`);
row('wall time', `${result.wallSeconds} s (start path ${result.startPathSeconds} s)`);
row('contacts/s', `${result.contactsPerSecond}`);
row('bare script contacts/s', bare ? `${result.bareScript!.contactsPerSecond}` : '–');
row('ratio to bare script (goal ≥ 0.5)', bare ? `${result.ratioToBareScript}` : '–');
row(
  'floor: one bare workflow per contact (workflows/s, ratio to bare script)',
  result.temporalFloor
    ? `${result.temporalFloor.workflowsPerSecond}/s, ${result.temporalFloor.ratioToBareScript}`
    : '–',
);
row('campaign runs', `${campaignRuns.length}`);
row(
  'largest campaign run (goal < 10k events, < 5 MB)',
  `${largestCampaignRun.events} events, ${(largestCampaignRun.bytes / 1024).toFixed(0)} KiB`,
);
row(
  'largest run of any workflow',
  `${byType.largest.type} ${byType.largest.events} events, ${(byType.largest.bytes / 1024).toFixed(0)} KiB`,
);
row(
  'peak RSS worker + ingress (goal < 1 GB)',
  `${result.peakRssMiB.workerAndIngress} MiB${resumedPeakRss !== undefined ? `; resumed sittings (worker and ingress alone) ${result.peakRssMiB.workerAndIngressInResumedSittings} MiB` : ''} (simulator ${result.peakRssMiB.simulator} MiB)`,
);
row(
  'CPU s: worker+ingress / Temporal server / simulator',
  `${result.cpuSeconds.workerAndIngress} / ${result.cpuSeconds.temporalServer} / ${result.cpuSeconds.simulator}`,
);
row(
  'CPU ms per contact: worker+ingress / server / simulator',
  `${result.cpuMsPerContact.workerAndIngress} / ${result.cpuMsPerContact.temporalServer} / ${result.cpuMsPerContact.simulator}`,
);
for (const t of byType.byType)
  row(`${t.type}`, `${t.runs} runs, ${t.eventsPerContact} events/contact, largest ${t.largestEvents} events`);
console.log(`\nresults: ${out}`);
if (!result.exact) process.exitCode = 1;
