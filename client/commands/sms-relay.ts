/**
 * `ringflow sms-relay enable|disable|status`: where an agent's inbound one-time codes, and (with
 * `--relay-sms`) every other text nobody waits for, are relayed. The settings live durably in the
 * agent's settings workflow (section `smsRelay`); the relay reads them on every SMS.
 */
import { z } from 'zod';
import { agentSettingsWorkflow } from '../../workflows/agent-settings';
import { DialablePhoneSchema } from '../../workflows/reservation/input';
import {
  SMS_RELAY_SECTION,
  SmsRelaySettingsSchema,
  readSmsRelaySettings,
  writeSmsRelaySettings,
  type SmsRelaySettings,
} from '../sms-relay-settings';
import { readAgentSettings } from '../agent-settings';
import { CommandOutput } from '../output';
import { jsonOption, ringflowCommand, runCommand, withExamples, type ExitCodeSink } from './command-kit';
import { commandClient, UsageError } from './shared';
import { streamsWriting } from './write-streams';

/** An agent id becomes part of a workflow id: letters, digits, `_` and `-` only. */
const AgentIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,100}$/, 'an agent id is letters, digits, _ and - (e.g. agt_abc123)');

/** One agent's relay as `status` shows it. */
export interface SmsRelayStatus {
  agentId: string;
  enabled: boolean;
  settings: SmsRelaySettings | null;
  updatedAt: string | null;
}

/** The flags of `sms-relay enable`, as commander parses them (`--codes`/`--no-codes` → `codes`). */
interface SmsRelayEnableFlags {
  agent?: string;
  notify?: string;
  codes?: boolean;
  relaySms?: boolean;
  json?: boolean;
}

/** Where the command prints and which Temporal it reaches (tests pass their own). */
interface SmsRelayContext {
  env: NodeJS.ProcessEnv;
  write: (text: string) => void;
}

const PROCESS_CONTEXT: SmsRelayContext = {
  env: process.env,
  write: (text) => process.stdout.write(text),
};

/** The declaration of `ringflow sms-relay` (no side effects). */
export function command(exitWith: ExitCodeSink, context: SmsRelayContext = PROCESS_CONTEXT) {
  const output = (json: boolean | undefined) =>
    new CommandOutput({ json }, streamsWriting(context.write, context.env));
  const relay = withExamples(
    ringflowCommand(
      'sms-relay',
      "relay an agent's inbound one-time codes (and, with --relay-sms, other texts nobody waits for) to the owner's phone",
    ),
    ['ringflow sms-relay enable --agent agt_abc123 --notify +14155550142', 'ringflow sms-relay status'],
  );
  const enable = relay
    .command('enable')
    .description(
      "relay the agent's texts to --notify: one-time codes (unless --no-codes) and, with --relay-sms, " +
        "every other text no ringflow flow waits for; replaces the agent's relay settings whole",
    )
    .option('--agent <id>', 'the AgentPhone agent whose number receives the texts (agt_…); required')
    .option('--notify <number>', "the owner's phone, E.164 (+14155550142) or national; required")
    .option('--codes', 'relay one-time codes (the default)')
    .option('--no-codes', 'do not relay one-time codes (needs --relay-sms)')
    .option('--relay-sms', 'relay every other text that no ringflow flow is waiting for, too')
    .addOption(jsonOption());
  // Commander keeps only the last of --codes / --no-codes; both given is a contradiction to refuse.
  const given = new Set<string>();
  enable.on('option:codes', () => given.add('codes'));
  enable.on('option:no-codes', () => given.add('no-codes'));
  withExamples(
    enable.action(
      exitWith(async (flags: SmsRelayEnableFlags) => {
        const agent = agentId(flags.agent, true)!;
        const settings = enableSettings(flags, given.size === 2);
        const { client, taskQueue, close } = await commandClient(context.env);
        try {
          const stored = await writeSmsRelaySettings(client, taskQueue, agent, settings);
          report(output(flags.json), { agentId: agent, enabled: true, ...stored });
        } finally {
          await close();
        }
      }),
    ),
    [
      'ringflow sms-relay enable --agent agt_abc123 --notify +14155550142',
      [
        'ringflow sms-relay enable --agent agt_abc123 --notify "(415) 555-0142" --no-codes --relay-sms',
        'every other text, but no codes',
      ],
    ],
  );
  withExamples(
    relay
      .command('disable')
      .description('relay nothing more for this agent (its settings section is cleared)')
      .option('--agent <id>', 'the AgentPhone agent (agt_…); required')
      .addOption(jsonOption())
      .action(
        exitWith(async (flags: { agent?: string; json?: boolean }) => {
          const agent = agentId(flags.agent, true)!;
          const { client, taskQueue, close } = await commandClient(context.env);
          try {
            const stored = await writeSmsRelaySettings(client, taskQueue, agent, null);
            report(output(flags.json), { agentId: agent, enabled: false, ...stored });
          } finally {
            await close();
          }
        }),
      ),
    ['ringflow sms-relay disable --agent agt_abc123', 'ringflow sms-relay disable --agent agt_abc123 --json'],
  );
  withExamples(
    relay
      .command('status')
      .description('where each agent relays to (or one agent with --agent)')
      .option('--agent <id>', 'only this agent (agt_…); default: every agent with the relay on')
      .addOption(jsonOption())
      .action(
        exitWith(async (flags: { agent?: string; json?: boolean }) => {
          const agent = agentId(flags.agent, false);
          const statuses = await readStatuses(context.env, agent);
          const out = output(flags.json);
          out.result(agent ? statuses[0] : statuses, () =>
            statuses.length === 0
              ? 'No agent has the SMS relay enabled.'
              : statuses.map((status) => describeStatus(status)),
          );
        }),
      ),
    ['ringflow sms-relay status', 'ringflow sms-relay status --agent agt_abc123 --json'],
  );
  return relay;
}

export const main = (
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  write: (text: string) => void = (text) => process.stdout.write(text),
): Promise<number> => runCommand(argv, (exitWith) => command(exitWith, { env, write }));

function agentId(value: string | undefined, required: boolean): string | undefined {
  if (value === undefined) {
    if (required)
      throw new UsageError('Missing --agent (nothing was changed): the agent id, e.g. --agent agt_abc123.');
    return undefined;
  }
  const parsed = AgentIdSchema.safeParse(value);
  if (!parsed.success)
    throw new UsageError(`--agent: ${parsed.error.issues[0]?.message} (nothing was changed).`);
  return parsed.data;
}

/** One agent's status, or every agent of this deployment (its task queue) that has relay settings. */
async function readStatuses(env: NodeJS.ProcessEnv, agent: string | undefined): Promise<SmsRelayStatus[]> {
  const { client, taskQueue, close } = await commandClient(env);
  try {
    if (agent) {
      const settings = await readSmsRelaySettings(client, agent);
      const updatedAt = (await readAgentSettings(client, agent))[SMS_RELAY_SECTION]?.updatedAt ?? null;
      return [{ agentId: agent, enabled: settings !== null, settings, updatedAt }];
    }
    // Settings workflows run as long as they exist.
    const statuses: SmsRelayStatus[] = [];
    const query =
      `WorkflowType = '${agentSettingsWorkflow.name}' AND ExecutionStatus = 'Running'` +
      ` AND TaskQueue = '${taskQueue}'`;
    for await (const execution of client.workflow.list({ query })) {
      const id = execution.workflowId.replace(/^agent-settings:/, '');
      const section = (await readAgentSettings(client, id))[SMS_RELAY_SECTION];
      const parsed = section ? SmsRelaySettingsSchema.safeParse(section.value) : undefined;
      if (!parsed?.success) continue;
      statuses.push({
        agentId: id,
        enabled: true,
        settings: parsed.data,
        updatedAt: section?.updatedAt ?? null,
      });
    }
    return statuses;
  } finally {
    await close();
  }
}

/** The settings `enable` stores: codes on unless --no-codes, other texts only with --relay-sms. */
function enableSettings(flags: SmsRelayEnableFlags, bothCodeFlags: boolean): SmsRelaySettings {
  if (flags.notify === undefined)
    throw new UsageError(
      "Missing --notify (nothing was changed): the owner's number, e.g. --notify +14155550142.",
    );
  const notify = DialablePhoneSchema.safeParse(flags.notify);
  if (!notify.success)
    throw new UsageError(
      `--notify: ${notify.error.issues[0]?.message ?? 'not a valid number'}; give the owner's number, e.g. +14155550142 (nothing was changed).`,
    );
  if (bothCodeFlags)
    throw new UsageError('--codes and --no-codes contradict each other: give one (nothing was changed).');
  const codes = flags.codes !== false;
  const relaySms = flags.relaySms === true;
  if (!codes && !relaySms)
    throw new UsageError(
      '--no-codes without --relay-sms would relay nothing: use `ringflow sms-relay disable` (nothing was changed).',
    );
  return { notify: notify.data, codes, relaySms };
}

function report(output: CommandOutput, status: SmsRelayStatus): void {
  output.result(status, describeStatus(status));
}

/** One line per agent: "agt_1: relaying to +1…: one-time codes on, other texts off (since …)". */
export function describeStatus({ agentId, settings, updatedAt }: SmsRelayStatus): string {
  if (!settings) return `${agentId}: SMS relay off.`;
  const since = updatedAt ? ` (since ${updatedAt})` : '';
  return (
    `${agentId}: relaying to ${settings.notify}: one-time codes ${settings.codes ? 'on' : 'off'}, ` +
    `other texts nobody waits for ${settings.relaySms ? 'on' : 'off'}${since}.`
  );
}
