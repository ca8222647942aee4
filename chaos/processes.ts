/**
 * One OS process of the chaos stack: spawned, its output appended to a log file (which the secrets
 * scenario searches afterwards), and stoppable by any signal — SIGKILL included, which is the point.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';

export interface ProcessSpec {
  /** Short name for reports and the log file (`worker-1`, `ingress`). */
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  logFile: string;
}

/** A child process that can be started, killed and started again with the same spec. */
export class ManagedProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<number | null> | undefined;
  private recent = '';
  private log: WriteStream;
  /** How many times this process was started (1 after the first start). */
  starts = 0;

  constructor(readonly spec: ProcessSpec) {
    this.log = createWriteStream(spec.logFile, { flags: 'a' });
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Everything printed since the last start (bounded), for waits and error messages. */
  output(): string {
    return this.recent;
  }

  start(): void {
    if (this.running) throw new Error(`${this.spec.name} is already running`);
    this.recent = '';
    this.starts += 1;
    this.log.write(
      `\n=== chaos: start #${this.starts} of ${this.spec.name} at ${new Date().toISOString()}\n`,
    );
    const child = spawn(this.spec.command, this.spec.args, {
      cwd: this.spec.cwd,
      env: this.spec.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const onData = (d: Buffer) => {
      this.log.write(d);
      this.recent = (this.recent + d.toString()).slice(-200_000);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    this.child = child;
  }

  /** Resolves when the output since the last start matches; rejects when the process exits first. */
  async waitFor(pattern: RegExp, timeoutMs = 120_000): Promise<RegExpMatchArray> {
    const child = this.child;
    if (!child) throw new Error(`${this.spec.name} was never started`);
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = this.recent.match(pattern);
        if (match) finish(() => resolve(match));
      };
      const onExit = () =>
        finish(() =>
          reject(new Error(`${this.spec.name} exited before ${pattern}:\n${this.recent.slice(-3000)}`)),
        );
      const guard = setTimeout(
        () =>
          finish(() =>
            reject(
              new Error(`${this.spec.name}: timed out waiting for ${pattern}:\n${this.recent.slice(-3000)}`),
            ),
          ),
        timeoutMs,
      );
      const finish = (settle: () => void) => {
        clearTimeout(guard);
        child.stdout!.off('data', check);
        child.stderr!.off('data', check);
        child.off('exit', onExit);
        settle();
      };
      // Registered after the accumulating listener, so `recent` already holds the new chunk.
      child.stdout!.on('data', check);
      child.stderr!.on('data', check);
      child.on('exit', onExit);
      check();
      if (!this.running) onExit();
    });
  }

  /** Sends `signal` and waits for the exit (SIGKILL: no shutdown hooks, no flushed state). */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (!this.child || !this.exited) return;
    if (this.running) this.child.kill(signal);
    await this.exited;
    this.log.write(`=== chaos: ${this.spec.name} stopped by ${signal} at ${new Date().toISOString()}\n`);
  }

  async closeLog(): Promise<void> {
    await new Promise<void>((resolve) => this.log.end(resolve));
  }
}
