/**
 * Every ringflow command by name, with its one-line summary and how to load it. Modules are imported
 * lazily so `ringflow --help` stays fast; `ringflow completion` loads them all to read their options.
 */
import type { CommandDeclaration } from './commands/command-kit';

/** What a command module exports. */
export interface CommandModule {
  /** Runs the command on the words after its name; resolves with the exit code (undefined = 0). */
  main: (argv: string[]) => Promise<number | void>;
  /** The commander declaration (subcommands, options, examples) — read by `ringflow completion`. */
  command?: CommandDeclaration;
}

export interface RegisteredCommand {
  summary: string;
  load: () => Promise<CommandModule>;
}

export const COMMANDS: Record<string, RegisteredCommand> = {
  start: {
    summary: 'run the local stack: Temporal dev server + Web UI, worker (what `npm start` runs)',
    load: () => import('./commands/start'),
  },
  worker: {
    summary: 'run a worker against TEMPORAL_ADDRESS',
    load: () => import('./commands/worker'),
  },
  simulator: {
    summary:
      'run the local AgentPhone simulator (--port, --webhook-url, --speed, --seed, --data-dir, --faults)',
    load: () => import('./commands/simulator'),
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
  completion: {
    summary: 'print a shell completion script: bash | zsh | fish (e.g. `source <(ringflow completion bash)`)',
    load: () => import('./commands/completion'),
  },
};
