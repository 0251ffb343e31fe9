//! The crash budget that keeps a broken server from a restart loop.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { RestartPolicy } from '../src/restartPolicy';

test('four restarts in three minutes, then none', () => {
  let now = 0;
  const policy = new RestartPolicy(4, 180_000, () => now);
  const answers = [1, 2, 3, 4, 5].map(() => {
    now += 1000;
    return policy.crashed();
  });
  assert.deepEqual(answers, [true, true, true, true, false]);
});

test('old crashes fall out of the window; a user restart resets the budget', () => {
  let now = 0;
  const policy = new RestartPolicy(2, 1000, () => now);
  assert.equal(policy.crashed(), true);
  assert.equal(policy.crashed(), true);
  now = 5000;
  assert.equal(policy.crashed(), true, 'earlier crashes are outside the window');
  assert.equal(policy.crashed(), true);
  assert.equal(policy.crashed(), false);
  policy.reset();
  assert.equal(policy.crashed(), true);
});
