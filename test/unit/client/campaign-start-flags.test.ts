import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { usageRefusal } from '../../helpers/usage-refusal';
import { main } from '../../../client/commands/campaign';
import { definitionFromFlags } from '../../../client/campaign/definition-flags';
import { statusLines } from '../../../client/campaign/report';
import {
  BudgetLedger,
  budgetProblem,
  callCharge,
  emptyBudgetCarry,
} from '../../../workflows/campaign/budget';

// Nothing here may reach Temporal: TEMPORAL_ADDRESS points nowhere, so a connection attempt fails loudly.
process.env.TEMPORAL_ADDRESS = '127.0.0.1:1';

const refusal = (argv: string[]) => usageRefusal(main, argv);

async function base() {
  const dir = await mkdtemp(join(tmpdir(), 'campaign-budget-'));
  const contacts = join(dir, 'contacts.csv');
  await writeFile(contacts, 'phone,name\n+14155550101,Ann\n');
  const prompt = join(dir, 'p.txt');
  await writeFile(prompt, 'Remind {{name}}.');
  return { argv: ['start', '--file', contacts, '--prompt-file', prompt], prompt };
}

describe('campaign --voicemail', () => {
  test('the dry run shows each first call’s rendered voicemail; a variable the row lacks is reported', async () => {
    const { argv } = await base();
    const lines: string[] = [];
    // Commands print through CommandOutput, which writes to process.stdout.
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = (chunk: string) => (lines.push(String(chunk)), true);
    try {
      await main([...argv, '--voicemail', 'Hi {{name}}, please call us back.', '--dry-run']);
      await main([...argv, '--dry-run']);
      await main([...argv, '--voicemail', 'Hi {{nickname}}.', '--dry-run']);
    } finally {
      process.stdout.write = write;
    }
    const out = lines.join('\n');
    assert.match(out, /voicemail: Hi Ann, please call us back\./);
    assert.match(out, /voicemail: \(hang up, no message\)/);
    assert.match(out, /missing variable — no value for \{\{nickname\}\}/);
    assert.match(
      await refusal([...argv, '--voicemail', 'x'.repeat(1001)]),
      /^--voicemail: .*1000 characters/,
    );
  });
});

describe('campaign --follow-up', () => {
  test('the dry run shows each first row’s follow-up texts; a bad key or file is refused by the flag', async () => {
    const { argv, prompt } = await base();
    const dir = join(prompt, '..');
    await writeFile(join(dir, 'yes.txt'), 'Thanks {{name}}!\n');
    await writeFile(join(dir, 'missed.txt'), 'Sorry we missed you, {{name}}.');
    await writeFile(join(dir, 'odd.txt'), 'Hello {{surname}}.');
    const lines: string[] = [];
    // Commands print through CommandOutput, which writes to process.stdout.
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = (chunk: string) => (lines.push(String(chunk)), true);
    try {
      const code = await main([
        ...argv,
        '--follow-up',
        `confirmed=${join(dir, 'yes.txt')},no-answer=${join(dir, 'missed.txt')}`,
        '--dry-run',
      ]);
      assert.equal(code, 0);
      await main([...argv, '--follow-up', `declined=${join(dir, 'odd.txt')}`, '--dry-run']);
    } finally {
      process.stdout.write = write;
    }
    const out = lines.join('\n');
    assert.match(out, /SMS if confirmed: Thanks Ann!/);
    assert.match(out, /SMS if no answer: Sorry we missed you, Ann\./);
    assert.match(out, /missing variable — no value for \{\{surname\}\}/);
    assert.match(
      await refusal([...argv, '--follow-up', `maybe=${join(dir, 'yes.txt')}`]),
      /^--follow-up: "maybe" is neither an answer/,
    );
    assert.match(
      await refusal([...argv, '--follow-up', `confirmed=${join(dir, 'none.txt')}`]),
      /^--follow-up: ENOENT/,
    );
    assert.match(
      await refusal([...argv, '--follow-up', 'confirmed']),
      /^--follow-up: "confirmed" is not outcome=file/,
    );
  });
});

describe('campaign budget flags', () => {
  test('start and update refuse a bad budget by its flag before Temporal is reached', async () => {
    const { argv } = await base();
    assert.match(
      await refusal([...argv, '--budget-minutes', '0']),
      /^--budget-minutes: "0" is not a positive/,
    );
    assert.match(await refusal([...argv, '--budget-usd', 'lots']), /^--budget-usd: "lots" is not a positive/);
    assert.match(await refusal([...argv, '--price-per-minute', '0']), /^--price-per-minute: /);
    assert.match(await refusal([...argv, '--max-call-minutes', '999']), /^--max-call-minutes: .*at most 240/);
    assert.match(await refusal(['update', 'spring', '--budget-minutes=-5']), /^--budget-minutes: /);
    assert.match(await refusal(['update', 'spring', '--price-per-minute', '0.2']), /set at start/);
  });

  test('the flags become the definition’s budget, price and worst-case call length', async () => {
    const { prompt } = await base();
    const { definition } = await definitionFromFlags(
      {
        promptFile: prompt,
        budgetMinutes: '500',
        budgetUsd: '$49.90',
        pricePerMinute: '0.22',
        maxCallMinutes: '5',
      },
      Date.now(),
    );
    assert.deepEqual(definition.budget, { minutes: 500, usd: 49.9 });
    assert.equal(definition.pricePerMinuteUsd, 0.22);
    assert.equal(definition.maxCallMinutes, 5);
    const plain = await definitionFromFlags({ promptFile: prompt }, Date.now());
    assert.equal(plain.definition.budget, undefined);
  });

  test('calls are billed per second with a 1¢ minimum; unanswered calls cost nothing', () => {
    assert.deepEqual(callCharge(0, 0.13), { billedSeconds: 0, costMicros: 0 });
    assert.deepEqual(callCharge(null, 0.13), { billedSeconds: 0, costMicros: 0 });
    assert.deepEqual(callCharge(2, 0.13), { billedSeconds: 2, costMicros: 10_000 });
    assert.deepEqual(callCharge(90.2, 0.13), { billedSeconds: 91, costMicros: 197_167 });
  });

  test('a new budget may not be below what is already spent', () => {
    const ledger = new BudgetLedger(
      emptyBudgetCarry(),
      () => ({ minutes: 10 }),
      () => ({ pricePerMinuteUsd: 0.13, maxCallMinutes: 2 }),
    );
    ledger.report(1, { billedSeconds: 180, costMicros: 390_000 });
    assert.match(
      String(ledger.problemOf({ minutes: 2 })),
      /^budget\.minutes: 2 is below the 3 minutes already spent/,
    );
    assert.match(
      String(ledger.problemOf({ usd: 0.2 })),
      /^budget\.usd: \$0\.2 is below the \$0\.39 already spent/,
    );
    assert.equal(ledger.problemOf({ minutes: 3 }), undefined);
    assert.equal(budgetProblem({ minutes: 3 }), undefined);
  });

  test('status shows what is spent and what is left of the budget', () => {
    const lines = statusLines({
      campaignId: 'spring',
      state: 'running',
      total: 10,
      pending: 5,
      active: 2,
      done: 3,
      byState: { answered: 3 },
      byAnswer: { confirmed: 3 },
      attempts: 3,
      concurrency: 2,
      deadlineMs: Date.parse('2026-12-20T00:00:00Z'),
      etaMs: null,
      spend: {
        billedMinutes: 12.5,
        usd: 1.63,
        reservedCalls: 2,
        budget: { minutes: 100, usd: 20, minutesLeft: 87.5, usdLeft: 18.37 },
      },
      unstartedAs: null,
    });
    assert.match(
      lines.join('\n'),
      /spent 12\.5 min \(\$1\.63\); budget 100 min \/ \$20\.00, left 87\.5 min \/ \$18\.37; 2 calls reserved/,
    );
  });
});
