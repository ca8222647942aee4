import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, test } from 'node:test';
import { installStaleCallGuard, isResendAfterClose } from '../../../chaos/stale-call-guard';

/** A process stand-in: an emitter whose exit records its code instead of ending the test. */
function fakeProcess() {
  const emitter = new EventEmitter();
  const exits: number[] = [];
  const proc = Object.assign(emitter, {
    exit: ((code: number) => {
      exits.push(code);
    }) as (code: number) => never,
  });
  return { proc, exits };
}

describe('the chaos runner’s stale-call guard', () => {
  test('lets a resend on a closed connection pass, with a line, and the run goes on', () => {
    const { proc, exits } = fakeProcess();
    const lines: string[] = [];
    installStaleCallGuard(proc, (l) => lines.push(l));
    proc.emit('uncaughtException', new Error('Channel has been shut down'));
    assert.deepEqual(exits, []);
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /resent after its connection closed/);
  });

  test('any other uncaught error ends the run with exit 1 and its stack', () => {
    const { proc, exits } = fakeProcess();
    const lines: string[] = [];
    installStaleCallGuard(proc, (l) => lines.push(l));
    proc.emit('uncaughtException', new TypeError('x is not a function'));
    assert.deepEqual(exits, [1]);
    assert.match(lines[0]!, /uncaught error, the run ends: TypeError: x is not a function/);
  });

  test('only that exact error is the stale resend', () => {
    assert.equal(isResendAfterClose(new Error('Channel has been shut down')), true);
    assert.equal(isResendAfterClose(new Error('Channel has been shut down!')), false);
    assert.equal(isResendAfterClose('Channel has been shut down'), false);
  });
});
