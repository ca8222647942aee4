import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkContacts } from '../../../client/campaign/contact-check';
import { readContactFile } from '../../../client/campaign/contacts';
import { ContactPageWriter } from '../../../client/campaign/store';
import { campaignWorkflow } from '../../../workflows';
import { workflowIds } from '../../../workflows/messages';
import type { CampaignDefinition } from '../../../workflows/campaign/types';
import { middayZone, realTimeCampaignDefinition } from '../../helpers/campaign';
import { startTestStack, type TestStack } from '../../helpers/stack';

const stacks: TestStack[] = [];
after(async () => {
  await Promise.all(stacks.map((s) => s.stop()));
});

interface SimCall {
  toNumber: string;
  disconnectionReason?: string;
  transcript: { role: string; content: string }[];
}

/** Stores `rows` (phone, name, appointment) and runs a campaign over them to its end. */
async function runCampaign(stack: TestStack, rows: string[][], extra: Partial<CampaignDefinition>) {
  const client = stack.temporal.client;
  const campaignId = `vm-${Math.random().toString(36).slice(2)}`;
  const zone = middayZone(Date.now());
  const dir = await mkdtemp(join(tmpdir(), 'campaign-vm-'));
  const file = join(dir, 'contacts.csv');
  await writeFile(
    file,
    ['phone,name,appointment,timezone', ...rows.map((r) => `${r.join(',')},${zone}`)].join('\n'),
  );
  const deadlineMs = Date.now() + 86_400_000;
  const writer = new ContactPageWriter(client, stack.taskQueue, campaignId, deadlineMs + 3_600_000);
  await checkContacts(readContactFile(file), {
    requiredVariables: ['name'],
    onContact: (c) => writer.add(c),
  });
  const contacts = await writer.finish();
  return client.workflow.execute(campaignWorkflow, {
    taskQueue: stack.taskQueue,
    workflowId: workflowIds.campaign(campaignId),
    args: [
      {
        definition: realTimeCampaignDefinition(campaignId, deadlineMs, {
          prompt: 'Remind {{name}} of the {{appointment}} appointment tomorrow.',
          ...extra,
        }),
        contacts,
        checks: { firstCheckMs: 60_000 },
      },
    ],
  });
}

test('the voicemail message reaches the simulator rendered for each contact', async () => {
  const stack = await startTestStack();
  stacks.push(stack);
  const rows = [
    ['+14155570001', 'Ann', 'dental'],
    ['+14155570002', 'Bob', 'eye'],
    ['+14155570003', 'Cy', 'vet'],
  ];
  for (const [phone] of rows)
    await stack.control('/_sim/callees', { phoneNumber: phone, persona: 'voicemail' });
  const status = await runCampaign(stack, rows, {
    voicemailMessage:
      'Hi {{name}}, this is the clinic about your {{appointment}} appointment. Please call us back.',
  });
  assert.deepEqual(status.byState, { voicemail: 3 });
  const calls = await stack.list<SimCall>('/_sim/calls');
  for (const [phone, name, appointment] of rows) {
    const theirs = calls.filter((c) => c.toNumber === phone);
    assert.equal(theirs.length, 1);
    assert.deepEqual(theirs[0]!.transcript, [
      {
        role: 'agent',
        content: `Hi ${name}, this is the clinic about your ${appointment} appointment. Please call us back.`,
      },
    ]);
  }
});

test('the simulator’s message log has exactly one follow-up text per matching contact', async () => {
  const stack = await startTestStack();
  stacks.push(stack);
  const rows = [
    ['+14155580001', 'Ann', 'dental'],
    ['+14155580002', 'Bob', 'eye'],
    ['+14155580003', 'Cy', 'vet'],
    ['+14155580004', 'Di', 'dental'],
  ];
  const personas = [
    { persona: 'person', options: { answer: 'yes' } },
    { persona: 'person', options: { answer: 'no' } },
    { persona: 'voicemail' },
    { persona: 'person', options: { answer: 'yes' } },
  ];
  for (const [i, [phone]] of rows.entries())
    await stack.control('/_sim/callees', { phoneNumber: phone, ...personas[i] });
  const status = await runCampaign(stack, rows, {
    followUps: {
      confirmed: 'Thanks {{name}}, see you at the {{appointment}} appointment.',
      voicemail: 'Sorry we missed you, {{name}}.',
    },
  });
  assert.equal(status.followUpsSent, 3);
  const messages = await stack.list<{ to: string; body: string; direction: string }>('/_sim/messages');
  const texted = (phone: string) => messages.filter((m) => m.direction === 'outbound' && m.to === phone);
  const [ann, bob, cy, di] = rows.map(([phone]) => texted(phone!));
  assert.equal(ann!.length, 1);
  assert.match(ann![0]!.body, /Thanks Ann, see you at the dental appointment\./);
  assert.equal(bob!.length, 0, 'no follow-up for a declined answer');
  assert.equal(cy!.length, 1);
  assert.match(cy![0]!.body, /Sorry we missed you, Cy\./);
  assert.equal(di!.length, 1);
  // A first text names the sender and says how to opt out (sendSms, as for every flow).
  assert.match(ann![0]!.body, /Reply STOP to opt out\./);
});
