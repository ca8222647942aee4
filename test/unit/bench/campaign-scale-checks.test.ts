/**
 * The scale benchmark's verdict: exact counts computed from each contact's persona, and every way a
 * run can be off (a doubled or missing call, a lost result, a wrong answer) reported.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { numberAt } from '../../../bench/campaign-numbers';
import { countMismatches, expectedCounts, type LedgerView } from '../../../bench/scale/expectations';
import { assertDialable } from '../../../agentphone/phone/dialable';
import { DEFAULT_CAMPAIGN_MIX } from '../../../simulator/callees/mix';
import type { CampaignStatus } from '../../../workflows/campaign/types';

const mix = { proportions: DEFAULT_CAMPAIGN_MIX, seed: 3 };
const phones = Array.from({ length: 500 }, (_, i) => numberAt(i));
const expected = expectedCounts(mix, 3, phones);

const exactStatus = (): CampaignStatus => ({
  campaignId: 'c',
  state: 'completed',
  total: 500,
  pending: 0,
  active: 0,
  done: 500,
  byState: { ...expected.byState },
  byAnswer: { ...expected.byAnswer },
  attempts: 500,
  concurrency: 20,
  deadlineMs: 0,
  etaMs: 0,
});
const exactLedger = (): LedgerView => ({
  outbound: 500,
  numbersCalled: 500,
  byCallCount: { '1': 500 },
  byPersona: { ...expected.byPersona },
});

describe('campaign scale checks', () => {
  test('benchmark numbers are distinct and dialable, past the N11 exchanges', () => {
    const many = Array.from({ length: 120_000 }, (_, i) => numberAt(i));
    assert.equal(new Set(many).size, many.length);
    for (const n of [many[0]!, many[99_999]!, many[109_999]!, many[110_000]!])
      assert.equal(assertDialable(n), n);
    assert.ok(!many.some((n) => n.slice(5, 8).endsWith('11')), 'no N11 exchange');
  });

  test('expected counts follow the personas: one result per contact, answers only for answered states', () => {
    const sum = (m: Record<string, number>) => Object.values(m).reduce((a, b) => a + b, 0);
    assert.equal(sum(expected.byPersona), 500);
    assert.equal(sum(expected.byState), 500);
    assert.equal(sum(expected.byAnswer), expected.byState.answered);
    assert.equal(expected.byAnswer.opted_out, expected.byPersona['stop-calling']);
    assert.equal(expected.byState.no_answer, expected.byPersona['no-answer']);
  });

  test('an exact run has no mismatch; each way of being off is named', () => {
    assert.deepEqual(countMismatches(expected, 500, exactStatus(), exactLedger()), []);

    const doubled = exactLedger();
    doubled.outbound = 501;
    doubled.byCallCount = { '1': 499, '2': 1 };
    doubled.byPersona.busy = (doubled.byPersona.busy ?? 0) + 1;
    assert.deepEqual(countMismatches(expected, 500, exactStatus(), doubled), [
      'simulator calls 501, expected 500',
      'numbers called n times 1: expected 500, got 499',
      'numbers called n times 2: expected 0, got 1',
      `calls answered by persona busy: expected ${expected.byPersona.busy}, got ${doubled.byPersona.busy}`,
    ]);

    const lost = exactStatus();
    lost.done = 499;
    lost.byState.answered! -= 1;
    lost.byAnswer.confirmed! -= 1;
    lost.attempts = 499;
    const problems = countMismatches(expected, 500, lost, exactLedger());
    assert.ok(problems.includes('results: 499 of 500 contacts'), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('answers confirmed: expected')));

    const misread = exactStatus();
    misread.byAnswer.confirmed! -= 1;
    misread.byAnswer.unclear = (misread.byAnswer.unclear ?? 0) + 1;
    assert.equal(countMismatches(expected, 500, misread, exactLedger()).length, 2);
    assert.deepEqual(countMismatches(expected, 500, { ...exactStatus(), state: 'running' }, exactLedger()), [
      'campaign state running, expected completed',
    ]);
  });
});
