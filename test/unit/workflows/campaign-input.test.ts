import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_OUTCOMES,
  DEFAULT_RETRY,
  checkDefinition,
  parseDays,
  parseDuration,
  parseRetry,
  parseWindowHours,
  renderTemplate,
  templateVariables,
} from '../../../workflows/campaign/input';

const valid = {
  campaignId: 'spring-reminders',
  prompt: 'Remind {{name}} of the {{ appointment }}.',
  concurrency: 5,
  window: { start: '09:00', end: '20:00', days: [1, 2, 3, 4, 5] },
  retry: DEFAULT_RETRY,
  deadlineMs: Date.parse('2026-12-20T00:00:00Z'),
  outcomes: DEFAULT_OUTCOMES,
};

describe('campaign definition', () => {
  test('templates name their variables, and render them from a row', () => {
    assert.deepEqual(templateVariables(valid.prompt), ['name', 'appointment']);
    assert.equal(
      renderTemplate(valid.prompt, { name: 'Ann', appointment: 'cleaning' }),
      'Remind Ann of the cleaning.',
    );
  });

  test('days, hours, durations and retries read as the CLI spells them', () => {
    assert.deepEqual(parseDays('mon-fri'), [1, 2, 3, 4, 5]);
    assert.deepEqual(parseDays('sat,sun'), [0, 6]);
    assert.deepEqual(parseDays('fri-mon'), [0, 1, 5, 6]);
    assert.throws(() => parseDays('mon-funday'), /not a day/);
    assert.deepEqual(parseWindowHours('09:00-20:00'), { start: '09:00', end: '20:00' });
    assert.throws(() => parseWindowHours('9-5'), /HH:MM-HH:MM/);
    assert.equal(parseDuration('2h'), 7_200_000);
    assert.throws(() => parseDuration('2 weeks'), /not a duration/);
    const retry = parseRetry('no-answer=3/2h,busy=2/30m,voicemail=1/1d');
    assert.deepEqual(retry.no_answer, { maxAttempts: 3, spacingMs: 7_200_000 });
    assert.deepEqual(retry.busy, { maxAttempts: 2, spacingMs: 1_800_000 });
    assert.deepEqual(retry.failed, DEFAULT_RETRY.failed, 'outcomes not named keep the default');
    assert.throws(() => parseRetry('hangup=2/1h'), /no-answer, busy, voicemail or failed/);
  });

  test('a valid definition passes; a window outside 08:00–21:00 or a bad concurrency names the field', () => {
    assert.equal(checkDefinition(valid).ok, true);
    const bad = checkDefinition({
      ...valid,
      concurrency: 0,
      window: { start: '07:30', end: '20:00', days: [1] },
    });
    assert.equal(bad.ok, false);
    const problems = bad.ok ? [] : bad.problems;
    assert.ok(
      problems.some((p) => p.startsWith('concurrency:')),
      problems.join('; '),
    );
    assert.ok(
      problems.some((p) => p.startsWith('window:') && /08:00 and 21:00/.test(p)),
      problems.join('; '),
    );
    const late = checkDefinition({ ...valid, window: { start: '20:00', end: '09:00', days: [1] } });
    assert.equal(late.ok, false);
  });
});
