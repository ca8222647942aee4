/**
 * The demo campaign `npm start` offers on the simulator: six simulated people who confirm, decline, ask
 * to reschedule, never answer, are busy or reach voicemail, a contact file and a prompt file written to
 * the state directory, and the one command line that runs the campaign and follows it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Who answers each demo contact's number, registered on the simulator by `prepareDemoCampaign`. */
export const DEMO_CAMPAIGN_CONTACTS = [
  { name: 'Ada', phone: '+14155550211', callee: { persona: 'person', options: { answer: 'yes' } } },
  { name: 'Grace', phone: '+14155550212', callee: { persona: 'person', options: { answer: 'no' } } },
  { name: 'Alan', phone: '+14155550213', callee: { persona: 'person', options: { answer: 'maybe' } } },
  { name: 'Edsger', phone: '+14155550214', callee: { persona: 'no-answer' } },
  { name: 'Barbara', phone: '+14155550215', callee: { persona: 'busy' } },
  { name: 'Ken', phone: '+14155550216', callee: { persona: 'voicemail' } },
] as const;

const DEMO_PROMPT =
  'You are calling {{name}} on behalf of Lovely Thai to confirm their table for Saturday at 7pm. ' +
  'Ask whether they are still coming, and thank them either way.';

/**
 * Zones the demo contacts may be put in, tried in order. The campaign never calls outside 08:00–21:00
 * on the recipient's clock, so a demo started at 03:00 in California would only wait: the contacts get
 * the first of these zones where it is now mid-day, and the demo runs whenever it is started.
 */
const DEMO_ZONES = [
  'America/Los_Angeles',
  'America/Denver',
  'America/Chicago',
  'America/New_York',
  'America/Halifax',
  'Pacific/Honolulu',
  'Atlantic/Azores',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Athens',
  'Asia/Dubai',
  'Asia/Kolkata',
  'Asia/Bangkok',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Pacific/Auckland',
];

/** The first demo zone whose local hour at `now` is between 10:00 and 17:59 (a window with room). */
export function demoCampaignZone(now: Date): string {
  const hourIn = (zone: string) =>
    Number(
      new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: 'numeric', hourCycle: 'h23' }).format(now),
    );
  return DEMO_ZONES.find((zone) => hourIn(zone) >= 10 && hourIn(zone) < 18) ?? DEMO_ZONES[0]!;
}

export interface DemoCampaign {
  contactsFile: string;
  promptFile: string;
  /** The one line that starts the campaign and then shows its progress. */
  command: string;
}

/** Writes the demo's contact and prompt files under `stateDir` and returns the command that runs them. */
export function writeDemoCampaignFiles(stateDir: string, now: Date): DemoCampaign {
  const dir = join(stateDir, 'demo-campaign');
  mkdirSync(dir, { recursive: true });
  const zone = demoCampaignZone(now);
  const contactsFile = join(dir, 'contacts.csv');
  const promptFile = join(dir, 'prompt.txt');
  const rows = DEMO_CAMPAIGN_CONTACTS.map((c) => `${c.name},${c.phone},${zone}`);
  writeFileSync(contactsFile, ['name,phone,timezone', ...rows].join('\n') + '\n');
  writeFileSync(promptFile, DEMO_PROMPT + '\n');
  // One attempt per outcome, so the demo ends in a minute instead of retrying for hours.
  const id = `demo-${now.getTime().toString(36)}`;
  const command =
    `npx ringflow campaign start --file ${contactsFile} --prompt-file ${promptFile} --id ${id} ` +
    `--days mon-sun --retry no-answer=1/1m,busy=1/1m,voicemail=1/1m,failed=1/1m ` +
    `&& npx ringflow campaign status ${id}`;
  return { contactsFile, promptFile, command };
}

/** Registers who answers each demo contact's number on the simulator. */
export async function registerDemoCampaignCallees(
  control: (path: string, body: unknown) => Promise<void>,
): Promise<void> {
  for (const contact of DEMO_CAMPAIGN_CONTACTS)
    await control('/_sim/callees', { phoneNumber: contact.phone, ...contact.callee });
}
