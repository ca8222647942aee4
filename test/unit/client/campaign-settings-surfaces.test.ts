/**
 * `ringflow campaign start` and the MCP tool `start_campaign` read a campaign's settings through one
 * definition (client/operations/campaign-definition.ts): each bad value is refused by both, before
 * Temporal is reached, with the same words — the CLI naming its flag, the tool its argument.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { main } from '../../../client/commands/campaign';
import { buildMcpServer } from '../../../client/mcp/server';
import { RingflowConnection } from '../../../client/mcp/connection';
import { RINGFLOW_TOOLS } from '../../../client/mcp/tools';
import { campaignDefinition } from '../../../client/operations/campaign-definition';
import { RequestFieldError } from '../../../client/operations/field-problem';
import { silentLogger } from '../../../common/process/logger';
import { usageRefusal } from '../../helpers/usage-refusal';

// Nothing here may reach Temporal: TEMPORAL_ADDRESS points nowhere, so a connection attempt fails loudly.
process.env.TEMPORAL_ADDRESS = '127.0.0.1:1';

const PROMPT = 'Remind {{name}} of the appointment.';

/** One bad setting, as the CLI flag and as the tool argument take it. */
interface BadSetting {
  name: string;
  flag: string;
  argument: string;
  value: string;
  /** The tool's value when it is not the flag's text (a number). */
  toolValue?: unknown;
  /** What both must say (a part of the words, to pin the rule that refused it). */
  says: RegExp;
}

const FAR_PAST = '2001-01-01T00:00:00Z';
const BAD: BadSetting[] = [
  {
    name: 'unreadable window',
    flag: 'window',
    argument: 'window',
    value: 'nine-to-five',
    says: /HH:MM-HH:MM/,
  },
  {
    name: 'window outside legal hours',
    flag: 'window',
    argument: 'window',
    value: '07:00-20:00',
    says: /08:00/,
  },
  { name: 'unknown day', flag: 'days', argument: 'days', value: 'someday', says: /not a day/ },
  { name: 'unreadable retry', flag: 'retry', argument: 'retry', value: 'often', says: /./ },
  { name: 'past deadline', flag: 'deadline', argument: 'deadline', value: FAR_PAST, says: /has passed/ },
  {
    name: 'deadline in no format',
    flag: 'deadline',
    argument: 'deadline',
    value: 'soon',
    says: /ISO instant/,
  },
  {
    name: 'zero calls at once',
    flag: 'concurrency',
    argument: 'concurrency',
    value: '0',
    toolValue: 0,
    says: /./,
  },
  { name: 'bad id', flag: 'id', argument: 'campaign_id', value: 'no spaces please', says: /./ },
];

async function cliRefusal(setting: BadSetting): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'campaign-surfaces-'));
  await writeFile(join(dir, 'contacts.csv'), 'phone,name\n+14155550101,Ann\n');
  await writeFile(join(dir, 'p.txt'), PROMPT);
  const argv = ['start', '--file', join(dir, 'contacts.csv'), '--prompt-file', join(dir, 'p.txt')];
  return usageRefusal(main, [...argv, `--${setting.flag}`, setting.value]);
}

async function mcpClient() {
  let connects = 0;
  const connection = new RingflowConnection(() => {
    connects += 1;
    return Promise.reject(new Error('Cannot reach Temporal at nowhere:1 (test).'));
  });
  const server = buildMcpServer({
    connection,
    logger: silentLogger,
    tools: RINGFLOW_TOOLS,
    localFiles: true,
  });
  const client = new Client({ name: 'unit', version: '1' });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(a), client.connect(b)]);
  return { client, connects: () => connects };
}

describe('campaign settings on both surfaces', () => {
  test('each bad setting is refused by the CLI flag and the tool argument with the same words, Temporal untouched', async () => {
    const { client, connects } = await mcpClient();
    for (const setting of BAD) {
      const result = await client.callTool({
        name: 'start_campaign',
        arguments: {
          contacts: [{ phone: '+14155550101', name: 'Ann' }],
          prompt: PROMPT,
          dry_run: false,
          [setting.argument]: setting.toolValue ?? setting.value,
        },
      });
      assert.equal(result.isError, true, setting.name);
      const text = (result.content as { text: string }[])[0]!.text;
      const prefix = `Invalid arguments (nothing was stored or called):\n- ${setting.argument}: `;
      assert.ok(text.startsWith(prefix), `${setting.name}: ${text}`);
      const words = text.slice(prefix.length);
      assert.ok(!words.includes('\n'), `${setting.name}: one problem (${text})`);
      assert.match(words, setting.says, setting.name);
      assert.equal(
        await cliRefusal(setting),
        `--${setting.flag}: ${words} (nothing was stored or called).`,
        setting.name,
      );
    }
    assert.equal(connects(), 0, 'Temporal was never asked');
  });

  test('the operation names every setting it refuses at once, by the setting (window for window.start)', () => {
    assert.throws(
      () =>
        campaignDefinition(
          { campaignId: 'x y', prompt: PROMPT, concurrency: 0, window: '07:00-20:00' },
          Date.now(),
        ),
      (err: unknown) => {
        assert.ok(err instanceof RequestFieldError);
        assert.deepEqual(
          err.problems.map((p) => p.field),
          ['campaignId', 'concurrency', 'window'],
        );
        assert.ok(err.problems.every((p) => p.message.length > 0 && !p.message.startsWith('window.')));
        return true;
      },
    );
  });
});
