import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, test } from 'node:test';
import { ConfigError } from '../../../common/process/config/parse-env';
import { createLogger } from '../../../common/process/logger';
import { createExtractorsFromConfig, loadOutcomeConfig } from '../../../outcome/config';
import {
  analysisExtractor,
  extractReservationOutcome,
  transcriptExtractor,
  type OutcomeExtractor,
} from '../../../outcome/extractors';
import type { CallFacts, TableWanted } from '../../../outcome/reservation';

const request: TableWanted = { partySize: 2, date: '2026-12-05', time: '19:00', name: 'Manav' };

const bookedAtHalfSeven = [
  { role: 'agent', content: "Hi, I'd like to book a table for two on Saturday at 7pm under Manav." },
  { role: 'user', content: "Seven's gone, but I could do half past seven." },
  { role: 'agent', content: 'Half past seven works, please book it.' },
  { role: 'user', content: 'Done, see you then.' },
];
/** Talk that the transcript reader cannot decide on its own. */
const mumbled = [
  { role: 'agent', content: "Hi, I'd like to book a table for two on Saturday at 7pm under Manav." },
  { role: 'user', content: 'Mm-hm. Mhm.' },
];

function call(overrides: Partial<CallFacts>): CallFacts {
  return { status: 'completed', disconnectionReason: 'user_hangup', transcript: [], ...overrides };
}

function capturingLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), lines };
}

describe('analysis extractor (AgentPhone summary)', () => {
  test('uses a decisive summary that the transcript bears out, with the lines it rests on', async () => {
    const outcome = await extractReservationOutcome({
      call: call({
        transcript: bookedAtHalfSeven,
        summary: 'Booked a table for 2 on Saturday at 7:30pm under the name Manav.',
        callSuccessful: true,
      }),
      request,
    });
    assert.equal(outcome.source, 'analysis');
    assert.equal(outcome.kind, 'booked');
    assert.ok(
      outcome.kind === 'booked' &&
        outcome.time === '19:30' &&
        outcome.partySize === 2 &&
        outcome.name === 'Manav',
    );
    assert.ok(outcome.evidence.some((l) => l.text.includes('see you then')));
  });

  test('decides from the summary when the transcript alone is unclear', async () => {
    const transcript = [...mumbled, { role: 'user', content: 'Hmm. The book says nine fifteen.' }];
    const input = {
      call: call({
        transcript,
        summary: 'The restaurant offered 9:15pm instead of 7pm.',
        callSuccessful: false,
      }),
      request,
    };
    const transcriptOnly = await extractReservationOutcome(input, { extractors: [transcriptExtractor] });
    assert.equal(transcriptOnly.kind, 'unclear');
    const outcome = await extractReservationOutcome(input);
    assert.equal(outcome.source, 'analysis');
    assert.deepEqual(outcome.kind === 'alternative_offered' && outcome.alternatives, [
      { date: '2026-12-05', time: '21:15' },
    ]);
  });

  test('ignores a booking summary that callSuccessful contradicts and reads the transcript instead', async () => {
    const outcome = await extractReservationOutcome({
      call: call({
        transcript: [
          ...mumbled.slice(0, 1),
          { role: 'user', content: "Yes, 7 is fine. Oh wait, no, sorry, we can't do it after all." },
        ],
        summary: 'Booked a table for 2 at 7pm.',
        callSuccessful: false,
      }),
      request,
    });
    assert.equal(outcome.source, 'transcript');
    assert.equal(outcome.kind, 'full');
  });

  test('ignores a summary that no transcript line supports', async () => {
    const result = await analysisExtractor.extract({
      call: call({ transcript: mumbled, summary: 'The restaurant asked us to call back after 5pm.' }),
      request,
      lines: [
        { index: 0, role: 'agent', text: 'Hi, a table for two please.' },
        { index: 1, role: 'callee', text: 'Mhm.' },
      ],
    });
    assert.equal(result, undefined);
  });

  test('passes when there is no summary', async () => {
    const result = await analysisExtractor.extract({ call: call({ summary: null }), request, lines: [] });
    assert.equal(result, undefined);
  });
});

describe('extractor chain', () => {
  test('classifies dial failures before any extractor runs', async () => {
    let ran = 0;
    const counting: OutcomeExtractor = { name: 'counting', extract: async () => (ran++, undefined) };
    const outcome = await extractReservationOutcome(
      { call: call({ status: 'failed', disconnectionReason: 'dial_busy' }), request },
      { extractors: [counting] },
    );
    assert.equal(outcome.kind, 'busy');
    assert.equal(ran, 0);
  });

  test('does not call a plain "failed" with talk in it a dial failure', async () => {
    const outcome = await extractReservationOutcome({
      call: call({ status: 'failed', disconnectionReason: 'error_unknown', transcript: bookedAtHalfSeven }),
      request,
    });
    assert.equal(outcome.kind, 'booked');
  });

  test('skips an extractor that throws, logs it, and uses the next answer', async () => {
    const { logger, lines } = capturingLogger();
    const broken: OutcomeExtractor = {
      name: 'broken',
      extract: async () => {
        throw new Error('model exploded');
      },
    };
    const outcome = await extractReservationOutcome(
      { call: call({ transcript: bookedAtHalfSeven }), request },
      { extractors: [broken, transcriptExtractor], logger },
    );
    assert.equal(outcome.kind, 'booked');
    assert.ok(lines.some((l) => l.includes('"extractor":"broken"') && l.includes('model exploded')));
  });

  test('lets a later extractor decide when an earlier one is unclear', async () => {
    const decisive: OutcomeExtractor = {
      name: 'decisive',
      extract: async (input) => ({
        kind: 'full',
        source: 'llm',
        reason: 'said so',
        evidence: input.lines.slice(1, 2),
      }),
    };
    const outcome = await extractReservationOutcome(
      { call: call({ transcript: mumbled }), request },
      { extractors: [transcriptExtractor, decisive] },
    );
    assert.equal(outcome.kind, 'full');
    assert.equal(outcome.source, 'llm');
  });

  test('returns the first unclear reason when nothing decides', async () => {
    const outcome = await extractReservationOutcome({ call: call({ transcript: mumbled }), request });
    assert.equal(outcome.kind, 'unclear');
    assert.match(outcome.reason, /no confirmation/);
    assert.deepEqual(
      outcome.evidence.map((l) => l.text),
      ['Mm-hm. Mhm.'],
    );
  });

  test('returns unclear for a call that has not ended', async () => {
    const outcome = await extractReservationOutcome({
      call: call({ status: 'in-progress', transcript: bookedAtHalfSeven }),
      request,
    });
    assert.equal(outcome.kind, 'unclear');
    assert.match(outcome.reason, /not ended/);
  });

  test('resolves "tomorrow" against endedAt in the given time zone, else against now', async () => {
    const transcript = [
      { role: 'agent', content: 'Hi, a table for two at 7pm under Manav please.' },
      { role: 'user', content: "Not today, but tomorrow at seven works. You're booked for tomorrow at 7." },
    ];
    // 03:00 UTC on the 5th is still the evening of the 4th in Los Angeles.
    const inLosAngeles = await extractReservationOutcome({
      call: call({ transcript, endedAt: '2026-12-05T03:00:00Z' }),
      request,
      timeZone: 'America/Los_Angeles',
    });
    assert.equal(inLosAngeles.kind === 'booked' && inLosAngeles.date, '2026-12-05');
    const fromNow = await extractReservationOutcome({
      call: call({ transcript }),
      request,
      now: '2026-12-05T10:00:00Z',
    });
    assert.equal(fromNow.kind === 'booked' && fromNow.date, '2026-12-06');
  });
});

describe('outcome config', () => {
  test('leaves the LLM off by default', () => {
    assert.deepEqual(loadOutcomeConfig({}), {});
    assert.deepEqual(
      createExtractorsFromConfig(loadOutcomeConfig({})).map((e) => e.name),
      ['analysis', 'transcript'],
    );
  });

  test('turns the LLM on, last in the chain, when endpoint and model are set', () => {
    const config = loadOutcomeConfig({
      RINGFLOW_LLM_BASE_URL: 'http://127.0.0.1:9/v1',
      RINGFLOW_LLM_MODEL: 'tiny',
      RINGFLOW_LLM_API_KEY: 'sk-test',
      RINGFLOW_LLM_TIMEOUT_MS: '2500',
    });
    assert.deepEqual(config.llm, {
      baseUrl: 'http://127.0.0.1:9/v1',
      model: 'tiny',
      apiKey: 'sk-test',
      timeoutMs: 2500,
    });
    assert.deepEqual(
      createExtractorsFromConfig(config).map((e) => e.name),
      ['analysis', 'transcript', 'llm'],
    );
  });

  test('refuses half an LLM configuration, naming the missing variable', () => {
    assert.throws(
      () => loadOutcomeConfig({ RINGFLOW_LLM_BASE_URL: 'http://127.0.0.1:9/v1' }),
      (err: Error) => err instanceof ConfigError && /RINGFLOW_LLM_MODEL/.test(err.message),
    );
    assert.throws(
      () => loadOutcomeConfig({ RINGFLOW_LLM_MODEL: 'tiny' }),
      (err: Error) => err instanceof ConfigError && /RINGFLOW_LLM_BASE_URL/.test(err.message),
    );
    assert.throws(
      () => loadOutcomeConfig({ RINGFLOW_LLM_BASE_URL: 'not a url', RINGFLOW_LLM_MODEL: 'tiny' }),
      (err: Error) =>
        err instanceof ConfigError && /RINGFLOW_LLM_BASE_URL: must be an absolute URL/.test(err.message),
    );
  });

  test('never puts the API key in a config error', () => {
    assert.throws(
      () => loadOutcomeConfig({ RINGFLOW_LLM_API_KEY: 'sk-very-secret' }),
      (err: Error) => err instanceof ConfigError && !err.message.includes('sk-very-secret'),
    );
  });
});
