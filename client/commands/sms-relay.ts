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
import { commandClient, parseFlags, UsageError } from './shared';

const USAGE = `Usage:
  ringflow sms-relay enable --agent <agt_…> --notify <+1…> [--codes | --no-codes] [--relay-sms] [--json]
  ringflow sms-relay disable --agent <agt_…> [--json]
  ringflow sms-relay status [--agent <agt_…>] [--json]

enable: one-time codes texted to the agent's number are relayed to --notify (on unless --no-codes);
with --relay-sms, so is every other text that no ringflow flow is waiting for. Each enable replaces
the agent's relay settings whole.`;

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

export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  write: (text: string) => void = (text) => process.stdout.write(text),
): Promise<void> {
  const [action, ...rest] = argv;
  const { values, positionals } = parseFlags(
    rest,
    {
      agent: { type: 'string' },
      notify: { type: 'string' },
      codes: { type: 'boolean' },
      'no-codes': { type: 'boolean' },
      'relay-sms': { type: 'boolean' },
      json: { type: 'boolean', default: false },
    },
    USAGE,
  );
  if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}".\n\n${USAGE}`);
  if (action !== 'enable' && action !== 'disable' && action !== 'status')
    throw new UsageError(`${action ? `Unknown action "${action}"` : 'Missing an action'}.\n\n${USAGE}`);
  const only = (allowed: string[]) => {
    const extra = Object.keys(values).find((flag) => flag !== 'json' && !allowed.includes(flag));
    if (extra)
      throw new UsageError(`--${extra}: not an option of \`sms-relay ${action}\` (nothing was changed).`);
  };
  const agentId = (required: boolean) => {
    if (values.agent === undefined) {
      if (required) throw new UsageError(`Missing --agent (nothing was changed).\n\n${USAGE}`);
      return undefined;
    }
    const parsed = AgentIdSchema.safeParse(values.agent);
    if (!parsed.success)
      throw new UsageError(`--agent: ${parsed.error.issues[0]?.message} (nothing was changed).`);
    return parsed.data;
  };

  if (action === 'enable') {
    only(['agent', 'notify', 'codes', 'no-codes', 'relay-sms']);
    const agent = agentId(true)!;
    const settings = enableSettings(values);
    const { client, taskQueue, close } = await commandClient(env);
    try {
      const stored = await writeSmsRelaySettings(client, taskQueue, agent, settings);
      report(write, values.json, { agentId: agent, enabled: true, ...stored });
    } finally {
      await close();
    }
    return;
  }
  if (action === 'disable') {
    only(['agent']);
    const agent = agentId(true)!;
    const { client, taskQueue, close } = await commandClient(env);
    try {
      const stored = await writeSmsRelaySettings(client, taskQueue, agent, null);
      report(write, values.json, { agentId: agent, enabled: false, ...stored });
    } finally {
      await close();
    }
    return;
  }
  only(['agent']);
  const agent = agentId(false);
  const { client, taskQueue, close } = await commandClient(env);
  try {
    const statuses: SmsRelayStatus[] = [];
    if (agent) {
      const settings = await readSmsRelaySettings(client, agent);
      const updatedAt = (await readAgentSettings(client, agent))[SMS_RELAY_SECTION]?.updatedAt ?? null;
      statuses.push({ agentId: agent, enabled: settings !== null, settings, updatedAt });
    } else {
      // Every agent of this deployment (its task queue) that has settings: their settings workflows run
      // as long as they exist.
      const query =
        `WorkflowType = '${agentSettingsWorkflow.name}' AND ExecutionStatus = 'Running'` +
        ` AND TaskQueue = '${taskQueue}'`;
      for await (const execution of client.workflow.list({ query })) {
        const sections = await readAgentSettings(
          client,
          execution.workflowId.replace(/^agent-settings:/, ''),
        );
        const section = sections[SMS_RELAY_SECTION];
        const parsed = section ? SmsRelaySettingsSchema.safeParse(section.value) : undefined;
        if (!parsed?.success) continue;
        statuses.push({
          agentId: execution.workflowId.replace(/^agent-settings:/, ''),
          enabled: true,
          settings: parsed.data,
          updatedAt: section?.updatedAt ?? null,
        });
      }
    }
    if (values.json) write(`${JSON.stringify(agent ? statuses[0] : statuses, null, 2)}\n`);
    else if (statuses.length === 0) write('No agent has the SMS relay enabled.\n');
    else for (const status of statuses) write(`${describeStatus(status)}\n`);
  } finally {
    await close();
  }
}

/** The settings `enable` stores: codes on unless --no-codes, other texts only with --relay-sms. */
function enableSettings(values: {
  notify?: string | undefined;
  codes?: boolean | undefined;
  'no-codes'?: boolean | undefined;
  'relay-sms'?: boolean | undefined;
}): SmsRelaySettings {
  if (values.notify === undefined)
    throw new UsageError(`Missing --notify (nothing was changed).\n\n${USAGE}`);
  const notify = DialablePhoneSchema.safeParse(values.notify);
  if (!notify.success)
    throw new UsageError(
      `--notify: ${notify.error.issues[0]?.message ?? 'not a valid number'}; give the owner's number, e.g. +14155550142 (nothing was changed).`,
    );
  if (values.codes && values['no-codes'])
    throw new UsageError('--codes and --no-codes contradict each other: give one (nothing was changed).');
  const codes = !values['no-codes'];
  const relaySms = values['relay-sms'] === true;
  if (!codes && !relaySms)
    throw new UsageError(
      '--no-codes without --relay-sms would relay nothing: use `ringflow sms-relay disable` (nothing was changed).',
    );
  return { notify: notify.data, codes, relaySms };
}

function report(write: (text: string) => void, json: boolean | undefined, status: SmsRelayStatus): void {
  if (json) write(`${JSON.stringify(status, null, 2)}\n`);
  else write(`${describeStatus(status)}\n`);
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
