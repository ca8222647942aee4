/** `ringflow start` (what `npm start` runs): the local stack on embedded defaults, then the demo. */
import { ringflowCommand, runCommand, withExamples, type ExitCodeSink } from './command-kit';

export function command(exitWith: ExitCodeSink) {
  return withExamples(
    ringflowCommand(
      'start',
      'run the local stack: Temporal dev server + Web UI, the AgentPhone simulator (without ' +
        'AGENTPHONE_API_KEY), ingress and worker; books a demo table and prints a demo campaign to try. ' +
        'Configuration comes from the environment (README: Configuration).',
    ).action(
      exitWith(async () => {
        const { main } = await import('../../stack/start');
        await main();
      }),
    ),
    [
      ['npm start', 'the same, with the npm packages and the Temporal binaries installed first'],
      ['RINGFLOW_STATE_DIR=/tmp/rf ringflow start', 'keep the state (SQLite, logs) somewhere else'],
    ],
  );
}

export const main = (argv: string[]): Promise<number> => runCommand(argv, command);
