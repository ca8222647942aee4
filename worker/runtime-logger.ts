import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { Logger } from '../common/process/logger';

const PINO_LEVEL: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

let installed = false;

/**
 * Routes the Temporal SDK's logs (worker, workflow `log`, activity `log`, and the Rust core's own
 * lines) into pino, and, given `sdkMetricsBindAddress`, has the SDK serve its own Prometheus metrics
 * there (the worker's `/metrics` appends them to ringflow's: worker/metrics-server.ts). The Runtime is a
 * process-wide singleton, so only the first call takes effect.
 */
export function installRuntimeLogger(
  logger: Logger,
  level: LogLevel = 'INFO',
  sdkMetricsBindAddress?: string,
): void {
  if (installed) return;
  installed = true;
  const temporal = logger.child({ component: 'temporal' });
  Runtime.install({
    // ringflow's processes own their signal handling (common/process/lifecycle.ts) so shutdown runs in order.
    shutdownSignals: [],
    logger: new DefaultLogger(level, ({ level: entryLevel, message, meta }) => {
      temporal[PINO_LEVEL[entryLevel]](meta ?? {}, message);
    }),
    telemetryOptions: {
      logging: { forward: {}, filter: `${level}` },
      ...(sdkMetricsBindAddress
        ? {
            // Prometheus's conventions: counters end in _total, durations in seconds with the unit named.
            metrics: {
              prometheus: {
                bindAddress: sdkMetricsBindAddress,
                countersTotalSuffix: true,
                unitSuffix: true,
                useSecondsForDurations: true,
              },
            },
          }
        : {}),
    },
  });
}
