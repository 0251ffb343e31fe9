//! The settings object sent to the server: nested dotted keys, unset values left out, and wrong
//! types passed through untouched (the server owns validation and its one warning per key).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { serverSettings } from '../src/settings';

const from = (values: Record<string, unknown>) => serverSettings((key) => values[key]);

test('known keys are passed, dotted ones nested', () => {
  assert.deepEqual(
    from({ conceptSeverity: 'information', 'quiz.mode': 'multipleChoice', topics: ['django'], desiredRetention: 0.85 }),
    { conceptSeverity: 'information', quiz: { mode: 'multipleChoice' }, topics: ['django'], desiredRetention: 0.85 },
  );
});

test('extension-only and unset values are left out', () => {
  assert.deepEqual(
    from({ 'server.path': '/x', 'trace.server': 'verbose', interviewDate: null, dataDir: '', deckPaths: undefined }),
    {},
  );
});

test('wrong types reach the server as written', () => {
  assert.deepEqual(from({ topics: 5, pitfallSeverity: true }), { topics: 5, pitfallSeverity: true });
});
