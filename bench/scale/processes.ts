/** What the scale benchmark reads about processes: children it starts, and /proc counters. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

/** Clock ticks per second of /proc/<pid>/stat times (100 on Linux everywhere this runs). */
const CLOCK_TICKS = 100;

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at ") ".
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** Resident memory of a process now, in bytes (VmRSS). */
export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return kb ? Number(kb) * 1024 : 0;
}

/** Peak resident memory of a process so far, in bytes (VmHWM). */
export function peakRssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
  return kb ? Number(kb) * 1024 : 0;
}

/** Descendants of `root` whose command line matches `pattern` (finds the Temporal dev server). */
export function descendantsMatching(root: number, pattern: RegExp): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      parentOf.set(pid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const isDescendant = (pid: number): boolean => {
    for (let p = parentOf.get(pid); p !== undefined && p > 1; p = parentOf.get(p))
      if (p === root) return true;
    return false;
  };
  return [...parentOf.keys()].filter((pid) => {
    if (!isDescendant(pid)) return false;
    try {
      return pattern.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' '));
    } catch {
      return false;
    }
  });
}

export interface SimulatorChild {
  baseUrl: string;
  account: { apiKey: string; agentId: string; phoneNumber: string; webhookSecret?: string };
  pid: number;
  stop(): Promise<void>;
}

/** Starts `bench/scale/simulator-process.ts` with these options and waits for its ready line. */
export async function startSimulatorProcess(options: Record<string, unknown>): Promise<SimulatorChild> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', new URL('./simulator-process.ts', import.meta.url).pathname, JSON.stringify(options)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  // A benchmark that fails halfway must not leave its simulator running.
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  const lines = createInterface({ input: child.stdout! });
  const ready = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) =>
      reject(new Error(`the simulator process exited (${code}) before it was ready`)),
    );
  });
  const { baseUrl, account } = JSON.parse(ready) as Pick<SimulatorChild, 'baseUrl' | 'account'>;
  return {
    baseUrl,
    account,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
