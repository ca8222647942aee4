import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  judgeCorpusCase,
  loadCorpusSplit,
  scoreVerdicts,
  type CorpusSplit,
} from '../../../bench/corpus/reservation-transcripts/corpus';

/** Every outcome kind the extractor returns, so the corpus cannot quietly lose a class. */
const ALL_KINDS = [
  'booked',
  'alternative_offered',
  'full',
  'call_back',
  'no_answer',
  'busy',
  'voicemail',
  'failed',
  'unclear',
];

async function judge(split: CorpusSplit) {
  return Promise.all(loadCorpusSplit(split).map(judgeCorpusCase));
}

function describeMisses(verdicts: Awaited<ReturnType<typeof judge>>): string {
  return verdicts
    .filter((v) => !v.right)
    .map((v) => `${v.case.id} (${v.case.style}): ${v.mismatches.join('; ')}`)
    .join('\n');
}

describe('reservation transcript corpus', () => {
  test('has at least 150 transcripts, a held-out split of at least 50, and every outcome kind in both splits', () => {
    const heldout = loadCorpusSplit('heldout');
    const tuning = loadCorpusSplit('tuning');
    assert.ok(heldout.length + tuning.length >= 150, `${heldout.length + tuning.length} transcripts`);
    assert.ok(heldout.length >= 50, `${heldout.length} held out`);
    for (const split of [heldout, tuning]) {
      const kinds = new Set(split.map((c) => c.expect.kind));
      assert.deepEqual(
        ALL_KINDS.filter((k) => !kinds.has(k as never)),
        [],
        `kinds missing from ${split[0]?.split}`,
      );
    }
    const ids = [...heldout, ...tuning].map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length, 'transcript ids are unique');
  });

  test('reads every transcript of the tuning split right (kind and key fields)', async () => {
    const verdicts = await judge('tuning');
    assert.equal(describeMisses(verdicts), '');
  });

  test('reads at least 95% of the held-out split right, so a regression on unseen calls fails CI', async () => {
    const score = scoreVerdicts(await judge('heldout'));
    assert.ok(score.accuracy >= 0.95, `held-out accuracy ${(score.accuracy * 100).toFixed(1)}%`);
  });
});
