import type { Logger } from './logger';

/** One running part of a process (a server, a worker, the simulator), stopped in reverse start order. */
export interface RunningService {
  name: string;
  /** One line for the start-up banner, e.g. "Temporal Web UI: http://127.0.0.1:8233". */
  summary?: string;
  stop(): Promise<void>;
}

/**
 * Owns a process's running services and its shutdown: the first SIGINT/SIGTERM stops services in
 * reverse order within `graceMs`; a second signal or the deadline exits at once.
 */
export class Lifecycle {
  private readonly services: RunningService[] = [];
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly graceMs: number,
  ) {}

  add(service: RunningService): RunningService {
    this.services.push(service);
    return service;
  }

  /** The banner lines of the running services, in start order. */
  summaries(): string[] {
    return this.services.flatMap((s) => (s.summary ? [s.summary] : []));
  }

  /** Stops every service, newest first. Safe to call more than once. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      for (const service of [...this.services].reverse()) {
        try {
          await service.stop();
          this.logger.info({ service: service.name }, 'stopped');
        } catch (err) {
          this.logger.error({ err, service: service.name }, 'failed to stop cleanly');
        }
      }
    })();
    return this.stopping;
  }

  /** Installs the signal handlers; `onStopped` runs after a clean stop (e.g. to print a goodbye). */
  handleSignals(onStopped: () => void = () => {}): void {
    let signalled = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (signalled) {
        this.logger.warn({ signal }, 'second signal: exiting now');
        process.exit(130);
      }
      signalled = true;
      this.logger.info({ signal, graceMs: this.graceMs }, 'shutting down');
      const deadline = setTimeout(() => {
        this.logger.error({ graceMs: this.graceMs }, 'shutdown deadline passed: exiting');
        process.exit(1);
      }, this.graceMs);
      deadline.unref();
      void this.stop().then(() => {
        clearTimeout(deadline);
        onStopped();
        process.exit(0);
      });
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
}
