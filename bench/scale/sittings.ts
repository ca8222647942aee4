/**
 * A campaign benchmark played in several sittings (`--state-dir`): a 100k-contact run at ≈ 5 contacts/s
 * on two cores lasts longer than the machine is ours at a stretch. Between sittings the campaign is
 * paused and stopped cleanly (no contact in flight, so no call and no webhook is lost with the
 * simulator, whose memory does not outlive its process); Temporal keeps everything else in its SQLite
 * file, and the next sitting resumes the same campaign on the same task queue. Each sitting's active
 * time, CPU, memory and simulator ledger are kept here and added up at the end.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LedgerView } from './expectations';

/** What the simulator dialled in one sitting (`GET /_sim/ledger?numbers=true`). */
export interface SittingLedger {
  calls: number;
  outbound: number;
  byPersona: Record<string, number>;
  byEnd: Record<string, number>;
  callsByNumber: Record<string, number>;
}

export interface Sitting {
  startedAt: string;
  /** Active seconds: from the stack being up to the campaign being paused with nothing in flight. */
  seconds: number;
  /** Contacts done (all sittings) when it ended. */
  doneAtEnd: number;
  cpuSeconds: { workerAndIngress: number; temporalServer: number | null; simulator: number };
  peakRssMiB: { workerAndIngress: number; simulator: number };
  statusQueryTimeouts: number;
  loadAverageAtEnd: number[];
  ledger: SittingLedger;
}

/** The run's fixed facts, written once at its start, and the sittings so far. */
export interface SittingsFile {
  contacts: number;
  concurrency: number;
  seed: number;
  campaignId: string;
  taskQueue: string;
  /** The contacts' zone, chosen at the start so the calling window lies ahead. */
  zone: string;
  startPathSeconds: number;
  bareScript: { seconds: number; contactsPerSecond: number; calls: number; cpuSeconds: number } | null;
  sittings: Sitting[];
}

const FILE = 'sittings.json';

/** The temporal server's database in a state directory. */
export const temporalDbOf = (stateDir: string) => join(stateDir, 'temporal.db');

export async function readSittings(stateDir: string): Promise<SittingsFile | undefined> {
  try {
    return JSON.parse(await readFile(join(stateDir, FILE), 'utf8')) as SittingsFile;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Written to a temporary file and renamed, so a run killed while writing keeps the last good file. */
export async function writeSittings(stateDir: string, file: SittingsFile): Promise<void> {
  const target = join(stateDir, FILE);
  await writeFile(`${target}.tmp`, JSON.stringify(file, null, 1));
  await rename(`${target}.tmp`, target);
}

/** The sittings' ledgers as one: what the counts check compares with the expected numbers. */
export function mergedLedger(ledgers: SittingLedger[]): LedgerView & Omit<SittingLedger, 'callsByNumber'> {
  const add = (into: Record<string, number>, from: Record<string, number>) => {
    for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
  };
  const merged = { calls: 0, outbound: 0, byPersona: {}, byEnd: {} } as Omit<SittingLedger, 'callsByNumber'>;
  const callsByNumber: Record<string, number> = {};
  for (const l of ledgers) {
    merged.calls += l.calls;
    merged.outbound += l.outbound;
    add(merged.byPersona, l.byPersona);
    add(merged.byEnd, l.byEnd);
    add(callsByNumber, l.callsByNumber);
  }
  const byCallCount: Record<string, number> = {};
  for (const n of Object.values(callsByNumber)) byCallCount[String(n)] = (byCallCount[String(n)] ?? 0) + 1;
  return { ...merged, numbersCalled: Object.keys(callsByNumber).length, byCallCount };
}
