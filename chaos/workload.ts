/**
 * What the scenarios run while they break things: a campaign over mixed personas (a few contacts on
 * the opt-out list), a batch of reservations at restaurants that confirm, and a burst of missed calls
 * that get one callback each. Planned from the seed, so every intended call and SMS is known up front:
 * the ledger check compares the simulator's records with that plan, exactly.
 */
import { writeAgentSettingsSection } from '../client/agent-settings';
import { ContactPageWriter } from '../client/campaign/store';
import { addOptOuts } from '../client/opt-out-list';
import type { Random } from '../simulator/random';
import { campaignWorkflow, reservationWorkflow } from '../workflows';
import { DEFAULT_OUTCOMES } from '../workflows/campaign/input';
import type { CampaignStatus, ContactResult } from '../workflows/campaign/types';
import { workflowIds } from '../workflows/messages';
import {
  MISSED_CALLS_SECTION,
  type MissedCallSettings,
  type MissedCallStatus,
} from '../workflows/missed-call/types';
import { ANY_HOUR, type ReservationResult } from '../workflows/reservation/types';
import { EVERY_DAY, middayZone } from '../test/helpers/campaign';
import { daysFromNow } from '../test/helpers/dates';
import { resultOf } from './results';
import type { ChaosStack } from './stack';

export interface WorkloadSize {
  contacts: number;
  reservations: number;
  missedCalls: number;
  /** Campaign contacts put on the opt-out list before the start: never called. */
  optOuts: number;
}

/** Calls and texts the plan intends, per number, and the numbers that must see neither. */
export interface IntendedEffects {
  calls: Map<string, number>;
  sms: Map<string, number>;
  optedOut: Set<string>;
}

export interface RunningWorkload {
  intended: IntendedEffects;
  /** Workflows whose result the check awaits (campaign contacts, reservations, callbacks). */
  flows: number;
  /** Awaits every result; resolves with what ended wrongly (empty when all is well). */
  finish(timeoutMs: number): Promise<string[]>;
}

type Persona = { persona: string; options?: Record<string, unknown>; state: ContactResult['state'] };

/** The campaign's callees; `busy` is tried twice (the retry policy below), every other once. */
const PERSONAS: Persona[] = [
  { persona: 'person', options: { answer: 'yes' }, state: 'answered' },
  { persona: 'person', options: { answer: 'no' }, state: 'answered' },
  { persona: 'person', options: { answer: 'maybe' }, state: 'answered' },
  { persona: 'no-answer', state: 'no_answer' },
  { persona: 'busy', state: 'busy' },
  { persona: 'voicemail', state: 'voicemail' },
];
const BUSY_ATTEMPTS = 2;
const OWNER = '+13125559999';

const contactPhone = (i: number) => `+1415555${String(i + 1).padStart(4, '0')}`;
const restaurantPhone = (i: number) => `+1212555${String(1000 + i).padStart(4, '0')}`;
const humanPhone = (i: number) => `+1212556${String(1000 + i).padStart(4, '0')}`;
const callerPhone = (i: number) => `+1312555${String(1000 + i).padStart(4, '0')}`;

function add(map: Map<string, number>, key: string, n = 1): void {
  map.set(key, (map.get(key) ?? 0) + n);
}

export interface WorkloadOptions {
  /** First safety-net check of each call (ms); scenarios that drop webhooks lower it. */
  firstCheckMs?: number;
  /** Leave the missed-call burst out (its callbacks use the default 3-minute safety net). */
  withoutMissedCalls?: boolean;
}

/**
 * Registers the callees, opt-outs and missed-call settings, then starts everything at once; the
 * scenario breaks things while it runs and then calls `finish`.
 */
export async function launchWorkload(
  stack: ChaosStack,
  size: WorkloadSize,
  random: Random,
  options: WorkloadOptions = {},
): Promise<RunningWorkload> {
  const { client, taskQueue } = stack;
  const intended: IntendedEffects = { calls: new Map(), sms: new Map(), optedOut: new Set() };
  const checks = { firstCheckMs: options.firstCheckMs ?? 60_000 };
  const expectedContact = new Map<number, { state: ContactResult['state']; attempts: number }>();

  // Campaign callees: a seeded mix; the first `optOuts` of a seeded shuffle are on the opt-out list.
  const personas = Array.from({ length: size.contacts }, () => PERSONAS[random.int(0, PERSONAS.length - 1)]!);
  const optedOut = new Set(
    [...Array(size.contacts).keys()].sort(() => random.next() - 0.5).slice(0, size.optOuts),
  );
  await Promise.all(
    personas.map((p, i) =>
      stack.control('/_sim/callees', {
        phoneNumber: contactPhone(i),
        persona: p.persona,
        ...(p.options ? { options: p.options } : {}),
      }),
    ),
  );
  if (optedOut.size > 0)
    await addOptOuts(
      { temporal: client, taskQueue, numberKey: stack.numberKey },
      [...optedOut].map((i) => ({
        number: contactPhone(i),
        channel: 'cli' as const,
        reason: 'chaos: asked not to be called',
        source: 'chaos',
      })),
    );
  for (const [i, p] of personas.entries()) {
    const phone = contactPhone(i);
    if (optedOut.has(i)) {
      intended.optedOut.add(phone);
      expectedContact.set(i + 1, { state: 'suppressed', attempts: 0 });
      continue;
    }
    const attempts = p.state === 'busy' ? BUSY_ATTEMPTS : 1;
    add(intended.calls, phone, attempts);
    expectedContact.set(i + 1, { state: p.state, attempts });
  }

  // Reservations: each restaurant has the asked-for table, so each books with one call and one SMS.
  const date = daysFromNow(30);
  await Promise.all(
    Array.from({ length: size.reservations }, (_, i) =>
      stack.control('/_sim/callees', {
        phoneNumber: restaurantPhone(i),
        persona: 'restaurant',
        options: { name: `Chaos Bistro ${i + 1}`, availability: { [date]: ['19:00'] } },
      }),
    ),
  );
  for (let i = 0; i < size.reservations; i++) {
    add(intended.calls, restaurantPhone(i));
    add(intended.sms, humanPhone(i));
  }

  // Missed calls: callbacks at once, any hour; each caller is called back once, the owner texted once.
  const missedCalls = options.withoutMissedCalls ? 0 : size.missedCalls;
  if (missedCalls > 0) {
    const settings: MissedCallSettings = {
      delayMinutes: 0.05,
      hours: { start: '00:00', end: '24:00' },
      days: [0, 1, 2, 3, 4, 5, 6],
      timeZone: 'America/New_York',
      notifyNumber: OWNER,
      businessName: 'Chaos Bistro',
      prompt: null,
      maxAttempts: 1,
      triage: 'none',
      retryAfterMinutes: 60,
      relayRepliesForHours: 1,
    };
    await writeAgentSettingsSection(client, taskQueue, stack.account.agentId, MISSED_CALLS_SECTION, settings);
    for (let i = 0; i < missedCalls; i++) add(intended.calls, callerPhone(i));
    add(intended.sms, OWNER, missedCalls);
  }

  // Start everything.
  const campaignId = `chaos-${random.int(1, 1e9)}`;
  if (size.contacts > 0) {
    const deadlineMs = Date.now() + 86_400_000;
    const writer = new ContactPageWriter(client, taskQueue, campaignId, deadlineMs + 3_600_000, 100);
    const zone = middayZone(Date.now());
    for (let i = 0; i < size.contacts; i++)
      await writer.add({
        row: i + 1,
        phone: contactPhone(i),
        variables: { name: `Person ${i + 1}` },
        timeZones: [zone],
      });
    const contacts = await writer.finish();
    await client.workflow.start(campaignWorkflow, {
      taskQueue,
      workflowId: workflowIds.campaign(campaignId),
      args: [
        {
          definition: {
            campaignId,
            prompt: 'Remind {{name}} of the appointment tomorrow at 10.',
            concurrency: 5,
            window: { start: '08:00', end: '21:00', days: EVERY_DAY },
            retry: {
              no_answer: { maxAttempts: 1, spacingMs: 1_000 },
              busy: { maxAttempts: BUSY_ATTEMPTS, spacingMs: 1_000 },
              voicemail: { maxAttempts: 1, spacingMs: 1_000 },
              failed: { maxAttempts: 1, spacingMs: 1_000 },
            },
            deadlineMs,
            outcomes: DEFAULT_OUTCOMES,
          },
          contacts,
          checks,
        },
      ],
    });
  }
  const requestIds = Array.from({ length: size.reservations }, (_, i) => `chaos-${campaignId}-${i + 1}`);
  await Promise.all(
    requestIds.map((requestId, i) =>
      client.workflow.start(reservationWorkflow, {
        taskQueue,
        workflowId: workflowIds.reservation(requestId),
        args: [
          {
            requestId,
            restaurants: [{ name: `Chaos Bistro ${i + 1}`, phone: restaurantPhone(i) }],
            partySize: 2,
            date,
            time: '19:00',
            flexMinutes: 60,
            name: 'Manav',
            notifyNumber: humanPhone(i),
            policy: { callChecks: checks, callingHours: ANY_HOUR },
          },
        ],
      }),
    ),
  );
  for (let i = 0; i < missedCalls; i++)
    await stack.control('/_sim/inbound/call', {
      from: callerPhone(i),
      to: stack.account.phoneNumber,
      missed: true,
    });

  return {
    intended,
    flows: size.contacts + size.reservations + missedCalls,
    async finish(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      const problems: string[] = [];
      const note = (what: string) => problems.length < 20 && problems.push(what);
      const settle = <T>(id: string, check: (r: T) => string | undefined) =>
        resultOf<T>(client, id, deadline).then(
          (r) => {
            const wrong = check(r);
            if (wrong) note(`${id}: ${wrong}`);
          },
          (err: unknown) => note(`${id}: ${(err as Error).message}`),
        );
      await Promise.all([
        ...[...expectedContact].map(([row, want]) =>
          settle<ContactResult>(workflowIds.campaignContact(campaignId, row), (r) =>
            r.state === want.state && r.attempts === want.attempts
              ? undefined
              : `ended ${r.state} after ${r.attempts} attempt(s), expected ${want.state} after ${want.attempts}`,
          ),
        ),
        ...(size.contacts > 0
          ? [
              settle<CampaignStatus>(workflowIds.campaign(campaignId), (r) =>
                r.state === 'completed' && r.done === size.contacts && r.total === size.contacts
                  ? undefined
                  : `campaign ${r.state}, ${r.done}/${r.total} done`,
              ),
            ]
          : []),
        ...requestIds.map((id) =>
          settle<ReservationResult>(workflowIds.reservation(id), (r) =>
            r.state === 'booked' ? undefined : `reservation ended ${r.state}: ${r.message}`,
          ),
        ),
        ...Array.from({ length: missedCalls }, (_, i) =>
          settle<MissedCallStatus>(
            workflowIds.missedCall(stack.account.agentId, stack.numberKey(callerPhone(i))),
            (r) => (r.state === 'summarized' ? undefined : `callback ended ${r.state}: ${r.message}`),
          ),
        ),
      ]);
      return problems;
    },
  };
}
