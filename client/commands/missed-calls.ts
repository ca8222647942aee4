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
import { commandClient, parseFlags, printJson, UsageError } from './shared';

const USAGE = `Usage: ringflow missed-calls enable --agent <agt_…> --notify <+1…> --timezone <Area/City>
           [--delay-minutes 5] [--hours 09:00-18:00|any] [--days mon-fri|any] [--max-attempts 2]
           [--triage every|messages|none] [--business <name>] [--prompt-file <file>] [--json]
       ringflow missed-calls disable --agent <agt_…>
       ringflow missed-calls status [--agent <agt_…>] [--json]
       ringflow missed-calls cancel <caller +1…> --agent <agt_…> [--json]
       ringflow missed-calls snooze <caller +1…> --agent <agt_…> [--minutes 60] [--json]`;

const FLAGS = {
  agent: { type: 'string' },
  notify: { type: 'string' },
  timezone: { type: 'string' },
  'delay-minutes': { type: 'string', default: '5' },
  hours: { type: 'string', default: '09:00-18:00' },
  days: { type: 'string', default: 'mon-fri' },
  'max-attempts': { type: 'string', default: '2' },
  triage: { type: 'string', default: 'messages' },
  business: { type: 'string', default: 'the business you called' },
  'prompt-file': { type: 'string' },
  minutes: { type: 'string', default: '60' },
  json: { type: 'boolean', default: false },
} as const;

type Values = ReturnType<typeof parseFlags<typeof FLAGS>>['values'];

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
function numberFlag(values: Values, name: 'delay-minutes' | 'max-attempts' | 'minutes'): number {
  const text = values[name] ?? '';
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value))
    throw new UsageError(`--${name}: "${text}" is not a number (nothing was written).`);
  return value;
}

/** The settings the flags describe, validated; a UsageError naming every bad flag otherwise. */
export async function settingsFromFlags(values: Values): Promise<MissedCallSettings> {
  const missing = (['agent', 'notify', 'timezone'] as const).filter((f) => !values[f]);
  if (missing.length > 0)
    throw new UsageError(
      `Missing ${missing.map((f) => `--${f}`).join(', ')} (nothing was written).\n\n${USAGE}`,
    );
  const hours = parseHours(values.hours ?? '');
  if (!hours)
    throw new UsageError(`--hours: use HH:MM-HH:MM (e.g. 09:00-18:00) or any (nothing was written).`);
  const days = parseDays(values.days ?? '');
  if (!days) throw new UsageError(`--days: use e.g. mon-fri, sat,sun or any (nothing was written).`);
  let prompt: string | null = null;
  if (values['prompt-file']) {
    try {
      prompt = await readFile(values['prompt-file'], 'utf8');
    } catch (err) {
      throw new UsageError(
        `--prompt-file: cannot read it (${(err as Error).message}) (nothing was written).`,
      );
    }
  }
  const checked = validateMissedCallSettings({
    delayMinutes: numberFlag(values, 'delay-minutes'),
    hours,
    days,
    timeZone: values.timezone,
    notifyNumber: values.notify,
    businessName: values.business,
    prompt,
    maxAttempts: numberFlag(values, 'max-attempts'),
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
    throw new UsageError(`caller: ${parsed.error.issues[0]?.message ?? 'not a number'}.\n\n${USAGE}`);
  return parsed.data;
}

export async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseFlags(argv, FLAGS, USAGE);
  const [action, target] = positionals;
  if (!action || !['enable', 'disable', 'status', 'cancel', 'snooze'].includes(action))
    throw new UsageError(USAGE);
  if (action !== 'status' && !values.agent) throw new UsageError(`Missing --agent.\n\n${USAGE}`);
  const agentId = values.agent;
  // Everything is checked before connecting: bad input writes nothing.
  const settings = action === 'enable' ? await settingsFromFlags(values) : undefined;
  const caller = action === 'cancel' || action === 'snooze' ? callerOf(target) : undefined;
  const minutes = action === 'snooze' ? numberFlag(values, 'minutes') : undefined;

  const { client, taskQueue, numberKey, close } = await commandClient();
  try {
    if (action === 'enable' || action === 'disable') {
      const sections = await writeAgentSettingsSection(
        client,
        taskQueue,
        agentId!,
        MISSED_CALLS_SECTION,
        settings ?? null,
      );
      if (values.json) printJson(sections[MISSED_CALLS_SECTION] ?? null);
      else console.log(describeSettings(agentId!, sections[MISSED_CALLS_SECTION]?.value));
      return;
    }
    if (action === 'status') {
      const pending = await pendingCallbacks(client, taskQueue, agentId);
      const agents = agentId ? [agentId] : [...new Set(pending.map((p) => p.agentId))];
      const settingsByAgent = Object.fromEntries(
        await Promise.all(
          agents.map(
            async (a) => [a, (await readAgentSettings(client, a))[MISSED_CALLS_SECTION] ?? null] as const,
          ),
        ),
      );
      if (values.json) {
        printJson({ settings: settingsByAgent, pending });
        return;
      }
      for (const a of agents)
        console.log(describeSettings(a, settingsByAgent[a]?.value, settingsByAgent[a]?.updatedAt));
      console.log(pending.length === 0 ? 'No callbacks pending.' : `Pending callbacks (${pending.length}):`);
      for (const p of pending) console.log(describeCallback(p));
      return;
    }
    const handle = client.workflow.getHandle(workflowIds.missedCall(agentId!, numberKey(caller!)));
    try {
      const status =
        action === 'cancel'
          ? await handle.executeUpdate(cancelMissedCallUpdate, {
              args: ['cancelled by the owner from the CLI'],
            })
          : await handle.executeUpdate(snoozeMissedCallUpdate, { args: [{ minutes: minutes! }] });
      if (values.json) printJson(status);
      else console.log(describeCallback(status).trim());
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
