/**
 * Process plumbing for benchmarks that run the product as a user would: a child's output
 * line by line with the moment each line arrived, and the child's whole process tree (from /proc), so
 * a benchmark can check that stopping it left no orphan behind.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Parent pid of every process visible in /proc. */
function parentPids(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 4 of /proc/<pid>/stat, after the command name in parentheses (which may hold spaces).
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // the process ended while we looked
    }
  }
  return parents;
}

/** Every live descendant of `pid` (children, grandchildren, …). */
export function descendantsOf(pid: number): number[] {
  const parents = parentPids();
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const [child, parent] of parents)
      if (parent === current) {
        found.push(child);
        queue.push(child);
      }
  }
  return found;
}

/** Those of `pids` still alive (a zombie counts as gone: it holds no resources but its entry). */
export function stillAlive(pids: readonly number[]): number[] {
  return pids.filter((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
    } catch {
      return false;
    }
  });
}

/** A child process whose output lines are kept with the `performance.now()` each arrived at. */
export interface TimedProcess {
  child: ChildProcessWithoutNullStreams;
  /** `performance.now()` and `Date.now()` just before the spawn. */
  spawnedAt: { perf: number; epoch: number };
  /** ms after the spawn at which a line first matched `pattern`; rejects when the process ends first. */
  lineAt(pattern: RegExp, timeoutMs?: number): Promise<number>;
  output(): string;
  /** Sends `signal` (once) and resolves with the exit code or signal name. */
  stop(signal: NodeJS.Signals): Promise<number | string>;
}

export function spawnTimed(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): TimedProcess {
  const spawnedAt = { perf: performance.now(), epoch: Date.now() };
  const child = spawn(command, args, { ...options, stdio: 'pipe' });
  const lines: { at: number; text: string }[] = [];
  let output = '';
  const waiters = new Set<() => void>();
  const exited = new Promise<number | string>((resolve) =>
    child.on('close', (code, signal) => {
      resolve(code ?? signal ?? 'unknown');
      for (const wake of waiters) wake();
    }),
  );
  let ended = false;
  void exited.then(() => (ended = true));
  const onData = (stream: 'out' | 'err') => {
    let partial = '';
    return (chunk: Buffer) => {
      const at = performance.now() - spawnedAt.perf;
      output += chunk.toString();
      partial += chunk.toString();
      const parts = partial.split('\n');
      partial = parts.pop()!;
      for (const text of parts) lines.push({ at, text: `${stream === 'err' ? '[stderr] ' : ''}${text}` });
      for (const wake of waiters) wake();
    };
  };
  child.stdout.on('data', onData('out'));
  child.stderr.on('data', onData('err'));
  return {
    child,
    spawnedAt,
    output: () => output,
    lineAt(pattern, timeoutMs = 180_000) {
      return new Promise((resolve, reject) => {
        const guard = setTimeout(
          () => finish(new Error(`timed out waiting for ${pattern}:\n${output}`)),
          timeoutMs,
        );
        const check = () => {
          const hit = lines.find((l) => pattern.test(l.text));
          if (hit) finish(undefined, hit.at);
          else if (ended) finish(new Error(`process ended before ${pattern}:\n${output}`));
        };
        const finish = (err: Error | undefined, at?: number) => {
          clearTimeout(guard);
          waiters.delete(check);
          if (err) reject(err);
          else resolve(at!);
        };
        waiters.add(check);
        check();
      });
    },
    async stop(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
