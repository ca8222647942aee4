import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CORPUS_SPLITS, loadCorpusSplit } from '../../../bench/corpus/reservation-transcripts/corpus';
import { findSpokenOptOut } from '../../../outcome/spoken-opt-out';
import type { TranscriptTurn } from '../../../workflows/types';

/** What the person says, and whether it is an opt-out. */
const TABLE: [string, boolean][] = [
  ['Stop calling me.', true],
  ['Please stop calling me!', true],
  ['Can you stop calling this number', true],
  ['Quit calling me, seriously.', true],
  ['Take me off your list.', true],
  ['Could you take me off your calling list?', true],
  ['Remove me from your list please', true],
  ['Please remove my number from the list.', true],
  ["Don't call this number again.", true],
  ["Don't ever call me again", true],
  ['Do not call me anymore.', true],
  ['Never call me again.', true],
  ["Please don't call me.", true],
  ['Put me on your do not call list.', true],
  ['No more calls, thank you.', true],
  ['I want to opt out.', true],
  ['Stop texting me.', true],
  ["Uh, yeah, stop calling me, I'm not interested.", true],
  ["Don't stop, this is great.", false],
  ["I can't stop laughing!", false],
  ["Please don't stop calling, I love the updates.", false],
  ['Call me back later, I am driving.', false],
  ["Don't call me back, I'll call you tomorrow.", false],
  ['Yes, a table for two at seven works.', false],
  ['Stop by anytime after five.', false],
  ['The bus stop is right outside.', false],
  ['Is this on a list or something?', false],
];

const asPerson = (content: string): TranscriptTurn[] => [
  { role: 'agent', content: 'Hi, this is the assistant calling.' },
  { role: 'user', content },
];

describe('spoken opt-out reader', () => {
  for (const [words, optOut] of TABLE) {
    test(`"${words}" ${optOut ? 'is' : 'is not'} an opt-out`, () => {
      const found = findSpokenOptOut(asPerson(words));
      assert.equal(found !== undefined, optOut, JSON.stringify(found));
      if (found) assert.deepEqual(found, { index: 1, text: words });
    });
  }

  test("the agent's words are not the person's: an agent promising not to call again is no opt-out", () => {
    const transcript: TranscriptTurn[] = [
      { role: 'agent', content: "We'll stop calling you, and take you off the list." },
      { role: 'user', content: 'Okay thanks.' },
    ];
    assert.equal(findSpokenOptOut(transcript), undefined);
  });

  test('the first opt-out turn is the evidence', () => {
    const transcript: TranscriptTurn[] = [
      { role: 'user', content: 'Hello?' },
      { role: 'agent', content: 'Hi!' },
      { role: 'user', content: 'Take me off your list.' },
      { role: 'user', content: 'Stop calling me.' },
    ];
    assert.deepEqual(findSpokenOptOut(transcript), { index: 2, text: 'Take me off your list.' });
  });
});

test('no restaurant call of the 301-call corpus is read as an opt-out (false positives would drop venues)', () => {
  const hits = CORPUS_SPLITS.flatMap((split) => loadCorpusSplit(split)).flatMap((c) => {
    const transcript: TranscriptTurn[] = c.lines.map((line) => ({
      role: line.startsWith('A: ') ? 'agent' : 'user',
      content: line.slice(3),
    }));
    const found = findSpokenOptOut(transcript);
    return found ? [`${c.id}: ${found.text}`] : [];
  });
  assert.deepEqual(hits, []);
});
