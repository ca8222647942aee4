/**
 * `npx ringflow <command>`: the entry point of every ringflow process and operator command.
 * Each command module exports `main(argv)`; they are imported lazily so `ringflow --help` stays fast.
 */
import { EXIT } from './exit-codes';

const COMMANDS: Record<
  string,
  {
    summary: string;
    /** `main` resolves with the exit code when it is not 0 (e.g. `book --wait` that booked nothing). */
    load: () => Promise<{ main: (argv: string[]) => Promise<number | void> }>;
  }
> = {
  start: {
    summary: 'run the local stack: Temporal dev server + Web UI, worker (what `npm start` runs)',
    load: async () => {
      const { main } = await import('../stack/start');
      return { main: () => main() };
    },
  },
  worker: {
    summary: 'run a worker against TEMPORAL_ADDRESS',
    load: async () => {
      const { main } = await import('../worker/main');
      return { main: () => main() };
    },
  },
  simulator: {
    summary:
      'run the local AgentPhone simulator (--port, --webhook-url, --speed, --seed, --data-dir, --faults)',
    load: () => import('../simulator/main'),
  },
  outcome: {
    summary: 'classify a saved call transcript (--kind reservation --transcript <file.json> [--json])',
    load: () => import('./commands/outcome'),
  },
  ingress: {
    summary: 'run the webhook ingress (AgentPhone webhooks → workflow signals)',
    load: () => import('./commands/ingress'),
  },
  book: {
    summary: 'book a restaurant table by phone (starts a reservation workflow)',
    load: () => import('./commands/book'),
  },
  reservation: {
    summary: 'status | reply | cancel of a reservation',
    load: () => import('./commands/reservation'),
  },
  call: {
    summary: 'place one autonomous AI call and (with --wait) print its transcript',
    load: () => import('./commands/call'),
  },
  sms: {
    summary: 'send one SMS, exactly once',
    load: () => import('./commands/sms'),
  },
  suppress: {
    summary: 'add | remove | check | list | import | export: the opt-out list every call and SMS honours',
    load: () => import('./commands/suppress'),
  },
  'sms-relay': {
    summary:
      'enable | disable | status: relay one-time codes (and, with --relay-sms, other texts) to the owner',
    load: () => import('./commands/sms-relay'),
  },
  'missed-calls': {
    summary: 'enable | disable | status | cancel | snooze: call back missed inbound calls, text the owner',
    load: () => import('./commands/missed-calls'),
  },
  campaign: {
    summary:
      'start | status | watch | pause | resume | cancel | update | results | report | schedules: call campaigns (--dry-run checks)',
    load: () => import('./commands/campaign'),
  },
  status: {
    summary: 'account, running flows by kind, recent outcomes, opt-outs and webhook health [--json]',
    load: () => import('./commands/status'),
  },
  signup: {
    summary: 'open an AgentPhone account: --email <you> [--agent-name …]; the code arrives by email',
    load: () => import('./commands/signup'),
  },
  verify: {
    summary: 'finish sign-up with the emailed code: --code 123456 [--email …]; stores the new API key',
    load: () => import('./commands/verify'),
  },
  login: {
    summary: 'store an API key from the AgentPhone dashboard: --api-key-stdin',
    load: () => import('./commands/login'),
  },
  'codec-server': {
    summary:
      'serve the payload codec to the Temporal Web UI (/encode, /decode; keys from RINGFLOW_CODEC_KEYS)',
    load: () => import('./commands/codec-server'),
  },
  webhooks: {
    summary:
      'setup | rotate | test | deliveries: wire AgentPhone webhooks to the ingress; dead-letters [--replay|--discard]',
    load: () => import('./commands/webhooks'),
  },
  mcp: {
    summary: 'MCP server for AI agents: stdio, or --http --port N (RINGFLOW_MCP_TOKEN)',
    load: () => import('./commands/mcp'),
  },
};

/** Errors whose message is the whole story for the user (no stack trace). */
const USER_ERRORS = new Set([
  'ConfigError',
  'UsageError',
  'ContactFileError',
  'TemporalUnreachableError',
  'TemporalServerUnavailableError',
]);

const BAD_INPUT_ERRORS = new Set(['ConfigError', 'UsageError', 'ContactFileError']);

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `Usage: ringflow <command> [options]\n\nCommands:\n${lines.join('\n')}\n`;
}

/** Runs one command and returns the process exit code. */
export async function run(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? EXIT.ok : EXIT.badInput;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`ringflow: unknown command "${name}"\n\n${usage()}`);
    return EXIT.badInput;
  }
  try {
    const { main } = await command.load();
    return (await main(rest)) ?? 0;
  } catch (err) {
    const error = err as Error;
    const story = USER_ERRORS.has(error.name)
      ? error.message
      : (workflowFailure(error) ?? error.stack ?? error.message);
    process.stderr.write(`ringflow ${name}: ${story}\n`);
    return BAD_INPUT_ERRORS.has(error.name) ? EXIT.badInput : EXIT.failure;
  }
}

/**
 * A failed workflow's story is its innermost cause (an activity's ApplicationFailure, say), not the
 * client's stack: "the workflow failed: +1… texted STOP … (ContactOptedOutError)". Matched by name so
 * `ringflow --help` need not load the Temporal client.
 */
function workflowFailure(error: Error): string | undefined {
  if (error.name !== 'WorkflowFailedError') return undefined;
  let cause: Error = error;
  while (cause.cause instanceof Error) cause = cause.cause;
  const type = (cause as { type?: unknown }).type;
  return `the workflow failed: ${cause.message}${typeof type === 'string' ? ` (${type})` : ''}`;
}
