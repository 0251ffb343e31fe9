//! Lens tooltips: the server's `data.details`, when it is a non-empty string.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { lensTooltip } from '../src/lens';

test('a lens tooltip is its data.details', () => {
  assert.equal(lensTooltip({ details: '⚠ N+1 queries · Generators' }), '⚠ N+1 queries · Generators');
  assert.equal(lensTooltip({ details: '' }), undefined);
  assert.equal(lensTooltip(undefined), undefined);
  assert.equal(lensTooltip({ details: 3 }), undefined);
});
