import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { QUICK_TARGET_SECONDS, wallTimeVerdict } from '../../../bench/wall-time-verdict';

describe("the bench runner's last line", () => {
  const quickRun = { quick: true, tablesOnly: false, every: true };

  test('a whole --quick run says whether it finished in under two minutes, with the load', () => {
    assert.equal(QUICK_TARGET_SECONDS, 120);
    assert.equal(
      wallTimeVerdict(97.4, quickRun, 0.42),
      'total wall time 97.4 s (load average 0.42): met the --quick target of under 120 s',
    );
    assert.equal(
      wallTimeVerdict(133, quickRun, 0.5),
      'total wall time 133 s (load average 0.5): MISSED the --quick target of under 120 s',
    );
    assert.match(
      wallTimeVerdict(120, quickRun, 0.5),
      /MISSED/,
      'two minutes exactly is not under two minutes',
    );
  });

  test('a full run, an --only run and --tables-only give the time without a verdict they cannot earn', () => {
    assert.equal(
      wallTimeVerdict(900, { quick: false, tablesOnly: false, every: true }, 1),
      'total wall time 900 s (load average 1)',
    );
    assert.match(
      wallTimeVerdict(30, { ...quickRun, every: false }, 1),
      /--only: the 120 s target is for the whole --quick run$/,
    );
    assert.match(wallTimeVerdict(2, { ...quickRun, tablesOnly: true }, 1), /--tables-only ran no benchmark$/);
  });
});
