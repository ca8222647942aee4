import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../stack/temporal-server';

export { freePort } from '../../common/process/free-port';

export interface CliProcess {
  child: ChildProcessWithoutNullStreams;
  /** Everything printed so far (stdout and stderr). */
  output(): string;
  /** Resolves when the output matches, rejects on exit or after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code once the process ends by itself. */
  exited(): Promise<number | null>;
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs `node bin/ringflow.mjs <args>` as a child process, as a user would. */
export function runCli(args: string[], env: NodeJS.ProcessEnv): CliProcess {
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin', 'ringflow.mjs'), ...args], {
    cwd: PROJECT_ROOT,
    env,
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return {
    child,
    output: () => output,
    // Waits on the child's output and exit events, not on a timer.
    waitFor(pattern, timeoutMs = 90_000) {
      return new Promise<RegExpMatchArray>((resolve, reject) => {
        const check = () => {
          const match = output.match(pattern);
          if (match) finish(() => resolve(match));
        };
        const onExit = () =>
          finish(() => reject(new Error(`process exited (${child.exitCode}) before ${pattern}:\n${output}`)));
        const guard = setTimeout(
          () => finish(() => reject(new Error(`timed out waiting for ${pattern}:\n${output}`))),
          timeoutMs,
        );
        const finish = (settle: () => void) => {
          clearTimeout(guard);
          child.stdout.off('data', check);
          child.stderr.off('data', check);
          child.off('close', onExit);
          settle();
        };
        // Registered after the accumulating listeners above, so `output` already holds the new chunk.
        child.stdout.on('data', check);
        child.stderr.on('data', check);
        // 'close', not 'exit': the last output may still be in the pipes when the process exits.
        child.on('close', onExit);
        check();
        if (child.exitCode !== null && child.stdout.closed && child.stderr.closed) onExit();
      });
    },
    exited: () => exited,
    async stop(signal = 'SIGINT') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}
