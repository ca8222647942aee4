/**
 * With the payload codec on, the histories Temporal stores hold no personal data in clear: a reservation,
 * a campaign and a missed-call callback run end to end over the simulator, then every workflow of the
 * task queue has its history exported and searched for the phone numbers, names, transcript lines and SMS
 * bodies of the run. The same search over the codec-decoded payloads finds them, so the search is real.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, type WorkflowExecutionInfo } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { writeAgentSettingsSection } from '../../../client/agent-settings';
import { ContactPageWriter } from '../../../client/campaign/store';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING } from '../../../common/process/codec/aes-gcm-codec';
import { developmentNumberKeyer } from '../../../common/process/number-key';
import { startInProcessStack, type InProcessStack } from '../../../stack/in-process';
import { campaignWorkflow, reservationWorkflow } from '../../../workflows';
import { workflowIds } from '../../../workflows/messages';
import { MISSED_CALLS_SECTION, type MissedCallStatus } from '../../../workflows/missed-call/types';
import { ANY_HOUR } from '../../../workflows/reservation/types';
import { middayZone, realTimeCampaignDefinition } from '../../helpers/campaign';
import { daysFromNow } from '../../helpers/dates';
import { eventually } from '../../helpers/eventually';

const KEY = { id: 'it-key', key: new Uint8Array(randomBytes(32)) };
const RESTAURANT = { name: 'Lovely Thai', phone: '+14155550123' };
const HUMAN = '+14155550199';
const OWNER = '+14155550188';
const CALLER = '+14155552101';
const CONTACTS = [
  { phone: '+14155553001', name: 'Ximena Quayle' },
  { phone: '+14155553002', name: 'Yusuf Brightwater' },
];
const DATE = daysFromNow(30);

let stack: InProcessStack;
before(async () => {
  stack = await startInProcessStack({
    temporalAddress: process.env.RINGFLOW_TEST_TEMPORAL_ADDRESS,
    workerEnv: { RINGFLOW_CODEC_KEYS: `${KEY.id}:${Buffer.from(KEY.key).toString('base64')}` },
  });
});
after(() => stack?.stop());

/** Every workflow run the task queue holds, from visibility (eventually consistent: wait for `atLeast`). */
async function runsOfTaskQueue(atLeast: number): Promise<WorkflowExecutionInfo[]> {
  return eventually(
    async () => {
      const runs: WorkflowExecutionInfo[] = [];
      for await (const run of stack.temporal.client.workflow.list({
        query: `TaskQueue="${stack.taskQueue}"`,
      }))
        runs.push(run);
      return runs.length >= atLeast ? runs : undefined;
    },
    { timeoutMs: 30_000, what: `${atLeast} workflows in visibility` },
  );
}

/**
 * Every string and byte array inside a history, the bytes read as UTF-8, one per line: what an export of
 * the history shows once its base64 is undone. (Walked by hand: JSON.stringify would meet the protobuf
 * objects' and Buffers' own toJSON first and search base64 or byte lists instead.)
 */
function exportedText(value: unknown, out: string[] = []): string {
  if (typeof value === 'string') out.push(value);
  else if (value instanceof Uint8Array) out.push(Buffer.from(value).toString('utf8'));
  else if (value && typeof value === 'object')
    for (const child of Object.values(value)) exportedText(child, out);
  return out.join('\n');
}

/** Every payload object inside a history (anything with metadata.encoding and data). */
function payloadsIn(value: unknown, found: Payload[] = []): Payload[] {
  if (value && typeof value === 'object') {
    const maybe = value as Payload;
    if (maybe.metadata && maybe.metadata.encoding instanceof Uint8Array && maybe.data instanceof Uint8Array)
      found.push(maybe);
    else for (const child of Object.values(value)) payloadsIn(child, found);
  }
  return found;
}

describe('histories with the payload codec on', () => {
  test('a reservation, a campaign and a missed-call callback leave no personal data in clear', async () => {
    const client = stack.temporal.client;
    const { agentId, phoneNumber: ourNumber } = stack.simulator.account;

    // 1. A reservation, booked, with its confirmation SMS to the human.
    await stack.control('/_sim/callees', {
      phoneNumber: RESTAURANT.phone,
      persona: 'restaurant',
      options: { name: RESTAURANT.name, availability: { [DATE]: ['19:00'] } },
    });
    const requestId = randomUUID();
    const booked = await client.workflow.execute(reservationWorkflow, {
      taskQueue: stack.taskQueue,
      workflowId: workflowIds.reservation(requestId),
      args: [
        {
          requestId,
          restaurants: [RESTAURANT],
          partySize: 2,
          date: DATE,
          time: '19:00',
          flexMinutes: 60,
          name: 'Manav Oyelaran',
          notifyNumber: HUMAN,
          policy: { callChecks: { firstCheckMs: 60_000 }, callingHours: ANY_HOUR },
        },
      ],
    });
    assert.equal(booked.state, 'booked', booked.message);

    // 2. A campaign of two contacts who answer yes, pages stored through the codec-carrying client.
    const zone = middayZone(Date.now());
    for (const c of CONTACTS)
      await stack.control('/_sim/callees', {
        phoneNumber: c.phone,
        persona: 'person',
        options: { answer: 'yes' },
      });
    const campaignId = `codec-${randomUUID().slice(0, 8)}`;
    const deadlineMs = Date.now() + 86_400_000;
    const writer = new ContactPageWriter(client, stack.taskQueue, campaignId, deadlineMs + 3_600_000, 20);
    for (const [i, c] of CONTACTS.entries())
      await writer.add({ row: i + 1, phone: c.phone, variables: { name: c.name }, timeZones: [zone] });
    const contacts = await writer.finish();
    const campaign = await client.workflow.execute(campaignWorkflow, {
      taskQueue: stack.taskQueue,
      workflowId: workflowIds.campaign(campaignId),
      args: [
        {
          definition: realTimeCampaignDefinition(campaignId, deadlineMs, { concurrency: 2 }),
          contacts,
          checks: { firstCheckMs: 60_000 },
        },
      ],
    });
    assert.equal(campaign.state, 'completed');

    // 3. A missed call, called back, summarized to the owner by SMS.
    await writeAgentSettingsSection(client, stack.taskQueue, agentId, MISSED_CALLS_SECTION, {
      delayMinutes: 0.05,
      hours: { start: '00:00', end: '24:00' },
      days: [0, 1, 2, 3, 4, 5, 6],
      timeZone: 'America/New_York',
      notifyNumber: OWNER,
      businessName: 'Quillfeather Bistro',
      prompt: null,
      maxAttempts: 1,
      triage: 'messages',
      retryAfterMinutes: 60,
      relayRepliesForHours: 1,
    });
    await stack.control('/_sim/inbound/call', { from: CALLER, to: ourNumber, missed: true });
    const missed = client.workflow.getHandle<() => Promise<MissedCallStatus>>(
      workflowIds.missedCall(agentId, developmentNumberKeyer(CALLER)),
    );
    const summarized = await eventually(
      () =>
        missed.result().catch((err: unknown) => {
          if (err instanceof WorkflowNotFoundError) return undefined;
          throw err;
        }),
      { timeoutMs: 60_000, what: 'the callback series to finish' },
    );
    assert.equal(summarized.state, 'summarized', summarized.message);

    // What must not be readable: every number, name, transcript line and SMS body of the run.
    const calls = await stack.list<{ transcript: { content: string }[] }>('/_sim/calls');
    const messages = await stack.list<{ body: string }>('/_sim/messages');
    const transcriptLines = calls
      .flatMap((c) => c.transcript.map((t) => t.content))
      .filter((l) => l.length >= 12);
    const smsBodies = messages.map((m) => m.body);
    assert.ok(transcriptLines.length >= 4 && smsBodies.length >= 2, 'the run produced transcripts and SMS');
    const numbers = [RESTAURANT.phone, HUMAN, OWNER, CALLER, ...CONTACTS.map((c) => c.phone)];
    const secrets = [
      ...numbers,
      ...numbers.map((n) => n.slice(2)), // national digits too
      'Manav Oyelaran',
      'Quillfeather Bistro',
      ...CONTACTS.map((c) => c.name),
      ...transcriptLines,
      ...smsBodies,
    ];

    // reservation + call + mailboxes + inbox, campaign + pages + contacts + calls, settings, inbound, missed-call…
    const runs = await runsOfTaskQueue(10);
    const codec = new AesGcmPayloadCodec([KEY]);
    const inClear: string[] = [];
    const afterDecoding = new Set<string>();
    let encrypted = 0;
    for (const run of runs) {
      const where = `${run.workflowId}`;
      for (const s of secrets) {
        if (run.workflowId.includes(s)) inClear.push(`${s} in workflow id ${where}`);
        if (JSON.stringify(run.searchAttributes ?? {}).includes(s))
          inClear.push(`${s} in search attributes of ${where}`);
        if (JSON.stringify(run.memo ?? {}).includes(s)) inClear.push(`${s} in the memo of ${where}`);
      }
      const history = await client.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
      const text = exportedText(history);
      for (const s of secrets) if (text.includes(s)) inClear.push(`${s} in the history of ${where}`);
      const payloads = payloadsIn(history);
      encrypted += payloads.filter(
        (p) => Buffer.from(p.metadata!.encoding!).toString() === ENCRYPTED_ENCODING,
      ).length;
      const decoded = exportedText(await codec.decode(payloads));
      for (const s of secrets) if (decoded.includes(s)) afterDecoding.add(s);
    }
    assert.deepEqual(inClear, [], 'nothing personal is readable without the key');
    assert.ok(encrypted > 20, `payloads are encrypted (${encrypted})`);
    // The search is real: with the key, the same search finds what the run carried.
    for (const s of [
      RESTAURANT.phone,
      HUMAN,
      OWNER,
      CALLER,
      'Manav Oyelaran',
      CONTACTS[0]!.name,
      smsBodies[0]!,
    ])
      assert.ok(afterDecoding.has(s), `${s} is in the decoded payloads`);
  });
});
