/** `ringflow worker`: one worker process against a running Temporal server (TEMPORAL_ADDRESS). */
import { Option, ringflowCommand, runCommand, withExamples, type ExitCodeSink } from './command-kit';
import { printReadyLine } from './ready-line';

export function command(exitWith: ExitCodeSink) {
  return withExamples(
    ringflowCommand(
      'worker',
      'run a worker against TEMPORAL_ADDRESS (runs every flow; start as many as you need: README, Self-hosting)',
    )
      .addOption(
        new Option(
          '--json',
          'once the worker polls, print one JSON line on stdout: {service, url (Temporal), taskQueue, namespace, metrics}',
        ),
      )
      .action(
        exitWith(async (flags: { json?: boolean }) => {
          const { main } = await import('../../worker/main');
          // Without --json the log's "worker running" line is the signal; --json adds a parseable one.
          await main(process.env, (ready) => {
            if (flags.json) printReadyLine(true, ready, '');
          });
        }),
      ),
    [
      [
        'TEMPORAL_ADDRESS=temporal:7233 AGENTPHONE_API_KEY=… ringflow worker',
        'a production worker; metrics on RINGFLOW_METRICS_PORT',
      ],
      [
        'TEMPORAL_ADDRESS=127.0.0.1:7233 AGENTPHONE_API_KEY=… ringflow worker --json | grep -m1 \'"service":"worker"\'',
        'wait until it polls (the log lines share stdout)',
      ],
    ],
  );
}

export const main = (argv: string[]): Promise<number> => runCommand(argv, command);
