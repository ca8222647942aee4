/**
 * The Temporal client's gRPC retry interceptor resends a failed call from a timer (grpc-retry.ts). When
 * a scenario has already closed its stack's connection — its deadline passed while the server was down,
 * then the stack was stopped — that resend throws "Channel has been shut down" from the timer, outside
 * any promise, and would end the whole suite with no scenario line. It is a call of a stack already torn
 * down, not a finding: the guard notes it and the run carries on; any other uncaught error still ends
 * the run (exit 1), as it would without a handler.
 */

/** True for the one error the guard lets pass: a resend on a connection closed meanwhile. */
export function isResendAfterClose(err: unknown): boolean {
  return err instanceof Error && err.message === 'Channel has been shut down';
}

interface GuardedProcess {
  on(event: 'uncaughtException', listener: (err: unknown) => void): unknown;
  exit(code: number): never;
}

/** Installs the guard on `proc`; `report` receives a line for each resend let pass and for the fatal error. */
export function installStaleCallGuard(proc: GuardedProcess, report: (line: string) => void): void {
  proc.on('uncaughtException', (err) => {
    if (isResendAfterClose(err)) {
      report('chaos: a call to a stopped stack was resent after its connection closed (ignored)');
      return;
    }
    report(
      `chaos: uncaught error, the run ends: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
    );
    proc.exit(1);
  });
}
