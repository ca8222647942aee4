/**
 * What a scenario is and the helpers every one of them uses: a stack per scenario (its logs and
 * exported histories kept for the secrets scan at the end), the workload sizes, and seeded waits.
 */
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import type { Random } from '../simulator/random';
import { chaosCodecOn, decodedPayloadText } from './codec';
import { startChaosStack, type ChaosStack, type ChaosStackOptions } from './stack';
import type { WorkloadSize } from './workload';

export type SuiteSize = 'ci' | 'full';

/** A stack that has run and stopped: where its evidence is, and the secrets that must not be in it. */
export interface FinishedStack {
  label: string;
  logFiles: string[];
  /** Every history as Temporal stores it (payload bytes shown as text; ciphertext with the codec on). */
  historyFile: string;
  /** With the codec on: every payload's text after the codec decrypted it (the scan's positive control). */
  decodedHistoryFile: string | undefined;
  secrets: string[];
}

export interface ScenarioContext {
  size: SuiteSize;
  seed: number;
  /** Seeded for this scenario alone: `--only x --seed N` replays the same moments. */
  random: Random;
  /** Every stack run so far in this suite run (the secrets scenario scans them). */
  finished: FinishedStack[];
}

export interface ScenarioOutcome {
  /** One line of figures for the report (kills, requests checked, counts). */
  figures: string;
  /** What broke; empty when the scenario passed. */
  problems: string[];
}

export interface Scenario {
  name: string;
  run(context: ScenarioContext): Promise<ScenarioOutcome>;
}

export const WORKLOAD_SIZES: Record<SuiteSize, WorkloadSize> = {
  ci: { contacts: 12, reservations: 3, missedCalls: 3, optOuts: 1 },
  full: { contacts: 500, reservations: 30, missedCalls: 30, optOuts: 10 },
};

/** How long a workload may take to finish before the scenario calls it lost. */
export const FINISH_TIMEOUT_MS: Record<SuiteSize, number> = { ci: 240_000, full: 1_200_000 };

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * JSON.stringify replacer that shows payload bytes as the text they hold (what a codec server or
 * `temporal workflow show` would show an operator), so the scan reads inputs and results, not digits.
 */
function decodedBytes(key: string, value: unknown): unknown {
  // fetchHistory gives payload bytes as base64 text (`data`, `metadata.encoding`).
  if (
    (key === 'data' || key === 'encoding') &&
    typeof value === 'string' &&
    /^[A-Za-z0-9+/]+={0,2}$/.test(value)
  )
    return Buffer.from(value, 'base64').toString('utf8');
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  const buffer = value as { type?: unknown; data?: unknown } | null;
  if (buffer && buffer.type === 'Buffer' && Array.isArray(buffer.data))
    return Buffer.from(buffer.data as number[]).toString('utf8');
  return value;
}

/**
 * Every workflow's history in the namespace, one JSON document per line — what an operator's
 * `temporal workflow show --output json` would hand to anyone debugging.
 */
async function exportHistories(
  stack: ChaosStack,
  file: string,
  decodedFile: string | undefined,
): Promise<number> {
  const out = createWriteStream(file);
  const decodedOut = decodedFile && stack.codec ? createWriteStream(decodedFile) : undefined;
  const codec = stack.codec?.codec;
  let count = 0;
  const pending = new Set<Promise<void>>();
  for await (const info of stack.client.workflow.list()) {
    const job = stack.client.workflow
      .getHandle(info.workflowId, info.runId)
      .fetchHistory()
      .then(async (history) => {
        count += 1;
        const line = JSON.stringify({ workflowId: info.workflowId, history }, decodedBytes);
        if (decodedOut && codec) {
          const payloads = await decodedPayloadText(history, codec);
          if (!decodedOut.write(`${JSON.stringify({ workflowId: info.workflowId, payloads })}\n`))
            await once(decodedOut, 'drain');
        }
        if (!out.write(`${line}\n`)) await once(out, 'drain');
      })
      .finally(() => pending.delete(job));
    pending.add(job);
    if (pending.size >= 8) await Promise.race(pending);
  }
  await Promise.all(pending);
  for (const stream of decodedOut ? [out, decodedOut] : [out]) {
    stream.end();
    await once(stream, 'finish');
  }
  return count;
}

/**
 * Runs `body` on a fresh stack (the payload codec on unless `RINGFLOW_CHAOS_CODEC=off`), then exports
 * its histories and stops it; the stack's evidence is recorded in `context.finished` whether the body
 * passed or not.
 */
export async function withStack<T>(
  context: ScenarioContext,
  options: Omit<ChaosStackOptions, 'seed'>,
  body: (stack: ChaosStack) => Promise<T>,
): Promise<T> {
  const stack = await startChaosStack({
    codec: chaosCodecOn(),
    ...options,
    seed: context.random.int(1, 2 ** 30),
  });
  const historyFile = join(stack.dir, 'histories.jsonl');
  const decodedHistoryFile = stack.codec ? join(stack.dir, 'histories.decoded.jsonl') : undefined;
  try {
    return await body(stack);
  } finally {
    try {
      if (!stack.temporal.running) await stack.restart(stack.temporal);
      await exportHistories(stack, historyFile, decodedHistoryFile);
    } catch (err) {
      console.error(`chaos: exporting ${options.label}'s histories failed: ${String(err)}`);
    }
    await stack.stop();
    context.finished.push({
      label: options.label,
      logFiles: stack.logFiles(),
      historyFile,
      decodedHistoryFile,
      secrets: [stack.account.apiKey, stack.account.webhookSecret, ...(stack.codec ? [stack.codec.key] : [])],
    });
  }
}
