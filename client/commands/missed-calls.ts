/**
 * `ringflow missed-calls enable|disable|status|cancel|snooze`: the owner's side of missed-call
 * callbacks. Settings live in the agent's durable settings (section `missedCalls`); flags are checked
 * with the settings schema before anything is written, and each problem names its flag.
 */
import { readFile } from 'node:fs/promises';
import { WorkflowNotFoundError } from '@temporalio/client';
import { readAgentSettings, writeAgentSettingsSection } from '../agent-settings';
import { describeCallback, describeSettings, pendingCallbacks } from '../missed-calls-view';
import { cancelMissedCallUpdate, snoozeMissedCallUpdate, workflowIds } from '../../workflows/messages';
import { parseDays, parseHours, validateMissedCallSettings } from '../../workflows/missed-call/input';
import { DialablePhoneSchema } from '../../workflows/reservation/input';
import { MISSED_CALLS_SECTION, type MissedCallSettings } from '../../workflows/missed-call/types';
import { MAX_SNOOZE_MINUTES } from '../../workflows/missed-call/run';
import { CommandOutput } from '../output';
import { jsonOption, ringflowCommand, runCommand, withExamples, type ExitCodeSink } from './command-kit';
import { commandClient, UsageError } from './shared';

/** The flags of `missed-calls enable`, as commander parses them (defaults filled in). */
export interface MissedCallsEnableFlags {
  agent?: string;
  notify?: string;
  timezone?: string;
  delayMinutes?: string;
  hours?: string;
  days?: string;
  maxAttempts?: string;
  triage?: string;
  business?: string;
  promptFile?: string;
  json?: boolean;
}

/** The flags of `missed-calls cancel|snooze <caller>`. */
interface MissedCallsCallbackFlags {
  agent?: string;
  minutes?: string;
  json?: boolean;
}

/** The flag behind each settings field, for error messages. */
const FLAG_OF: Record<string, string> = {
  delayMinutes: '--delay-minutes',
  hours: '--hours',
  days: '--days',
  timeZone: '--timezone',
  notifyNumber: '--notify',
  businessName: '--business',
  prompt: '--prompt-file',
  maxAttempts: '--max-attempts',
  triage: '--triage',
};

/** A number flag, or a UsageError naming it. */
function numberFlag(name: 'delay-minutes' | 'max-attempts' | 'minutes', text = ''): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value))
    throw new UsageError(`--${name}: "${text}" is not a number (nothing was written).`);
  return value;
}

/** The settings the flags describe, validated; a UsageError naming every bad flag otherwise. */
export async function settingsFromFlags(values: MissedCallsEnableFlags): Promise<MissedCallSettings> {
  const missing = (['agent', 'notify', 'timezone'] as const).filter((f) => !values[f]);
  if (missing.length > 0)
    throw new UsageError(
      `Missing ${missing.map((f) => `--${f}`).join(', ')} (nothing was written; see \`ringflow missed-calls enable --help\`).`,
    );
  const hours = parseHours(values.hours ?? '');
  if (!hours)
    throw new UsageError(`--hours: use HH:MM-HH:MM (e.g. 09:00-18:00) or any (nothing was written).`);
  const days = parseDays(values.days ?? '');
  if (!days) throw new UsageError(`--days: use e.g. mon-fri, sat,sun or any (nothing was written).`);
  let prompt: string | null = null;
  if (values.promptFile) {
    try {
      prompt = await readFile(values.promptFile, 'utf8');
    } catch (err) {
      throw new UsageError(
        `--prompt-file: cannot read it (${(err as Error).message}) (nothing was written).`,
      );
    }
  }
  const checked = validateMissedCallSettings({
    delayMinutes: numberFlag('delay-minutes', values.delayMinutes),
    hours,
    days,
    timeZone: values.timezone,
    notifyNumber: values.notify,
    businessName: values.business,
    prompt,
    maxAttempts: numberFlag('max-attempts', values.maxAttempts),
    triage: values.triage,
    retryAfterMinutes: 60,
    relayRepliesForHours: 72,
  });
  if (!checked.ok) {
    const lines = checked.problems.map((p) => {
      const [field = '', ...rest] = p.split(':');
      const flag = FLAG_OF[field.split('.')[0] ?? ''];
      return flag ? `${flag}:${rest.join(':')}` : p;
    });
    throw new UsageError(`${lines.join('\n')}\n(nothing was written)`);
  }
  return checked.value;
}

/** A caller's number from the positional argument, or a UsageError. */
function callerOf(text: string | undefined): string {
  const parsed = DialablePhoneSchema.safeParse(text ?? '');
  if (!parsed.success)
    throw new UsageError(
      `caller: ${parsed.error.issues[0]?.message ?? 'not a number'}; give the number that called, e.g. +14155552001 (nothing was changed).`,
    );
  return parsed.data;
}

/** The declaration of `ringflow missed-calls` (no side effects). */
export function command(exitWith: ExitCodeSink) {
  const missed = withExamples(
    ringflowCommand(
      'missed-calls',
      'call back the people whose calls an agent missed (in business hours), and text the owner what they wanted',
    ),
    [
      'ringflow missed-calls enable --agent agt_abc123 --notify +14155550199 --timezone America/New_York',
      'ringflow missed-calls status',
    ],
  );
  withExamples(
    missed
      .command('enable')
      .description(
        'turn callbacks on for an agent (or replace its settings); checked whole before it is written',
      )
      .option('--agent <id>', 'the AgentPhone agent whose missed calls are called back (agt_…); required')
      .option('--notify <number>', "the owner's phone for the texts, E.164 or national; required")
      .option('--timezone <zone>', 'the IANA zone of the business hours, e.g. America/New_York; required')
      .option('--delay-minutes <n>', 'wait this long before calling back (0 or more)', '5')
      .option('--hours <HH:MM-HH:MM|any>', 'call back only within these hours', '09:00-18:00')
      .option('--days <days|any>', 'call back only on these days, e.g. mon-fri or sat,sun', 'mon-fri')
      .option('--max-attempts <n>', 'callback attempts per missed call (at most 5)', '2')
      .option('--triage <every|messages|none>', 'which callbacks are texted to the owner', 'messages')
      .option('--business <name>', 'how the agent names the business', 'the business you called')
      .option('--prompt-file <file>', "the callback agent's instructions (default: ringflow's own)")
      .addOption(jsonOption())
      .action(exitWith((flags: MissedCallsEnableFlags) => enable(flags))),
    [
      'ringflow missed-calls enable --agent agt_abc123 --notify +14155550199 --timezone America/New_York',
      [
        'ringflow missed-calls enable --agent agt_abc123 --notify +14155550199 --timezone Europe/London --hours any --days any --delay-minutes 0',
        'call back at once, any time',
      ],
    ],
  );
  withExamples(
    missed
      .command('disable')
      .description('turn callbacks off for an agent (callbacks already pending carry on)')
      .option('--agent <id>', 'the AgentPhone agent (agt_…); required')
      .addOption(jsonOption())
      .action(
        exitWith(async (flags: { agent?: string; json?: boolean }) => {
          const agent = requireAgent(flags.agent);
          await writeSettings(agent, null, new CommandOutput({ json: flags.json }));
        }),
      ),
    [
      'ringflow missed-calls disable --agent agt_abc123',
      'ringflow missed-calls disable --agent agt_abc123 --json',
    ],
  );
  withExamples(
    missed
      .command('status')
      .description('the settings, and the callbacks pending (for one agent with --agent)')
      .option('--agent <id>', 'only this agent (agt_…)')
      .addOption(jsonOption())
      .action(exitWith((flags: { agent?: string; json?: boolean }) => status(flags))),
    ['ringflow missed-calls status', 'ringflow missed-calls status --agent agt_abc123 --json'],
  );
  withExamples(
    missed
      .command('cancel')
      .description('call this caller back no more')
      .argument('<caller>', 'the number that called, E.164 (+14155552001) or national')
      .option('--agent <id>', 'the agent they called (agt_…); required')
      .addOption(jsonOption())
      .action(
        exitWith((caller: string, flags: MissedCallsCallbackFlags) => callback('cancel', caller, flags)),
      ),
    [
      'ringflow missed-calls cancel +14155552001 --agent agt_abc123',
      'ringflow missed-calls cancel "(415) 555-2001" --agent agt_abc123 --json',
    ],
  );
  withExamples(
    missed
      .command('snooze')
      .description('call this caller back later')
      .argument('<caller>', 'the number that called, E.164 (+14155552001) or national')
      .option('--agent <id>', 'the agent they called (agt_…); required')
      .option('--minutes <n>', 'how much later', '60')
      .addOption(jsonOption())
      .action(
        exitWith((caller: string, flags: MissedCallsCallbackFlags) => callback('snooze', caller, flags)),
      ),
    [
      'ringflow missed-calls snooze +14155552001 --agent agt_abc123',
      ['ringflow missed-calls snooze +14155552001 --agent agt_abc123 --minutes 180', 'three hours later'],
    ],
  );
  return missed;
}

export const main = (argv: string[]): Promise<number> => runCommand(argv, command);

/** `--minutes`: checked here as the workflow's validator checks it, so a bad value reaches nothing. */
function snoozeMinutes(text: string | undefined): number {
  const minutes = numberFlag('minutes', text);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_SNOOZE_MINUTES)
    throw new UsageError(
      `--minutes: "${text}" is not a whole number from 1 to ${MAX_SNOOZE_MINUTES} (a week) (nothing was changed).`,
    );
  return minutes;
}

function requireAgent(agent: string | undefined): string {
  if (!agent)
    throw new UsageError('Missing --agent (nothing was changed): the agent id, e.g. --agent agt_abc123.');
  return agent;
}

async function enable(flags: MissedCallsEnableFlags): Promise<void> {
  // Everything is checked before connecting: bad input writes nothing.
  const settings = await settingsFromFlags(flags);
  await writeSettings(flags.agent!, settings, new CommandOutput({ json: flags.json }));
}

async function writeSettings(
  agentId: string,
  settings: MissedCallSettings | null,
  output: CommandOutput,
): Promise<void> {
  const { client, taskQueue, close } = await commandClient();
  try {
    const sections = await writeAgentSettingsSection(
      client,
      taskQueue,
      agentId,
      MISSED_CALLS_SECTION,
      settings,
    );
    output.result(sections[MISSED_CALLS_SECTION] ?? null, () =>
      describeSettings(agentId, sections[MISSED_CALLS_SECTION]?.value),
    );
  } finally {
    await close();
  }
}

async function status(flags: { agent?: string; json?: boolean }): Promise<void> {
  const output = new CommandOutput({ json: flags.json });
  const agentId = flags.agent;
  const { client, taskQueue, close } = await commandClient();
  try {
    const pending = await pendingCallbacks(client, taskQueue, agentId);
    const agents = agentId ? [agentId] : [...new Set(pending.map((p) => p.agentId))];
    const settingsByAgent = Object.fromEntries(
      await Promise.all(
        agents.map(
          async (a) => [a, (await readAgentSettings(client, a))[MISSED_CALLS_SECTION] ?? null] as const,
        ),
      ),
    );
    output.result({ settings: settingsByAgent, pending }, () => [
      ...agents.map((a) => describeSettings(a, settingsByAgent[a]?.value, settingsByAgent[a]?.updatedAt)),
      pending.length === 0 ? 'No callbacks pending.' : `Pending callbacks (${pending.length}):`,
      ...pending.map((p) => describeCallback(p)),
    ]);
  } finally {
    await close();
  }
}

async function callback(
  action: 'cancel' | 'snooze',
  callerText: string,
  flags: MissedCallsCallbackFlags,
): Promise<void> {
  const agentId = requireAgent(flags.agent);
  const caller = callerOf(callerText);
  const minutes = action === 'snooze' ? snoozeMinutes(flags.minutes) : undefined;
  const output = new CommandOutput({ json: flags.json });
  const { client, numberKey, close } = await commandClient();
  try {
    const handle = client.workflow.getHandle(workflowIds.missedCall(agentId, numberKey(caller)));
    try {
      const status =
        action === 'cancel'
          ? await handle.executeUpdate(cancelMissedCallUpdate, {
              args: ['cancelled by the owner from the CLI'],
            })
          : await handle.executeUpdate(snoozeMissedCallUpdate, { args: [{ minutes: minutes! }] });
      output.result(status, () => describeCallback(status).trim());
    } catch (err) {
      if (err instanceof WorkflowNotFoundError)
        throw new UsageError(`No callback pending for ${caller} on ${agentId}.`);
      throw new UsageError(
        `${action} failed: ${(err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message}`,
      );
    }
  } finally {
    await close();
  }
}
