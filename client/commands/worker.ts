/** `ringflow worker`: one worker process against a running Temporal server (TEMPORAL_ADDRESS). */
import { ringflowCommand, runCommand, withExamples, type ExitCodeSink } from './command-kit';

export function command(exitWith: ExitCodeSink) {
  return withExamples(
    ringflowCommand(
      'worker',
      'run a worker against TEMPORAL_ADDRESS (runs every flow; start as many as you need: README, Self-hosting)',
    ).action(
      exitWith(async () => {
        const { main } = await import('../../worker/main');
        await main();
      }),
    ),
    [
      [
        'TEMPORAL_ADDRESS=temporal:7233 AGENTPHONE_API_KEY=… ringflow worker',
        'a production worker; metrics on RINGFLOW_METRICS_PORT',
      ],
    ],
  );
}

export const main = (argv: string[]): Promise<number> => runCommand(argv, command);
