/**
 * `ringflow simulator`: the local AgentPhone (simulator/README.md) — the declaration; the process itself
 * is simulator/main.ts's `runSimulator`, which tests, the chaos stack and the benchmarks also start.
 */
import {
  listenOptions,
  Option,
  ringflowCommand,
  runCommand,
  withExamples,
  type ExitCodeSink,
} from './command-kit';
import type { SimulatorFlags } from '../../simulator/main';

/** The declaration of `ringflow simulator` (no side effects; `ringflow completion` reads it too). */
export function command(exitWith: ExitCodeSink) {
  const listen = listenOptions({ port: 4010 });
  return withExamples(
    ringflowCommand(
      'simulator',
      'run the local AgentPhone simulator: the API, restaurants and people that answer calls and texts, ' +
        'signed webhooks, and a control API under /_sim/. Prints the ready account (base URL, API key, ' +
        'agent, number) as one JSON line on stdout; runs until SIGINT/SIGTERM',
    )
      .addOption(listen.port)
      .addOption(listen.host)
      .option(
        '--webhook-url <url>',
        'where it POSTs signed webhooks, e.g. http://127.0.0.1:8080/webhooks/agentphone',
      )
      .option(
        '--speed <realtime|instant|factor>',
        'how fast simulated time runs: realtime, instant (no waits), or a factor like 60',
        'realtime',
      )
      .option('--seed <n>', 'the random seed: the same seed plays the same callees', '1')
      .option(
        '--data-dir <dir>',
        'keep accounts, calls and messages there across restarts (default: memory only)',
      )
      .option('--faults <file.json>', 'API faults to inject (a list of fault specs; simulator/README.md)')
      .option('--no-ready-account', 'start without the ready-made account (sign up through the API instead)')
      .option('--mcp-statuses', 'report call statuses the way the AgentPhone MCP server spells them')
      .option('--no-rate-limits', "turn off AgentPhone's rate limits (load tests)")
      .option(
        '--webhook-retry-delays <ms,ms,…>',
        'simulated milliseconds between webhook retries, e.g. 1000,5000',
      )
      .option(
        '--personas <campaign|persona=weight,…>',
        'who answers campaign calls: "campaign" (the default mix) or weights like confirm=40,decline=10,no-answer=15',
      )
      .addOption(
        new Option('--json', 'the ready line is one JSON object on stdout (always; logs go to stderr)'),
      )
      .action(
        exitWith(async (flags: SimulatorFlags) => {
          const { runSimulator } = await import('../../simulator/main');
          await runSimulator(flags);
        }),
      ),
    [
      [
        'ringflow simulator --port 4010 --webhook-url http://127.0.0.1:8080/webhooks/agentphone',
        'what `npm start` runs without AGENTPHONE_API_KEY',
      ],
      [
        'ringflow simulator --port 0 --speed instant --seed 7 --data-dir /tmp/sim | head -1 | jq -r .baseUrl',
        'a fast, repeatable simulator for a test; the first line says where it listens',
      ],
    ],
  );
}

export const main = (argv: string[]): Promise<number> => runCommand(argv, command);
