import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { parseSpeed, SimClock, toIsoSeconds } from '../../../simulator/clock';

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SimClock', () => {
  test('in realtime a timer waits for its time, and advance fires due timers in order', async () => {
    const clock = new SimClock('realtime');
    const fired: string[] = [];
    clock.after(60_000, () => fired.push('b'));
    clock.after(30_000, () => fired.push('a'));
    clock.after(90_000, () => fired.push('c'));
    await tick(20);
    assert.deepEqual(fired, []);
    const before = clock.now();
    clock.advance(60_000);
    assert.deepEqual(fired, ['a', 'b']);
    assert.ok(clock.now() - before >= 60_000);
    assert.equal(clock.pending(), 1);
    clock.stop();
  });

  test('instant fires on the next tick and jumps simulated time to the timer', async () => {
    const clock = new SimClock('instant');
    const start = clock.now();
    let firedAt = 0;
    clock.after(3_600_000, () => (firedAt = clock.now()));
    assert.equal(firedAt, 0, 'not synchronously');
    await tick(5);
    assert.ok(firedAt - start >= 3_600_000);
    clock.stop();
  });

  test('a speed factor divides the real wait', (t) => {
    // Mocked real time: the ratio is exact and no loaded machine can stretch it.
    t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: Date.parse('2026-12-01T10:00:00Z') });
    const clock = new SimClock(1000);
    const start = clock.now();
    let firedAt: number | undefined;
    clock.after(50_000, () => (firedAt = clock.now()));
    t.mock.timers.tick(49);
    assert.equal(firedAt, undefined, '49 ms of real time is 49 simulated seconds');
    t.mock.timers.tick(1);
    assert.equal(firedAt, start + 50_000, '50 ms of real time is 50 simulated seconds');
    clock.stop();
  });

  test('a cancelled timer never fires and a throwing one does not stop the others', async (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: Date.parse('2026-12-01T10:00:00Z') });
    const errors: unknown[] = [];
    const clock = new SimClock('instant', 0, (err) => errors.push(err));
    const fired: string[] = [];
    clock.after(10, () => fired.push('cancelled')).cancel();
    clock.after(20, () => {
      throw new Error('boom');
    });
    clock.after(30, () => fired.push('after'));
    // Each due time is its own wake-up of the clock, on the next turn of the event loop (instant
    // speed uses setImmediate): let the loop turn until no timer is left.
    while (clock.pending() > 0) await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(fired, ['after']);
    assert.equal(errors.length, 1);
    clock.stop();
  });

  test('speeds parse from the command line and timestamps have whole seconds', () => {
    assert.equal(parseSpeed('instant'), 'instant');
    assert.equal(parseSpeed('1'), 'realtime');
    assert.equal(parseSpeed('60'), 60);
    assert.throws(() => parseSpeed('fast'), /speed must be/);
    assert.equal(toIsoSeconds(Date.UTC(2026, 3, 19, 17, 20, 11, 999)), '2026-04-19T17:20:11Z');
  });
});
