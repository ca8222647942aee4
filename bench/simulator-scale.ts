/**
 * The simulator alone at scale (no Temporal): can `instant` speed carry a 100k-contact campaign?
 *   node --import tsx bench/simulator-scale.ts [--calls 100000] [--concurrency 50] [--retain 10000]
 * Builds a simulator at instant speed with the campaign persona mix, a plain HTTP receiver for its
 * webhooks, then places `calls` calls (`POST /v1/calls`, `concurrency` at a time, each slot waiting for
 * its own `agent.call_ended` before the next call) and reports calls/s, per-request latency, and the
 * simulator's heap after the run (what per-call state costs). Results: bench/results/simulator-scale-<n>.json.
 */
import { createServer, type IncomingMessage } from 'node:http';
import os from 'node:os';
import { writeFile, mkdir } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { format } from 'prettier';
import { request } from 'undici';
import { buildSimulator } from '../simulator';
import { DEFAULT_CAMPAIGN_MIX } from '../simulator/callees/mix';
import { numberAt } from './campaign-numbers';

const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: '100000' },
    concurrency: { type: 'string', default: '50' },
    retain: { type: 'string' },
  },
});
const total = Number(values.calls);
const concurrency = Number(values.concurrency);

const waiting = new Map<string, () => void>();
const early = new Set<string>();
let webhooks = 0;
const receiver = createServer((req: IncomingMessage, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    res.writeHead(200).end('{}');
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      event: string;
      data: { callId?: string };
    };
    if (body.event !== 'agent.call_ended' || !body.data.callId) return;
    webhooks += 1;
    const done = waiting.get(body.data.callId);
    if (done) done();
    else early.add(body.data.callId);
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const address = receiver.address();
const webhookUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/webhooks`;

const sim = await buildSimulator({
  speed: 'instant',
  seed: 7,
  rateLimits: false,
  webhookUrl,
  limits: {
    concurrentCalls: concurrency,
    ...(values.retain ? { retainEndedCalls: Number(values.retain) } : {}),
  },
  personaMix: { proportions: DEFAULT_CAMPAIGN_MIX },
});
const baseUrl = await sim.listen({ port: 0 });
const { apiKey, agentId } = sim.account;

const ended = (callId: string) =>
  new Promise<void>((resolve) => {
    if (early.delete(callId)) return resolve();
    waiting.set(callId, () => {
      waiting.delete(callId);
      resolve();
    });
  });

const latencies: number[] = [];
let next = 0;
const cpuBefore = process.cpuUsage();
const started = performance.now();
async function lane(): Promise<void> {
  while (next < total) {
    const i = next++;
    const t = performance.now();
    const res = await request(`${baseUrl}/v1/calls`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        agentId,
        toNumber: numberAt(i),
        systemPrompt: 'You are calling {{name}} to confirm their appointment on Friday at 10:00.',
        variables: { name: `Contact ${i}` },
      }),
    });
    const call = (await res.body.json()) as { id: string };
    if (res.statusCode !== 200) throw new Error(`POST /v1/calls: ${res.statusCode} ${JSON.stringify(call)}`);
    latencies.push(performance.now() - t);
    await ended(call.id);
  }
}
await Promise.all(Array.from({ length: concurrency }, lane));
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
global.gc?.();
const memory = process.memoryUsage();
latencies.sort((a, b) => a - b);
const at = (q: number) => Number(latencies[Math.floor(q * (latencies.length - 1))]!.toFixed(2));
const ledger = (await (await fetch(`${baseUrl}/_sim/ledger`)).json()) as { calls: number };

const result = {
  bench: 'simulator-scale',
  at: new Date().toISOString(),
  calls: total,
  concurrency,
  retainEndedCalls: values.retain ? Number(values.retain) : null,
  seconds: Number(seconds.toFixed(1)),
  callsPerSecond: Math.round(total / seconds),
  /** CPU of this one process (simulator + receiver + caller): the rate a free core would carry. */
  cpuMsPerCall: Number(((cpuSeconds * 1000) / total).toFixed(3)),
  callsPerCpuSecond: Math.round(total / cpuSeconds),
  loadAverage: os.loadavg().map((l) => Number(l.toFixed(1))),
  createCallMs: { p50: at(0.5), p99: at(0.99) },
  webhooks,
  ledgerCalls: ledger.calls,
  heapUsedMiB: Math.round(memory.heapUsed / 2 ** 20),
  rssMiB: Math.round(memory.rss / 2 ** 20),
};
await mkdir('bench/results', { recursive: true });
// Formatted as the repository's prettier check wants it, so a committed result passes `npm run check`.
await writeFile(
  `bench/results/simulator-scale-${total}.json`,
  await format(JSON.stringify(result), { parser: 'json' }),
);
console.log(JSON.stringify(result, null, 2));
await sim.close();
receiver.close();
