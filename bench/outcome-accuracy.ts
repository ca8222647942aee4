/**
 * How often the outcome extractor reads a reservation call right, on the hand-written corpus in
 * bench/corpus/reservation-transcripts/ (not a timing benchmark).
 *
 *   node --import tsx bench/outcome-accuracy.ts [--split heldout|tuning|all] [--json] [--misses]
 *
 * For each split: overall accuracy (kind and key fields right), kind-only accuracy, per-class
 * precision/recall, and the confusion matrix of kinds (rows: expected, columns: read). `--misses` lists
 * each transcript read wrong with what differed; `--json` prints the scores as JSON instead.
 */
import { parseArgs } from 'node:util';
import {
  CORPUS_SPLITS,
  judgeCorpusCase,
  loadCorpusSplit,
  scoreVerdicts,
  type CorpusScore,
  type CorpusSplit,
  type CorpusVerdict,
} from '../bench/corpus/reservation-transcripts/corpus';

const { values } = parseArgs({
  options: {
    split: { type: 'string', default: 'all' },
    json: { type: 'boolean', default: false },
    misses: { type: 'boolean', default: false },
  },
});
const wanted = values.split;
if (wanted !== 'all' && !CORPUS_SPLITS.includes(wanted as CorpusSplit)) {
  console.error(`--split must be one of ${[...CORPUS_SPLITS, 'all'].join(', ')} (got "${wanted}")`);
  process.exit(2);
}
const splits: CorpusSplit[] = wanted === 'all' ? [...CORPUS_SPLITS] : [wanted as CorpusSplit];

const results: Record<string, { score: CorpusScore; misses: CorpusVerdict[] }> = {};
for (const split of splits) {
  const verdicts = await Promise.all(loadCorpusSplit(split).map(judgeCorpusCase));
  results[split] = { score: scoreVerdicts(verdicts), misses: verdicts.filter((v) => !v.right) };
}

if (values.json) {
  const out = Object.fromEntries(
    Object.entries(results).map(([split, r]) => [
      split,
      { ...r.score, misses: r.misses.map((m) => ({ id: m.case.id, mismatches: m.mismatches })) },
    ]),
  );
  console.log(JSON.stringify(out, null, 2));
} else {
  for (const [split, { score, misses }] of Object.entries(results)) {
    console.log(printScore(split, score));
    if (values.misses) {
      for (const m of misses) console.log(`  ✗ ${m.case.id} (${m.case.style}): ${m.mismatches.join('; ')}`);
    }
    console.log();
  }
}

function printScore(split: string, s: CorpusScore): string {
  const pct = (x: number) => (Number.isNaN(x) ? '   -  ' : `${(x * 100).toFixed(1).padStart(5)}%`);
  const short: Record<string, string> = { alternative_offered: 'alternative', no_answer: 'no_answer' };
  const label = (k: string) => (short[k] ?? k).padEnd(11);
  const present = s.kinds.filter(
    (k) => s.perClass[k]!.support > 0 || Object.values(s.confusion).some((row) => row[k]! > 0),
  );
  const out = [
    `== ${split}: ${s.right}/${s.total} right, accuracy ${pct(s.accuracy)} (kind only ${pct(s.kindAccuracy)})`,
    `${'class'.padEnd(11)}  precision  recall  support`,
    ...present.map(
      (k) =>
        `${label(k)}  ${pct(s.perClass[k]!.precision)}    ${pct(s.perClass[k]!.recall)}  ${String(s.perClass[k]!.support).padStart(5)}`,
    ),
    '',
    `confusion (rows expected, columns read): ${present.map((k, i) => `${i + 1}=${k}`).join(' ')}`,
    `${''.padEnd(11)} ${present.map((_, i) => String(i + 1).padStart(4)).join('')}`,
    ...present.map(
      (k) => `${label(k)} ${present.map((j) => String(s.confusion[k]![j]).padStart(4)).join('')}`,
    ),
  ];
  return out.join('\n');
}
