/** `ringflow start` (what `npm start` runs): the local stack on embedded defaults, then the demo. */
import { Option, ringflowCommand, runCommand, withExamples, type ExitCodeSink } from './command-kit';
import { printReadyLine } from './ready-line';

export function command(exitWith: ExitCodeSink) {
  return withExamples(
    ringflowCommand(
      'start',
      'run the local stack: Temporal dev server + Web UI, the AgentPhone simulator (without ' +
        'AGENTPHONE_API_KEY), ingress and worker; books a demo table and prints a demo campaign to try. ' +
        'Configuration comes from the environment (README: Configuration).',
    )
      .addOption(
        new Option(
          '--json',
          'the banner goes to stderr; once everything is up (and the demo done) stdout gets ONE JSON line, ' +
            '{"service":"ringflow", temporal, webhook, simulator, selfCheck, demo, logs} (after the ' +
            "Temporal dev server's own banner, when it starts one)",
        ),
      )
      .action(
        exitWith(async (flags: { json?: boolean }) => {
          const { main } = await import('../../stack/start');
          if (!flags.json) {
            await main();
            return;
          }
          // The banner is for people: with --json it moves to stderr, so stdout holds only the ready line.
          const log = console.log;
          console.log = (...args: unknown[]) => console.error(...args);
          try {
            const ready = await main();
            printReadyLine(true, ready, '');
          } finally {
            console.log = log;
          }
        }),
      ),
    [
      ['npm start', 'the same, with the npm packages and the Temporal binaries installed first'],
      ['RINGFLOW_STATE_DIR=/tmp/rf ringflow start', 'keep the state (SQLite, logs) somewhere else'],
      [
        'RINGFLOW_DEMO=false ringflow start --json | grep -m1 \'"service":"ringflow"\' | jq -r .simulator',
        'a script waits for the stack and reads where the simulator listens',
      ],
    ],
  );
}

export const main = (argv: string[]): Promise<number> => runCommand(argv, command);
