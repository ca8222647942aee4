/**
 * launchCampaign, the one launch `campaign start` and the MCP tool share, against a scripted Temporal
 * client: what it reaches, in which order, and what it refuses before reaching anything.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { CommandClient } from '../../../client/commands/shared';
import { launchCampaign, type CampaignLaunch } from '../../../client/operations/start-campaign';
import type { ContactFileRow } from '../../../client/campaign/contacts';
import { DEFAULT_OUTCOMES, DEFAULT_RETRY, DEFAULT_WINDOW } from '../../../workflows/campaign/input';
import type { CampaignStatus } from '../../../workflows/campaign/types';
import { getCampaignStatusQuery, listOptOutsQuery, workflowIds } from '../../../workflows/messages';

function launch(rows: Record<string, string>[]): CampaignLaunch {
  return {
    definition: {
      campaignId: 'spring',
      prompt: 'Remind {{name}}.',
      concurrency: 5,
      window: DEFAULT_WINDOW,
      retry: DEFAULT_RETRY,
      deadlineMs: Date.now() + 86_400_000,
      outcomes: DEFAULT_OUTCOMES,
    },
    requiredVariables: ['name'],
    rows: async function* (): AsyncGenerator<ContactFileRow> {
      for (const [i, fields] of rows.entries()) yield { row: i + 1, line: i + 2, fields };
    },
    phoneColumn: 'phone',
  };
}

/** A Temporal client whose queries answer from a script; every start is recorded (none may happen here). */
function scripted(options: { existing?: CampaignStatus; listed?: string[] }) {
  const started: string[] = [];
  const queried: string[] = [];
  const client = {
    workflow: {
      getHandle: (workflowId: string) => ({
        query: async (query: { name: string }) => {
          queried.push(workflowId);
          if (query.name === getCampaignStatusQuery.name) {
            if (options.existing) return options.existing;
            throw new WorkflowNotFoundError('not found', workflowId, undefined);
          }
          if (query.name === listOptOutsQuery.name) {
            // The listed numbers live in the first shard; every other shard is empty.
            const entries =
              workflowId === workflowIds.optOutShard('q', 0)
                ? (options.listed ?? []).map((number) => ({
                    numberKey: `k-${number}`,
                    entry: {
                      number,
                      marks: { sms: { reason: 'texted STOP', source: 'm1', at: '2026-01-01T00:00:00Z' } },
                    },
                  }))
                : [];
            return { entries, next: null };
          }
          throw new Error(`unexpected query ${query.name}`);
        },
      }),
      start: async (_fn: unknown, opts: { workflowId: string }) => {
        started.push(opts.workflowId);
        throw new Error('nothing may be started in this test');
      },
    },
  } as unknown as Client;
  const command = {
    client,
    taskQueue: 'q',
    numberKey: (n: string) => `k-${n}`,
    optOuts: { temporal: client, taskQueue: 'q', numberKey: (n: string) => `k-${n}` },
    optOutScope: 'all',
    close: async () => {},
  } as unknown as CommandClient;
  return { command, started, queried };
}

test('a file with no callable row is refused before Temporal is reached', async () => {
  let connected = 0;
  const connect = async () => {
    connected += 1;
    return scripted({}).command;
  };
  const rows = [
    { phone: '911', name: 'Ann' },
    { phone: 'abc', name: 'Bo' },
  ];
  const refused = await launchCampaign(launch(rows), connect, { dryRun: false });
  const dry = await launchCampaign(launch(rows), connect, { dryRun: true });
  assert.deepEqual([refused.kind, dry.kind, connected], ['refused', 'dry_run', 0]);
});

test('a dry run without a reachable Temporal still checks every row and says the opt-out list was not read', async () => {
  const outcome = await launchCampaign(
    launch([
      { phone: '+14155550101', name: 'Ann' },
      { phone: '+14155550102', name: '' },
    ]),
    async () => {
      throw new Error('Cannot reach Temporal at 127.0.0.1:1');
    },
    { dryRun: true },
  );
  assert.equal(outcome.kind, 'dry_run');
  if (outcome.kind !== 'dry_run') return;
  assert.equal(outcome.report.callable, 1);
  assert.match(outcome.optOutListUnread ?? '', /Cannot reach Temporal/);
  // A real start does not go on without the list.
  await assert.rejects(
    launchCampaign(
      launch([{ phone: '+14155550101', name: 'Ann' }]),
      async () => {
        throw new Error('Cannot reach Temporal at 127.0.0.1:1');
      },
      { dryRun: false },
    ),
    /Cannot reach Temporal/,
  );
});

test('a dry run counts a number on the opt-out list as suppressed, and stores nothing', async () => {
  const { command, started } = scripted({ listed: ['+14155550102'] });
  const outcome = await launchCampaign(
    launch([
      { phone: '+14155550101', name: 'Ann' },
      { phone: '+14155550102', name: 'Bo' },
    ]),
    async () => command,
    { dryRun: true },
  );
  assert.equal(outcome.kind, 'dry_run');
  if (outcome.kind !== 'dry_run') return;
  assert.deepEqual(
    [outcome.report.callable, outcome.report.problems.map((p) => p.reason)],
    [1, ['suppressed']],
  );
  assert.equal(outcome.optOutListUnread, undefined);
  assert.deepEqual(started, []);
});

test('starting an id that is taken returns the first campaign and stores or starts nothing', async () => {
  const existing = { campaignId: 'spring', state: 'running', total: 2 } as CampaignStatus;
  const { command, started, queried } = scripted({ existing });
  const outcome = await launchCampaign(
    launch([{ phone: '+14155550101', name: 'Ann' }]),
    async () => command,
    { dryRun: false },
  );
  assert.deepEqual(outcome, { kind: 'already_started', workflowId: 'campaign:spring', status: existing });
  assert.deepEqual(started, []);
  assert.deepEqual(queried, ['campaign:spring'], 'not even the opt-out list is read');
});
