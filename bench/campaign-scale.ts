/**
 * A call campaign at scale against the simulator at instant speed, and the bare script it is compared
 * with (issue 10 §4; issue 12 benchmarks 3 and 4):
 *   npm run bench:campaign -- [--contacts 10000 | --quick] [--concurrency 20] [--seed 7] [--no-baseline]
 * (`--quick` is 1,000 contacts, a tenth of the default; `npm run bench` passes `--contacts` itself.)
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
import { getCampaignStatusQuery, workflowIds } from '../workflows/messages';
import { numberAt } from './campaign-numbers';
import { runBareScript, type BareRunResult } from './scale/bare-script';
import { countMismatches, expectedCounts, type LedgerView } from './scale/expectations';
import { cpuSecondsOf, descendantsMatching, peakRssOf, startSimulatorProcess } from './scale/processes';
import { historyFigures, workflowFigures } from './scale/histories';
import { runTemporalFloor } from './scale/temporal-floor';

const { values } = parseArgs({
  options: {
    contacts: { type: 'string', default: '10000' },
    quick: { type: 'boolean', default: false },
    concurrency: { type: 'string', default: '20' },
    seed: { type: 'string', default: '7' },
    'no-baseline': { type: 'boolean', default: false },
  },
});
const contactCount = values.quick ? 1000 : Number(values.contacts);
const concurrency = Number(values.concurrency);
const seed = Number(values.seed);
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
  seed,
  rateLimits: false,
  personaMix: mix,
  // The account's live-call cap is the campaign's concurrency (AgentPhone's plan limit is 5).
  limits: { concurrentCalls: concurrency },
};

/** The IANA zone (of a few) where it is now closest to 14:00, so hours of calling window lie ahead. */
function afternoonZone(nowMs: number): string {
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
  return zones.reduce((best, z) => (Math.abs(hourIn(z) - 14) < Math.abs(hourIn(best) - 14) ? z : best));
}

const phones = Array.from({ length: contactCount }, (_, i) => numberAt(i));
const names = phones.map((_, i) => `Contact ${i + 1}`);
const zone = afternoonZone(Date.now());
const dir = await mkdtemp(join(os.tmpdir(), 'ringflow-campaign-scale-'));
const csvFile = join(dir, 'contacts.csv');
const promptFile = join(dir, 'prompt.txt');
await writeFile(
  csvFile,
  ['phone,name,timezone', ...phones.map((p, i) => `${p},${names[i]},${zone}`)].join('\n'),
);
await writeFile(promptFile, PROMPT);
const expected = expectedCounts(mix, seed, phones);

// ── the bare script ─────────────────────────────────────────────────────────────────────────────────
let bare: BareRunResult | undefined;
if (!values['no-baseline']) {
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
const server = await startDevServer({ namespace: 'default' });
const [serverPid] = descendantsMatching(process.pid, /temporal.*(server start-dev|start-dev)/);
// The dev server is a child process: a run that fails halfway must not leave it running.
const stopServerOnExit = () => serverPid && process.kill(serverPid, 'SIGTERM');
process.once('exit', stopServerOnExit);
const connection = await Connection.connect({ address: server.address });
const client = new Client({ connection, namespace: 'default' });
const nativeConnection = await NativeConnection.connect({ address: server.address });
const taskQueue = uniqueTaskQueue('bench');
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

await mkdir('bench/results', { recursive: true });
let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 500);
const campaignId = `scale-${contactCount}-${Date.now()}`;
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
    '1d',
    // One call per contact whatever it came to, so calls per persona are exact (retry timing is
    // covered by the time-skipping tests; here it would only add waiting).
    '--retry',
    'no-answer=1/1m,busy=1/1m,voicemail=1/1m,failed=1/1m',
    '--json',
  ]);
} finally {
  process.stdout.write = stdoutWrite;
}
const startedCampaignMs = performance.now() - started;
const handle = client.workflow.getHandle(workflowIds.campaign(campaignId));
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
  if (performance.now() - lastPrint > 10_000) {
    lastPrint = performance.now();
    const s = (performance.now() - started) / 1000;
    // A long run can be judged before it ends (and if it never does): the figures so far.
    const cpuNow = process.cpuUsage(cpuBefore.worker);
    await writeFile(
      `bench/results/campaign-scale-${contactCount}.progress.json`,
      `${JSON.stringify({ at: new Date().toISOString(), seconds: Math.round(s), done: status.done, total: status.total, contactsPerSecond: Number((status.done / s).toFixed(2)), peakRssMiB: Math.round(peakRss / 2 ** 20), workerCpuSeconds: Math.round((cpuNow.user + cpuNow.system) / 1e6), serverCpuSeconds: serverPid ? Math.round(cpuSecondsOf(serverPid) - cpuBefore.server) : null, loadAverage: os.loadavg() })}\n`,
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
const ledger = (await (await fetch(`${sim.baseUrl}/_sim/ledger`)).json()) as LedgerView;
const simulatorPeakRss = peakRssOf(sim.pid);
const mismatches = countMismatches(expected, contactCount, status, ledger);

const campaignRuns = await historyFigures(client, workflowIds.campaign(campaignId), proto);
const byType = await workflowFigures(client, contactCount, proto);
// After the campaign and its figures, so neither disturbs the other; at most 1,000 (a ratio, not a soak).
const floor = values['no-baseline']
  ? undefined
  : await runTemporalFloor(client, taskQueue, Math.min(contactCount, 1000), concurrency);

worker.shutdown();
await running;
await built.close();
await sim.stop();
await ingress.close();
await connection.close();
await nativeConnection.close();
await server.stop();
process.off('exit', stopServerOnExit);

const contactsPerSecond = contactCount / seconds;
const largestCampaignRun = campaignRuns.reduce((a, b) => (b.events > a.events ? b : a));
const result = {
  bench: 'campaign-scale',
  at: new Date().toISOString(),
  contacts: contactCount,
  concurrency,
  seed,
  machine: { cpus: os.cpus().length, loadAverageAtEnd: os.loadavg().map((l) => Number(l.toFixed(1))) },
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
  wallSeconds: Number(seconds.toFixed(1)),
  startPathSeconds: Number((startedCampaignMs / 1000).toFixed(1)),
  /** Status queries the worker did not answer in time (asked again). */
  statusQueryTimeouts: queryTimeouts,
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
    workerAndIngress: Math.round(peakRss / 2 ** 20),
    simulator: Math.round(simulatorPeakRss / 2 ** 20),
  },
  cpuSeconds: {
    workerAndIngress: Number(cpu.workerAndIngressSeconds.toFixed(1)),
    temporalServer: cpu.temporalServerSeconds === null ? null : Number(cpu.temporalServerSeconds.toFixed(1)),
    simulator: Number(cpu.simulatorSeconds.toFixed(1)),
  },
  cpuMsPerContact: {
    workerAndIngress: Number(((cpu.workerAndIngressSeconds * 1000) / contactCount).toFixed(2)),
    temporalServer:
      cpu.temporalServerSeconds === null
        ? null
        : Number(((cpu.temporalServerSeconds * 1000) / contactCount).toFixed(2)),
    simulator: Number(((cpu.simulatorSeconds * 1000) / contactCount).toFixed(3)),
  },
  goals: {
    historyEventsUnder10k: largestCampaignRun.events < 10_000,
    historyBytesUnder5MB: largestCampaignRun.bytes < 5 * 2 ** 20,
    workerRssUnder1GB: peakRss < 2 ** 30,
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
  `${result.peakRssMiB.workerAndIngress} MiB (simulator ${result.peakRssMiB.simulator} MiB)`,
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
