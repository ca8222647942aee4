/**
 * The SMS relay's section of an agent's durable settings (`smsRelay` in `agent-settings:<agentId>`):
 * where one-time codes and unanswered texts are relayed. `ringflow sms-relay` writes it (validated
 * here, at the edge); the relay activity reads it on every relay, so a change applies to the next SMS.
 */
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { DialablePhoneSchema } from '../workflows/reservation/input';
import { readAgentSettings, writeAgentSettingsSection } from './agent-settings';

/** The section's name in the agent's settings. */
export const SMS_RELAY_SECTION = 'smsRelay';

/**
 * What the owner configured.
 *
 * @example { notify: '+14155550142', codes: true, relaySms: false } // the default of `enable`
 */
export const SmsRelaySettingsSchema = z.object({
  /** The owner's number (E.164): relays go there. */
  notify: DialablePhoneSchema,
  /** Relay SMS that carry a one-time code ("Code from Google: 123456"). */
  codes: z.boolean(),
  /** Relay every other SMS nobody waits for ("SMS from +1…: <text>"), so nothing a person writes is lost. */
  relaySms: z.boolean(),
});

export type SmsRelaySettings = z.output<typeof SmsRelaySettingsSchema>;

/** The agent's relay settings, or null when the relay is not enabled (or its section is unreadable). */
export async function readSmsRelaySettings(
  temporal: Client,
  agentId: string,
): Promise<SmsRelaySettings | null> {
  const section = (await readAgentSettings(temporal, agentId))[SMS_RELAY_SECTION];
  if (!section) return null;
  const parsed = SmsRelaySettingsSchema.safeParse(section.value);
  return parsed.success ? parsed.data : null;
}

/** Stores the agent's relay settings (`null` disables the relay); returns what is stored now. */
export async function writeSmsRelaySettings(
  temporal: Client,
  taskQueue: string,
  agentId: string,
  settings: SmsRelaySettings | null,
): Promise<{ settings: SmsRelaySettings | null; updatedAt: string | null }> {
  const sections = await writeAgentSettingsSection(temporal, taskQueue, agentId, SMS_RELAY_SECTION, settings);
  const section = sections[SMS_RELAY_SECTION];
  const parsed = section ? SmsRelaySettingsSchema.safeParse(section.value) : undefined;
  return { settings: parsed?.success ? parsed.data : null, updatedAt: section?.updatedAt ?? null };
}
