import { test } from 'node:test';
import assert from 'node:assert/strict';
import { developmentNumberKeyer, numberKeyer } from '../../../common/process/number-key';

test('a number key is stable, unique per number and per secret, and never contains the number', () => {
  const keyOf = numberKeyer('a-secret-of-at-least-thirty-two-chars!');
  const key = keyOf('+14155550199');
  assert.match(key, /^n[a-z2-7]{26}$/);
  assert.equal(keyOf('+14155550199'), key, 'the same number gives the same key in every process');
  assert.notEqual(keyOf('+14155550198'), key);
  assert.notEqual(numberKeyer('another-secret-of-at-least-thirty-two!')('+14155550199'), key);
  assert.notEqual(developmentNumberKeyer('+14155550199'), key);
  assert.doesNotMatch(key, /4155550199/);
});
